# SPDX-License-Identifier: EUPL-1.2
"""``balai documents dev-ca | cert-status | verify``."""

from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from balai.accounts.tests.factories import AgencyFactory
from balai.cases.documents import selectors
from balai.cases.documents.tests.pdf_support import append_text_update


def _run(*args: str) -> str:
    out = StringIO()
    call_command("documents", *args, stdout=out)
    return out.getvalue()


def test_dev_ca_creates_certificates_for_every_active_agency_once(db, tmp_path):
    AgencyFactory(code="disdukcapil")
    AgencyFactory(code="dpmptsp")
    AgencyFactory(code="dinas-tutup", is_active=False)
    directory = tmp_path / "pki"

    first = _run("dev-ca", "--dir", str(directory))
    second = _run("dev-ca", "--dir", str(directory))

    assert "development CA: created" in first
    assert "created  disdukcapil" in first and "created  dpmptsp" in first
    assert "dinas-tutup" not in first
    assert "development CA: present" in second and "created " not in second
    assert sorted(p.name for p in directory.iterdir()) == [
        "ca.cert.pem",
        "ca.key.pem",
        "disdukcapil.cert.pem",
        "disdukcapil.key.pem",
        "dpmptsp.cert.pem",
        "dpmptsp.key.pem",
    ]


def test_dev_ca_refuses_unknown_agencies_and_production(db, tmp_path, settings):
    with pytest.raises(CommandError, match="unknown agency"):
        _run("dev-ca", "--dir", str(tmp_path), "--agency", "tidak-ada")
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        _run("dev-ca", "--dir", str(tmp_path))


def test_cert_status_lists_agencies_with_and_without_certificates(agency, db):
    AgencyFactory(code="dinas-baru")

    out = _run("cert-status")

    assert "disdukcapil" in out and "expires" in out
    assert "dinas-baru" in out and "no certificate" in out
    assert "1 active agency cannot sign." in out


def test_verify_command_accepts_a_genuine_file_and_rejects_a_forged_one(
    issue, tmp_path
):
    data = selectors.document_pdf(issue())
    genuine, forged = tmp_path / "asli.pdf", tmp_path / "palsu.pdf"
    genuine.write_bytes(data)
    forged.write_bytes(append_text_update(data, "PALSU"))

    assert "outcome: authentic" in _run("verify", str(genuine))
    with pytest.raises(CommandError, match="not an authentic"):
        _run("verify", str(forged))
