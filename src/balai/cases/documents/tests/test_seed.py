# SPDX-License-Identifier: EUPL-1.2
"""The demo seeder: certificates for the demo agencies and one sample document."""

from __future__ import annotations

from balai.accounts.tests.factories import AgencyFactory
from balai.cases.documents.constants import Outcome
from balai.cases.documents.models import IssuedDocument
from balai.cases.documents.seed import SAMPLE_REFERENCE, seed_documents
from balai.cases.documents.verification import verify_code
from balai.core.seeding import make_context


def test_seeder_makes_certificates_and_a_sample_document_once(db, settings, tmp_path):
    settings.SIGNING_DIR = tmp_path / "pki"
    settings.SIGNING_TRUST_ROOTS = []
    AgencyFactory(code="disdukcapil")
    AgencyFactory(code="bapenda")
    lines: list[str] = []
    context = make_context(residents=0, seed=1, write=lines.append, progress=False)

    seed_documents(context)
    seed_documents(context)

    assert (tmp_path / "pki" / "bapenda.cert.pem").exists()
    sample = IssuedDocument.objects.get(reference=SAMPLE_REFERENCE)
    assert verify_code(sample.code).outcome == Outcome.AUTHENTIC
    assert sum("created" in line for line in lines) == 1
    assert any(sample.code in line for line in lines)


def test_seeder_does_nothing_in_production(db, settings, tmp_path):
    settings.PRODUCTION = True
    settings.SIGNING_DIR = tmp_path / "pki"
    AgencyFactory(code="disdukcapil")

    seed_documents(make_context(residents=0, seed=1, write=print, progress=False))

    assert not (tmp_path / "pki").exists()
    assert not IssuedDocument.objects.exists()
