# SPDX-License-Identifier: EUPL-1.2
"""Synthetic issued documents: a registered row without signing (for access tests);
tests of signing use ``document_issue`` itself."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

import factory

from balai.accounts.tests.factories import AgencyFactory
from balai.cases.documents.codes import new_code
from balai.cases.documents.models import IssuedDocument, dump_fields

PLACEHOLDER_PDF = b"%PDF-1.4\n% placeholder, not signed\n%%EOF\n"


class IssuedDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuedDocument

    code = factory.LazyFunction(new_code)
    agency = factory.SubFactory(AgencyFactory)
    template = "surat-keterangan"
    title_id = "Surat Keterangan Domisili"
    title_en = "Certificate of Domicile"
    number = factory.Sequence(lambda n: f"3273-SKD-28112026-{n:04d}")
    reference = factory.Sequence(lambda n: f"PMH-2026-{n:06d}")
    holder_name = "Siti Rahmawati"
    holder_initials = "S. R."
    fields = dump_fields([("Nama", "Siti Rahmawati"), ("Keperluan", "Uji")])
    pdf = factory.LazyFunction(lambda: ContentFile(PLACEHOLDER_PDF, name="x.pdf"))
    size = len(PLACEHOLDER_PDF)
    sha256 = hashlib.sha256(PLACEHOLDER_PDF).hexdigest()
    issued_at = factory.LazyFunction(timezone.now)
    signer_subject = "CN=Uji,C=ID"
    signer_serial = "1"
    signer_fingerprint = "0" * 64


def matrix_document(w: dict[str, Any]) -> IssuedDocument:
    """The document the access matrix opens, made once per world."""
    if "issued_document" not in w:
        w["issued_document"] = IssuedDocumentFactory()
    return w["issued_document"]
