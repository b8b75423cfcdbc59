# SPDX-License-Identifier: EUPL-1.2
"""PAdES signing with pyHanko: B-B, or B-T when a time-stamping service is set.

The signature certifies the document (DocMDP "no changes"), so a reader flags any
later edit, and it sits in an invisible field: the drawn signature block says who
signed, the cryptographic one proves it. /Reason and /Location are filled in.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import (
    ECDSA,
    EllipticCurvePrivateKey,
)
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.general import SigningError, get_pyca_cryptography_hash
from pyhanko_certvalidator.registry import SimpleCertificateStore

from balai.cases.documents.constants import SignatureLevel
from balai.cases.documents.pki.store import AgencyCredential

logger = logging.getLogger(__name__)

FIELD_NAME = "TandaTanganElektronik"
RESERVE_MARGIN = 8192  # signed attributes, the signature, DER overhead
TIMESTAMP_RESERVE = 12288


@dataclass(frozen=True)
class SignatureRequest:
    reason: str
    location: str
    signer_name: str
    tsa_url: str = ""


def _asn1_cert(cert: object) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class _LoadedKeySigner(signers.SimpleSigner):
    """SimpleSigner re-parses the key from DER on every signature, and pyHanko signs
    twice (once to size the placeholder); RSA key loading alone then costs a quarter
    of a second. This signer uses the key object already loaded."""

    def __init__(self, *, private_key: object, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._private_key = private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            algorithm = mechanism.signature_algo  # rsassa_pkcs1v15, ecdsa, ...
        except ValueError:
            algorithm = mechanism["algorithm"].native
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        key = self._private_key
        if algorithm == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
            return key.sign(data, PKCS1v15(), hash_algorithm)
        if algorithm == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
            return key.sign(data, ECDSA(hash_algorithm))
        return super().sign_raw(data, digest_algorithm)


_signers: dict[str, _LoadedKeySigner] = {}


def _signer(credential: AgencyCredential) -> signers.SimpleSigner:
    cached = _signers.get(credential.fingerprint)
    if cached is not None and cached._private_key is credential.key:
        return cached
    key_der = credential.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    signer = _LoadedKeySigner(
        private_key=credential.key,
        signing_cert=_asn1_cert(credential.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(
            [_asn1_cert(cert) for cert in credential.chain]
        ),
    )
    _signers[credential.fingerprint] = signer
    return signer


def _reserve(credential: AgencyCredential, *, timestamped: bool) -> int:
    """Room for the CMS container, computed rather than measured: otherwise pyHanko
    builds a throw-away signature first just to learn its size. The container holds
    the certificates, the signed attributes and the signature (and, for B-T, a
    time-stamp token with the TSA's own certificates)."""
    certificates = sum(
        len(cert.public_bytes(serialization.Encoding.DER))
        for cert in (credential.certificate, *credential.chain)
    )
    total = certificates + RESERVE_MARGIN + (TIMESTAMP_RESERVE if timestamped else 0)
    return total + total % 2  # pyHanko wants an even number


def _sign(
    pdf: bytes,
    metadata: signers.PdfSignatureMetadata,
    credential: AgencyCredential,
    timestamper: timestamps.TimeStamper | None,
    reserve: int | None,
) -> io.BytesIO:
    return signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        metadata,
        signer=_signer(credential),
        timestamper=timestamper,
        new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME),
        bytes_reserved=reserve,
    )


def sign_pdf(
    pdf: bytes, credential: AgencyCredential, request: SignatureRequest
) -> tuple[bytes, str]:
    """The signed PDF and its PAdES level (B-B or B-T)."""
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=request.reason,
        location=request.location,
        name=request.signer_name,
        certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES,
    )
    timestamper = (
        timestamps.HTTPTimeStamper(request.tsa_url) if request.tsa_url else None
    )
    reserve = _reserve(credential, timestamped=timestamper is not None)
    try:
        output = _sign(pdf, metadata, credential, timestamper, reserve)
    except SigningError as exc:  # the estimate was short: let pyHanko measure
        if "larger than expected" not in str(exc):
            raise
        logger.warning("documents.signature_reserve_short reserve=%s", reserve)
        output = _sign(pdf, metadata, credential, timestamper, None)
    level = SignatureLevel.PADES_B_T if timestamper else SignatureLevel.PADES_B_B
    return output.getvalue(), level.value
