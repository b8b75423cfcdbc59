# SPDX-License-Identifier: EUPL-1.2
"""A development certificate authority and one signing certificate per agency.

Never for production: a real deployment signs with certificates from a recognised
PSrE (for government, BSrE/BSSN) and only drops the files into ``SIGNING_DIR``. The
dev CA mirrors their shape so the same code paths run: a root CA (keyCertSign), and
agency certificates for document signing (digitalSignature + nonRepudiation; EKU
Adobe documentSigning and emailProtection). Idempotent: only missing files are made.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from balai.cases.documents.pki.store import (
    CA_CERT_FILE,
    CA_KEY_FILE,
    credential_paths,
)

KEY_TYPES = ("ec", "rsa")
# Adobe's "Authentic Documents Trust" document-signing EKU, understood by PDF readers.
ADOBE_DOCUMENT_SIGNING = x509.ObjectIdentifier("1.2.840.113583.1.1.5")
CA_DAYS = 3650
AGENCY_DAYS = 730


class DevCaError(Exception):
    """The development CA cannot issue (its key is missing, say)."""


@dataclass
class DevPkiReport:
    ca_created: bool = False
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)


def new_key(key_type: str) -> Any:
    """EC P-256 (fast, small) or RSA 3072 (what most national CAs still issue)."""
    if key_type == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=3072)
    if key_type == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    raise ValueError(f"key type must be one of {KEY_TYPES}, not {key_type!r}")


def _name(common_name: str, *, unit: str = "", organisation: str = "") -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "ID")]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if unit:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


def _usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signer,
        content_commitment=signer,  # nonRepudiation
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


def _write_private(path: Path, data: bytes) -> None:
    """Create ``path`` with mode 0600 from the start (never briefly world-readable)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _key_pem(key: Any) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _cert_pem(*certs: x509.Certificate) -> bytes:
    return b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in certs)


def ensure_ca(directory: Path, *, key_type: str = "ec") -> bool:
    """Create the development root CA in ``directory`` unless it exists."""
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / CA_CERT_FILE, directory / CA_KEY_FILE
    if cert_path.exists():
        return False
    key = new_key(key_type)
    subject = _name(
        "Balai Development Root CA",
        unit="NOT FOR PRODUCTION",
        organisation=settings.GOVERNMENT_UNIT_NAME,
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(signer=False), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, _key_pem(key))
    cert_path.write_bytes(_cert_pem(cert))
    return True


def _load_ca(directory: Path) -> tuple[Any, x509.Certificate]:
    key_path = directory / CA_KEY_FILE
    if not key_path.exists():
        raise DevCaError(
            f"{key_path} is missing: this directory's CA cannot issue certificates "
            "(a production trust root has no key here)."
        )
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    cert = x509.load_pem_x509_certificate((directory / CA_CERT_FILE).read_bytes())
    return key, cert


def ensure_agency_certificate(
    directory: Path,
    *,
    code: str,
    name: str,
    organisation: str,
    key_type: str = "ec",
    days: int = AGENCY_DAYS,
) -> bool:
    """Issue ``<code>.key.pem``/``<code>.cert.pem`` from the dev CA unless the agency
    already has a credential (PEM or PKCS#12)."""
    paths = credential_paths(code, directory)
    if paths["p12"].exists() or paths["cert"].exists():
        return False
    ca_key, ca_cert = _load_ca(directory)
    key = new_key(key_type)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name[:64], unit=code[:64], organisation=organisation[:64]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(
            min(now + dt.timedelta(days=days), ca_cert.not_valid_after_utc)
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(signer=True), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage(
                [ADOBE_DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]
            ),
            critical=False,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths["key"].unlink(missing_ok=True)  # a stray key without its certificate
    _write_private(paths["key"], _key_pem(key))
    paths["cert"].write_bytes(_cert_pem(cert, ca_cert))
    return True


def ensure_dev_pki(
    directory: Path,
    agencies: Iterable[Any],
    *,
    key_type: str = "ec",
    days: int = AGENCY_DAYS,
) -> DevPkiReport:
    """The CA plus a certificate for each agency (``code``, ``name``, ``unit.name``)."""
    report = DevPkiReport(ca_created=ensure_ca(directory, key_type=key_type))
    for agency in agencies:
        unit = getattr(getattr(agency, "unit", None), "name", "") or ""
        made = ensure_agency_certificate(
            directory,
            code=agency.code,
            name=agency.name,
            organisation=unit or settings.GOVERNMENT_UNIT_NAME,
            key_type=key_type,
            days=days,
        )
        (report.created if made else report.existing).append(agency.code)
    return report
