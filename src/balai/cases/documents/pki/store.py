# SPDX-License-Identifier: EUPL-1.2
"""Agencies' signing credentials and the trust roots, read from ``SIGNING_DIR``.

Per agency code, either ``<code>.key.pem`` with ``<code>.cert.pem`` (the agency's
certificate first, then its chain) or ``<code>.p12`` (PKCS#12). An encrypted key or a
PKCS#12 file is opened with the passphrase in ``BALAI_SIGNING_PASSPHRASE_<CODE>``
(code upper-cased, dashes as underscores). Development keys from ``dev-ca`` and real
ones (e.g. exported from BSrE) load the same way. Loaded credentials are cached per
file modification time, so replacing files rotates keys without a restart.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12

CA_CERT_FILE = "ca.cert.pem"
CA_KEY_FILE = "ca.key.pem"
PASSPHRASE_ENV = "BALAI_SIGNING_PASSPHRASE_"  # noqa: S105 (a variable name prefix)
logger = logging.getLogger(__name__)

_cache: dict[str, tuple[tuple[float, ...], AgencyCredential]] = {}
_lock = threading.Lock()


class CredentialError(Exception):
    """A credential file exists but cannot be used (wrong passphrase, bad PEM)."""


@dataclass(frozen=True)
class AgencyCredential:
    """An agency's private key, its certificate and the chain above it."""

    agency_code: str
    key: Any  # a cryptography private key (RSA or EC)
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    source: Path

    @property
    def subject(self) -> str:
        return self.certificate.subject.rfc4514_string()

    @property
    def serial(self) -> str:
        return format(self.certificate.serial_number, "x")

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.certificate)

    @property
    def not_after(self) -> dt.datetime:
        return self.certificate.not_valid_after_utc

    def is_current(self, moment: dt.datetime | None = None) -> bool:
        moment = moment or timezone.now()
        cert = self.certificate
        return cert.not_valid_before_utc <= moment <= cert.not_valid_after_utc


def fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def signing_dir() -> Path:
    return Path(settings.SIGNING_DIR)


def credential_paths(
    agency_code: str, directory: Path | None = None
) -> dict[str, Path]:
    base = directory or signing_dir()
    return {
        "key": base / f"{agency_code}.key.pem",
        "cert": base / f"{agency_code}.cert.pem",
        "p12": base / f"{agency_code}.p12",
    }


def passphrase_for(agency_code: str) -> bytes | None:
    """The passphrase from ``BALAI_SIGNING_PASSPHRASE_<CODE>``, if set."""
    name = PASSPHRASE_ENV + agency_code.upper().replace("-", "_")
    value = os.environ.get(name)
    return value.encode() if value else None


def has_credential(agency_code: str) -> bool:
    paths = credential_paths(agency_code)
    return paths["p12"].exists() or (paths["key"].exists() and paths["cert"].exists())


def load_credential(agency_code: str) -> AgencyCredential | None:
    """The agency's credential, or None when it has no files; CredentialError when
    the files are there but unusable."""
    paths = credential_paths(agency_code)
    chosen = (
        [paths["p12"]]
        if paths["p12"].exists()
        else [paths["key"], paths["cert"]]
        if paths["key"].exists() and paths["cert"].exists()
        else []
    )
    if not chosen:
        return None
    stamp = tuple(path.stat().st_mtime_ns for path in chosen)
    cache_key = f"{signing_dir()}::{agency_code}"
    with _lock:
        cached = _cache.get(cache_key)
        if cached and cached[0] == stamp:
            return cached[1]
    if len(chosen) == 1:
        credential = _load_p12(agency_code, chosen[0])
    else:
        credential = _load_pem(agency_code, chosen[0], chosen[1])
    with _lock:
        _cache[cache_key] = (stamp, credential)
    return credential


def _load_pem(agency_code: str, key_path: Path, cert_path: Path) -> AgencyCredential:
    try:
        key = serialization.load_pem_private_key(
            key_path.read_bytes(), password=passphrase_for(agency_code)
        )
        certs = x509.load_pem_x509_certificates(cert_path.read_bytes())
    except (ValueError, TypeError) as exc:
        raise CredentialError(
            f"{key_path.name}/{cert_path.name}: cannot load ({exc}); an encrypted key "
            f"needs {PASSPHRASE_ENV}{agency_code.upper().replace('-', '_')}."
        ) from exc
    return _checked(agency_code, key, certs[0], tuple(certs[1:]), cert_path)


def _load_p12(agency_code: str, path: Path) -> AgencyCredential:
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(
            path.read_bytes(), passphrase_for(agency_code)
        )
    except (ValueError, TypeError) as exc:
        raise CredentialError(
            f"{path.name}: cannot open the PKCS#12 file; check "
            f"{PASSPHRASE_ENV}{agency_code.upper().replace('-', '_')}."
        ) from exc
    if key is None or cert is None:
        raise CredentialError(f"{path.name} holds no key and certificate.")
    return _checked(agency_code, key, cert, tuple(extra or ()), path)


def _checked(
    agency_code: str,
    key: Any,
    cert: x509.Certificate,
    chain: tuple[x509.Certificate, ...],
    source: Path,
) -> AgencyCredential:
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    if key.public_key().public_bytes(der, public) != cert.public_key().public_bytes(
        der, public
    ):
        raise CredentialError(f"{source.name}: the key does not match the certificate.")
    return AgencyCredential(
        agency_code=agency_code, key=key, certificate=cert, chain=chain, source=source
    )


def trust_root_paths() -> list[Path]:
    configured = [Path(p) for p in settings.SIGNING_TRUST_ROOTS]
    return configured or [signing_dir() / CA_CERT_FILE]


def trust_roots() -> list[x509.Certificate]:
    """Every certificate in the trust-root files that exist (none: nothing trusted)."""
    roots: list[x509.Certificate] = []
    for path in trust_root_paths():
        if not path.exists():
            continue
        try:
            roots.extend(x509.load_pem_x509_certificates(path.read_bytes()))
        except ValueError:
            logger.error("documents.trust_root_unreadable path=%s", path)
    return roots


@dataclass(frozen=True)
class CertificateStatus:
    agency_code: str
    present: bool
    subject: str = ""
    not_after: dt.datetime | None = None
    days_left: int | None = None
    error: str = ""


def certificate_status(agency_code: str) -> CertificateStatus:
    """What ``cert-status`` prints for one agency."""
    try:
        credential = load_credential(agency_code)
    except CredentialError as exc:
        return CertificateStatus(agency_code, present=True, error=str(exc))
    if credential is None:
        return CertificateStatus(agency_code, present=False)
    left = (credential.not_after - timezone.now()).days
    return CertificateStatus(
        agency_code,
        present=True,
        subject=credential.subject,
        not_after=credential.not_after,
        days_left=left,
    )
