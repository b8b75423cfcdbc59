# SPDX-License-Identifier: EUPL-1.2
"""Checking a PDF's signature with pyHanko: intact, valid, trusted, whole file.

``read_pdf`` parses and finds the signature and the code the document carries (in
its keywords); ``check_signature`` validates the signature against the trust roots
at a given moment (the registered issue time when the document is known, since
our own records say when we signed it). Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import ValueErrorWithMessage
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from balai.cases.documents.codes import normalise_code
from balai.cases.documents.pdf.layout import KEYWORD_PREFIX

logger = logging.getLogger(__name__)

# Updates after signing that leave the signed content alone (validation data added
# later for long-term validation).
HARMLESS_UPDATES = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)


class UnreadablePdf(Exception):
    """The bytes are not a PDF pyHanko can read."""


@dataclass(frozen=True)
class ParsedPdf:
    reader: PdfFileReader
    signatures: tuple[Any, ...]
    code: str | None
    data: bytes


@dataclass(frozen=True)
class SignatureCheck:
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    modified_after_signing: bool
    signer_fingerprint: str
    signed_sha256: str
    error: str = ""

    @property
    def sound(self) -> bool:
        return self.intact and self.valid


def read_pdf(data: bytes) -> ParsedPdf:
    """Parse ``data``; UnreadablePdf if it is not a readable PDF."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = tuple(reader.embedded_signatures)
        code = _embedded_code(reader)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise UnreadablePdf(str(exc)) from exc
    return ParsedPdf(reader=reader, signatures=signatures, code=code, data=data)


def _embedded_code(reader: PdfFileReader) -> str | None:
    info = reader.trailer_view.get("/Info")
    if info is None:
        return None
    keywords = str(info.get_object().get("/Keywords", ""))
    for word in keywords.replace(",", " ").split():
        if word.startswith(KEYWORD_PREFIX):
            return normalise_code(word.removeprefix(KEYWORD_PREFIX))
    return None


def _to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def check_signature(
    parsed: ParsedPdf,
    *,
    trust_roots: list[x509.Certificate],
    moment: dt.datetime | None = None,
    fetch_revocation: bool = False,
) -> SignatureCheck:
    """Validate the first signature (the issuing one) of ``parsed``."""
    embedded = parsed.signatures[0]
    signed_sha256 = _signed_revision_sha256(parsed.data, embedded)
    context = ValidationContext(
        trust_roots=[_to_asn1(root) for root in trust_roots],
        moment=moment,
        allow_fetching=fetch_revocation,
    )
    try:
        signer = embedded.signer_cert
        fingerprint = hashlib.sha256(signer.dump()).hexdigest()
        status = validate_pdf_signature(embedded, signer_validation_context=context)
    except (ValueErrorWithMessage, PdfError, ValueError, KeyError, TypeError) as exc:
        logger.info("documents.signature_unverifiable error=%s", type(exc).__name__)
        return SignatureCheck(
            intact=False,
            valid=False,
            trusted=False,
            covers_whole_file=False,
            modified_after_signing=False,
            signer_fingerprint="",
            signed_sha256=signed_sha256,
            error=type(exc).__name__,
        )
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    modified = not whole and (
        status.coverage != SignatureCoverageLevel.ENTIRE_REVISION
        or status.modification_level not in HARMLESS_UPDATES
        or status.docmdp_ok is False
    )
    return SignatureCheck(
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=whole,
        modified_after_signing=modified,
        signer_fingerprint=fingerprint,
        signed_sha256=signed_sha256,
    )


def _signed_revision_sha256(data: bytes, embedded: Any) -> str:
    """SHA-256 of the file up to the end of the signed revision: equal to the
    registered file's hash when the signed part is the issued document."""
    try:
        _start, _len1, start2, len2 = (int(v) for v in embedded.byte_range)
    except (TypeError, ValueError):
        return ""
    return hashlib.sha256(data[: start2 + len2]).hexdigest()
