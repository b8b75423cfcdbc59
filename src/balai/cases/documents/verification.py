# SPDX-License-Identifier: EUPL-1.2
"""Public verification: by code (the QR code's page) and by uploaded PDF.

The answer names the issuer, the document's title, number and dates, its status and
the holder's initials; never the name, NIK or the printed data (UU 27/2022: the
public page needs only enough to match the paper in hand). Every check is audited
without personal data; an upload that proves a forgery also raises a security event.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _

from balai.cases.documents.codes import display_code
from balai.cases.documents.constants import (
    GENUINE_OUTCOMES,
    DocumentStatus,
    Outcome,
    RevocationReason,
)
from balai.cases.documents.models import IssuedDocument
from balai.cases.documents.pki.store import trust_roots
from balai.cases.documents.selectors import document_by_code
from balai.core.errors import BalaiError
from balai.core.uploads import check_upload
from balai.security import audit

if TYPE_CHECKING:
    from balai.cases.documents.pdf.checking import SignatureCheck

logger = logging.getLogger(__name__)

FORGERY_OUTCOMES = frozenset(
    {Outcome.TAMPERED, Outcome.MODIFIED, Outcome.WRONG_SIGNER, Outcome.MISMATCH}
)


@dataclass(frozen=True)
class PublicSummary:
    """What anyone may learn about a document from its code."""

    code: str
    agency_name: str
    unit_name: str
    title_id: str
    title_en: str
    number: str
    issued_at: dt.datetime
    valid_until: dt.date | None
    holder_initials: str
    status: str
    revoked_at: dt.datetime | None
    revocation_reason: str

    @property
    def revocation_reason_label(self) -> str:
        if not self.revocation_reason:
            return ""
        return str(RevocationReason(self.revocation_reason).label)


@dataclass(frozen=True)
class VerificationResult:
    outcome: Outcome
    summary: PublicSummary | None = None
    signature: SignatureCheck | None = None

    @property
    def genuine(self) -> bool:
        return self.outcome in GENUINE_OUTCOMES


def summarise(document: IssuedDocument) -> PublicSummary:
    return PublicSummary(
        code=display_code(document.code),
        agency_name=document.agency.name,
        unit_name=getattr(document.agency.unit, "name", ""),
        title_id=document.title_id,
        title_en=document.title_en,
        number=document.number,
        issued_at=document.issued_at,
        valid_until=document.valid_until,
        holder_initials=document.holder_initials,
        status=document.status,
        revoked_at=document.revoked_at,
        revocation_reason=document.revocation_reason,
    )


def _state(document: IssuedDocument) -> Outcome:
    if document.status == DocumentStatus.REVOKED:
        return Outcome.REVOKED
    if document.is_expired():
        return Outcome.EXPIRED
    return Outcome.AUTHENTIC


def verify_code(code: str, *, actor: Any = None) -> VerificationResult:
    """The status of the document with this code (UNKNOWN if there is none)."""
    document = document_by_code(code)
    if document is None:
        logger.info("documents.verify outcome=unknown")
        return VerificationResult(Outcome.UNKNOWN)
    outcome = _state(document)
    audit.record(
        actor=actor,
        action="document.verify",
        target=document,
        purpose=f"public check by code: {outcome.value}",
    )
    return VerificationResult(outcome, summary=summarise(document))


def verify_pdf(data: bytes, *, code_hint: str = "") -> VerificationResult:
    """Check a PDF's signature and match it against the register (no audit)."""
    # pyHanko and reportlab when a PDF is checked, not with the URLconf
    from balai.cases.documents.pdf.checking import (
        UnreadablePdf,
        check_signature,
        read_pdf,
    )

    try:
        parsed = read_pdf(data)
    except UnreadablePdf:
        return VerificationResult(Outcome.UNREADABLE)
    if not parsed.signatures:
        return VerificationResult(Outcome.UNSIGNED)
    document = document_by_code(parsed.code or "") or (
        document_by_code(code_hint) if code_hint else None
    )
    check = check_signature(
        parsed,
        trust_roots=trust_roots(),
        # We know when we signed: judge the certificate as of that moment.
        moment=document.issued_at if document is not None else None,
        fetch_revocation=settings.SIGNING_FETCH_REVOCATION,
    )
    summary = summarise(document) if document is not None else None
    return VerificationResult(_outcome(check, document), summary, check)


def _outcome(check: SignatureCheck, document: IssuedDocument | None) -> Outcome:
    if not check.sound:
        return Outcome.TAMPERED
    if check.modified_after_signing:
        return Outcome.MODIFIED
    if not check.trusted:
        return Outcome.UNTRUSTED
    if document is None:
        return Outcome.UNREGISTERED
    if check.signer_fingerprint != document.signer_fingerprint:
        return Outcome.WRONG_SIGNER
    if check.signed_sha256 != document.sha256:
        return Outcome.MISMATCH
    return _state(document)


def verify_upload(
    file: IO[bytes], *, code_hint: str = "", actor: Any = None
) -> VerificationResult:
    """Check an uploaded file: a PDF within the size limit (BalaiError otherwise),
    then its signature and registration; audited, forgeries reported."""
    check_upload(
        file,
        allowed=("pdf",),
        max_bytes=settings.DOCUMENT_UPLOAD_MAX_BYTES,
        field="file",
    )
    file.seek(0)
    result = verify_pdf(file.read(), code_hint=code_hint)
    _record(result, actor=actor)
    return result


def _record(result: VerificationResult, *, actor: Any) -> None:
    target = None
    if result.summary is not None:
        target = IssuedDocument.objects.filter(
            code=result.summary.code.replace("-", "")
        ).first()
    audit.record(
        actor=actor,
        action="document.verify_upload",
        target=target,
        object_type=None if target else IssuedDocument._meta.label_lower,
        purpose=f"public check of an uploaded PDF: {result.outcome.value}",
    )
    logger.info("documents.verify_upload outcome=%s", result.outcome.value)
    if result.outcome in FORGERY_OUTCOMES:
        from balai.security.monitoring.services import security_event_record

        security_event_record(
            kind="other",
            severity="warning",
            actor=actor,
            path="/verify/",
            details={"event": "document_forgery", "outcome": result.outcome.value},
        )


def upload_error(exc: BalaiError) -> str:
    """The message to show for a refused upload."""
    return exc.field_errors.get("file", [exc.message])[0] or _("Upload a PDF file.")
