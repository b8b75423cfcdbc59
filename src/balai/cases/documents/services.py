# SPDX-License-Identifier: EUPL-1.2
"""Issuing and revoking documents: every write of this app happens here.

``document_issue`` lays out the PDF, signs it with the agency's certificate, stores it
privately and audits the issue, inside the caller's transaction (cases calls it when
an officer approves an application). If that transaction rolls back, no document
row remains; the stored file is then an orphan, named only by a random id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.cases.documents import policies
from balai.cases.documents.codes import (
    display_code,
    initials,
    new_code,
    verification_url,
)
from balai.cases.documents.constants import (
    DocumentStatus,
    ErrorCode,
    RevocationReason,
)
from balai.cases.documents.models import IssuedDocument, dump_fields
from balai.cases.documents.pki.store import (
    AgencyCredential,
    CredentialError,
    load_credential,
)
from balai.core.errors import BalaiError, Conflict
from balai.security import audit

logger = logging.getLogger(__name__)

TEMPLATE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_FIELDS = 60
MAX_LABEL = 80
MAX_VALUE = 500
CODE_ATTEMPTS = 5
SIGN_REASON = "Dokumen resmi diterbitkan secara elektronik"
# Templates of civil-registration documents: printed at home, no legalisation needed.
ADMINDUK_PREFIXES = ("akta-", "kartu-keluarga", "kia", "surat-keterangan-pindah")
ADMINDUK_NOTE = (
    "Dokumen kependudukan ini dapat dicetak sendiri pada kertas HVS A4 dan tidak "
    "memerlukan legalisasi (Permendagri No. 104 Tahun 2019)."
)


def _validate(
    *, template: str, title_id: str, number: str, fields: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Shape checks with clear messages; returns the fields as clean string pairs."""
    if not TEMPLATE_SLUG.match(template or ""):
        raise BalaiError(
            _("The document template must be a slug such as akta-kelahiran."),
            code=ErrorCode.INVALID_TEMPLATE,
        )
    if not title_id.strip() or not number.strip():
        raise BalaiError(
            _("A document needs a title and a number."), code=ErrorCode.INVALID_FIELD
        )
    if not fields:
        raise BalaiError(
            _("A document needs at least one line of data."), code=ErrorCode.NO_FIELDS
        )
    if len(fields) > MAX_FIELDS:
        raise BalaiError(
            _("A document holds at most %(count)d lines of data.")
            % {"count": MAX_FIELDS},
            code=ErrorCode.INVALID_FIELD,
        )
    clean: list[tuple[str, str]] = []
    for item in fields:
        label, value = item
        label, value = str(label).strip(), "" if value is None else str(value).strip()
        if not label or len(label) > MAX_LABEL or len(value) > MAX_VALUE:
            raise BalaiError(
                _(
                    "Each line of data needs a label (up to %(label)d characters) and "
                    "a value of up to %(value)d characters."
                )
                % {"label": MAX_LABEL, "value": MAX_VALUE},
                code=ErrorCode.INVALID_FIELD,
            )
        clean.append((label, value))
    return clean


def _credential(agency: Any, moment: dt.datetime) -> AgencyCredential:
    try:
        credential = load_credential(agency.code)
    except CredentialError as exc:
        logger.error("documents.credential_unusable agency=%s", agency.code)
        raise BalaiError(
            _("The signing certificate of %(agency)s cannot be used.")
            % {"agency": agency.short_name},
            code=ErrorCode.NO_SIGNING_CERTIFICATE,
        ) from exc
    if credential is None:
        raise BalaiError(
            _("%(agency)s has no signing certificate; documents cannot be issued.")
            % {"agency": agency.short_name},
            code=ErrorCode.NO_SIGNING_CERTIFICATE,
        )
    if not credential.is_current(moment):
        raise BalaiError(
            _("The signing certificate of %(agency)s has expired.")
            % {"agency": agency.short_name},
            code=ErrorCode.SIGNING_CERTIFICATE_EXPIRED,
        )
    return credential


def issue_place(agency: Any) -> str:
    """The place before the date: the setting, else the unit's region without its
    "Kota"/"Kabupaten" prefix, else the government unit's name."""
    if settings.DOCUMENT_ISSUE_PLACE:
        return settings.DOCUMENT_ISSUE_PLACE
    unit = getattr(agency, "unit", None)
    region = getattr(unit, "region", None)
    if region is not None:
        return re.sub(r"^(Kota|Kabupaten|Kab\.)\s+", "", region.name)
    return getattr(unit, "name", "") or settings.GOVERNMENT_UNIT_NAME


def _printed_fields(
    holder_name: str, fields: list[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    """The fields as given; the holder's name first when no field carries it."""
    name = holder_name.strip().casefold()
    if name and not any(value.casefold() == name for _label, value in fields):
        return (("Nama", holder_name.strip()), *fields)
    return tuple(fields)


def _unused_code() -> str:
    for _attempt in range(CODE_ATTEMPTS):
        code = new_code()
        if not IssuedDocument.objects.filter(code=code).exists():
            return code
    raise RuntimeError("could not draw an unused verification code")  # 2^-100 odds


def _note_for(template: str) -> str:
    return ADMINDUK_NOTE if template.startswith(ADMINDUK_PREFIXES) else ""


@transaction.atomic
def document_issue(
    *,
    agency: Any,
    template: str,
    title_id: str,
    title_en: str,
    number: str,
    reference: str,
    holder_name: str,
    fields: list[tuple[str, str]],
    issued_by: Any,
    valid_until: dt.date | None = None,
) -> IssuedDocument:
    """Lay out, sign (PAdES) and store a document, then audit it; atomic, in the
    caller's transaction. Raises BalaiError when the agency cannot sign, Conflict
    when a valid document already carries this number, PermissionDenied when
    ``issued_by`` may not act for the agency."""
    policies.ensure_can_issue_document(issued_by, agency)
    clean = _validate(
        template=template, title_id=title_id, number=number, fields=fields
    )
    number, reference = number.strip(), reference.strip()
    if IssuedDocument.objects.filter(
        agency=agency, number=number, status=DocumentStatus.VALID
    ).exists():
        raise Conflict(
            _("A valid document with number %(number)s already exists.")
            % {"number": number},
            code=ErrorCode.DUPLICATE_NUMBER,
        )
    issued_at = timezone.now()
    credential = _credential(agency, issued_at)
    code = _unused_code()
    signer_name = _common_name(credential)
    # ReportLab and pyHanko load on the first document, not at start-up (the admin
    # imports this module in every process, a command's included)
    from balai.cases.documents.pdf.layout import DocumentContent, render_pdf
    from balai.cases.documents.pdf.signing import SignatureRequest, sign_pdf

    content = DocumentContent(
        unit_name=getattr(agency.unit, "name", "") or settings.GOVERNMENT_UNIT_NAME,
        agency_name=agency.name,
        address_line=getattr(agency, "address", "") or settings.DOCUMENT_ADDRESS_LINE,
        title_id=title_id.strip(),
        title_en=title_en.strip(),
        number=number,
        reference=reference,
        fields=_printed_fields(holder_name, clean),
        place=issue_place(agency),
        issued_on=timezone.localdate(issued_at),
        valid_until=valid_until,
        verify_url=verification_url(code),
        display_code=display_code(code),
        signer_name=signer_name,
        note=_note_for(template),
    )
    try:
        signed, level = sign_pdf(
            render_pdf(content),
            credential,
            SignatureRequest(
                reason=SIGN_REASON,
                location=content.place,
                signer_name=signer_name,
                tsa_url=settings.SIGNING_TSA_URL,
            ),
        )
    except Exception as exc:  # pyHanko/TSA failures: report one clear error
        logger.exception("documents.signing_failed agency=%s", agency.code)
        raise BalaiError(
            _("The document could not be signed. Try again later."),
            code=ErrorCode.SIGNING_FAILED,
        ) from exc
    document = IssuedDocument(
        code=code,
        agency=agency,
        template=template,
        title_id=content.title_id,
        title_en=content.title_en,
        number=number,
        reference=reference,
        holder_name=holder_name.strip(),
        holder_initials=initials(holder_name),
        fields=dump_fields(clean),
        size=len(signed),
        sha256=hashlib.sha256(signed).hexdigest(),
        issued_at=issued_at,
        issued_by=issued_by,
        valid_until=valid_until,
        signer_subject=credential.subject[:500],
        signer_serial=credential.serial,
        signer_fingerprint=credential.fingerprint,
        signature_level=level,
    )
    document.pdf.save(f"{document.pk.hex}.pdf", ContentFile(signed), save=False)
    document.full_clean(exclude=["pdf"])
    try:
        with transaction.atomic():
            document.save(force_insert=True)
    except IntegrityError as exc:  # a concurrent issue of the same number won
        document.pdf.storage.delete(document.pdf.name)
        raise Conflict(
            _("A valid document with number %(number)s already exists.")
            % {"number": number},
            code=ErrorCode.DUPLICATE_NUMBER,
        ) from exc
    audit.record(
        actor=issued_by,
        action="document.issue",
        target=document,
        changes=["holder_name", "fields", "pdf"],
        purpose=f"{template} {number} ({reference})",
    )
    logger.info("documents.issued agency=%s template=%s", agency.code, template)
    return document


def _common_name(credential: AgencyCredential) -> str:
    from cryptography.x509.oid import NameOID

    names = credential.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else credential.subject


def revocation_reason_for(reason: str) -> tuple[str, str]:
    """(category, note): a known category as is; any other text is kept as the
    note under "other" (it may name people, so it is never shown publicly)."""
    text = (reason or "").strip()
    if text in RevocationReason.values:
        return text, ""
    return RevocationReason.OTHER.value, text


@transaction.atomic
def document_revoke(
    *, document: IssuedDocument, by: Any, reason: str, note: str = ""
) -> IssuedDocument:
    """Mark a valid document revoked (the public page says so from now on); audited.
    ``reason`` is a RevocationReason value, or free text filed under "other";
    ``note`` is for staff only (encrypted, never public)."""
    locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    policies.ensure_can_revoke_document(by, locked)
    if locked.status == DocumentStatus.REVOKED:
        raise Conflict(
            _("This document has already been revoked."),
            code=ErrorCode.ALREADY_REVOKED,
        )
    category, reason_text = revocation_reason_for(reason)
    note = "\n".join(part for part in (reason_text, (note or "").strip()) if part)
    locked.status = DocumentStatus.REVOKED
    locked.revoked_at = timezone.now()
    locked.revocation_reason = category
    locked.revocation_note = note
    locked.revoked_by = by
    locked.full_clean(exclude=["pdf"])
    locked.save(
        update_fields=[
            "status",
            "revoked_at",
            "revocation_reason",
            "revocation_note",
            "revoked_by",
            "updated_at",
        ]
    )
    audit.record(
        actor=by,
        action="document.revoke",
        target=locked,
        changes=["status", "revocation_reason", "revocation_note"],
        purpose=category,
    )
    return locked
