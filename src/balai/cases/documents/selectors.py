# SPDX-License-Identifier: EUPL-1.2
"""Reads of issued documents, for cases (which checks who may download what)."""

from __future__ import annotations

from django.db.models import QuerySet

from balai.cases.documents.codes import normalise_code
from balai.cases.documents.models import IssuedDocument


def document_pdf(document: IssuedDocument) -> bytes:
    """The signed PDF's bytes, exactly as issued (the caller checks access)."""
    with document.pdf.open("rb") as handle:
        return handle.read()


def document_by_code(code: str) -> IssuedDocument | None:
    """The document with this verification code (typed loosely), or None."""
    canonical = normalise_code(code)
    if canonical is None:
        return None
    return (
        IssuedDocument.objects.select_related("agency", "agency__unit")
        .filter(code=canonical)
        .first()
    )


def documents_for_reference(reference: str) -> QuerySet[IssuedDocument]:
    """Every document issued for an application number, newest first."""
    return IssuedDocument.objects.select_related("agency").filter(
        reference=reference.strip()
    )
