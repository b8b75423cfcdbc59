# SPDX-License-Identifier: EUPL-1.2
"""The development CA, and loading certificates the way production does."""

from __future__ import annotations

import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID

from balai.accounts.tests.factories import AgencyFactory
from balai.cases.documents import selectors
from balai.cases.documents.constants import Outcome
from balai.cases.documents.pki.devca import (
    ADOBE_DOCUMENT_SIGNING,
    ensure_dev_pki,
)
from balai.cases.documents.pki.store import (
    CredentialError,
    certificate_status,
    load_credential,
    trust_roots,
)
from balai.cases.documents.tests.pdf_support import self_made_credential
from balai.cases.documents.verification import verify_pdf


def _agency(code: str):
    return AgencyFactory(code=code, name=f"Dinas {code}")


def test_dev_ca_writes_private_keys_0600_and_proper_certificates(db, tmp_path):
    directory = tmp_path / "pki"

    report = ensure_dev_pki(directory, [_agency("dinas-a")])

    assert report.ca_created and report.created == ["dinas-a"]
    for name in ("ca.key.pem", "dinas-a.key.pem"):
        assert stat.S_IMODE((directory / name).stat().st_mode) == 0o600
    chain = x509.load_pem_x509_certificates(
        (directory / "dinas-a.cert.pem").read_bytes()
    )
    leaf, ca = chain
    usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert not usage.key_cert_sign
    eku = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ADOBE_DOCUMENT_SIGNING in eku and ExtendedKeyUsageOID.EMAIL_PROTECTION in eku
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert leaf.issuer == ca.subject


def test_dev_ca_is_idempotent_and_only_adds_missing_agencies(db, tmp_path):
    directory = tmp_path / "pki"
    first = _agency("dinas-a")
    ensure_dev_pki(directory, [first])
    before = (directory / "dinas-a.cert.pem").read_bytes()

    again = ensure_dev_pki(directory, [_agency("dinas-b"), first])

    assert not again.ca_created
    assert again.created == ["dinas-b"] and again.existing == ["dinas-a"]
    assert (directory / "dinas-a.cert.pem").read_bytes() == before


def test_rsa_keys_are_3072_bits(db, tmp_path):
    directory = tmp_path / "pki"
    ensure_dev_pki(directory, [_agency("dinas-rsa")], key_type="rsa")

    cert = x509.load_pem_x509_certificate(
        (directory / "dinas-rsa.cert.pem").read_bytes()
    )
    assert cert.public_key().key_size == 3072


def test_a_pkcs12_file_with_its_passphrase_signs(
    issue, agency, signing_pki, monkeypatch
):
    credential = load_credential(agency.code)
    bundle = pkcs12.serialize_key_and_certificates(
        b"disdukcapil",
        credential.key,
        credential.certificate,
        list(credential.chain),
        serialization.BestAvailableEncryption(b"rahasia-uji"),
    )
    for suffix in (".key.pem", ".cert.pem"):
        (signing_pki.directory / f"{agency.code}{suffix}").unlink()
    (signing_pki.directory / f"{agency.code}.p12").write_bytes(bundle)
    monkeypatch.setenv("BALAI_SIGNING_PASSPHRASE_DISDUKCAPIL", "rahasia-uji")

    document = issue()

    assert document.signer_fingerprint == credential.fingerprint
    assert verify_pdf(selectors.document_pdf(document)).outcome == Outcome.AUTHENTIC


def test_a_wrong_passphrase_is_reported_not_ignored(agency, signing_pki, monkeypatch):
    credential = load_credential(agency.code)
    encrypted = credential.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"benar"),
    )
    (signing_pki.directory / f"{agency.code}.key.pem").write_bytes(encrypted)
    monkeypatch.setenv("BALAI_SIGNING_PASSPHRASE_DISDUKCAPIL", "salah")

    with pytest.raises(CredentialError, match="BALAI_SIGNING_PASSPHRASE_DISDUKCAPIL"):
        load_credential(agency.code)
    assert certificate_status(agency.code).error


def test_trust_roots_come_from_the_setting_when_given(issue, settings, tmp_path):
    document = issue()
    assert len(trust_roots()) == 1  # the dev CA in the signing directory
    other = tmp_path / "roots.pem"
    other.write_bytes(
        self_made_credential().certificate.public_bytes(serialization.Encoding.PEM)
    )
    settings.SIGNING_TRUST_ROOTS = [str(other)]

    assert len(trust_roots()) == 1
    outcome = verify_pdf(selectors.document_pdf(document)).outcome
    assert outcome == Outcome.UNTRUSTED  # the dev CA is no longer trusted


def test_an_unreadable_trust_root_file_trusts_nothing(db, settings, tmp_path):
    broken = tmp_path / "roots.pem"
    broken.write_bytes(b"-----BEGIN CERTIFICATE-----\nrusak\n")
    settings.SIGNING_TRUST_ROOTS = [str(broken)]

    assert trust_roots() == []


def test_certificate_status_reports_expiry(agency):
    status = certificate_status(agency.code)

    assert status.present and status.days_left >= 360
    assert "disdukcapil" in status.subject
    assert not certificate_status("tanpa-sertifikat").present
