# SPDX-License-Identifier: EUPL-1.2
"""Demo data: development signing certificates for the demo agencies, and one
sample document to try the verification page with. Idempotent; never in production.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from balai.accounts.models import Agency
from balai.cases.documents.codes import verification_url
from balai.cases.documents.pki.devca import ensure_dev_pki
from balai.cases.documents.pki.store import signing_dir
from balai.cases.documents.selectors import documents_for_reference
from balai.cases.documents.services import document_issue
from balai.core.seeding import SeedContext

SAMPLE_REFERENCE = "DEMO-2026-000001"


def seed_documents(context: SeedContext) -> None:
    if settings.PRODUCTION:
        return
    agencies = list(Agency.objects.filter(is_active=True).select_related("unit"))
    report = ensure_dev_pki(signing_dir(), agencies)
    if report.ca_created or report.created:
        context.write(
            f"Signing certificates (development CA) in {signing_dir()}: "
            f"{len(report.created)} created."
        )
    sample = _sample_document()
    if sample is not None:
        context.write(f"Sample issued document: {verification_url(sample.code)}")


def _sample_document() -> object | None:
    existing = documents_for_reference(SAMPLE_REFERENCE).first()
    if existing is not None:
        return existing
    agency = Agency.objects.filter(code="disdukcapil").select_related("unit").first()
    if agency is None:
        return None
    with transaction.atomic():
        return document_issue(
            agency=agency,
            template="surat-keterangan",
            title_id="Surat Keterangan Domisili",
            title_en="Certificate of Domicile",
            number="3273-SKD-28112026-0001",
            reference=SAMPLE_REFERENCE,
            holder_name="Siti Rahmawati",
            fields=[
                ("Nama", "Siti Rahmawati"),
                ("Tempat/Tanggal Lahir", "Bandung, 17 Agustus 1990"),
                ("Alamat", "Jl. Dago No. 10, RT 002/RW 005, Kel. Dago, Kec. Coblong"),
                ("Keperluan", "Persyaratan administrasi (data contoh)"),
            ],
            issued_by=None,  # the demo system; in service, the approving officer
            valid_until=timezone.localdate() + dt.timedelta(days=180),
        )
