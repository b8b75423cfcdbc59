# SPDX-License-Identifier: EUPL-1.2
"""The signed output document of a completed application, from issued documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from balai.cases.constants import Status
from balai.cases.models import Application
from balai.core.errors import NotFound

if TYPE_CHECKING:
    from balai.cases.documents.models import IssuedDocument


def output_document(application: Application) -> IssuedDocument:
    """The issued document of a completed application (NotFound when none)."""
    if application.status != Status.COMPLETED or not application.issued_document_id:
        raise NotFound(_("This application has no issued document."))
    from balai.cases.documents.selectors import documents_for_reference

    for document in documents_for_reference(application.number or ""):
        if document.pk == application.issued_document_id:
            return document
    raise NotFound(_("This application has no issued document."))


def output_pdf(application: Application) -> bytes:
    """The signed PDF's bytes; callers have checked the reader is the applicant."""
    from balai.cases.documents.selectors import document_pdf

    return document_pdf(output_document(application))
