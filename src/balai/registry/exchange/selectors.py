# SPDX-License-Identifier: EUPL-1.2
"""Reads of the exchange API: identity verification and agreement-limited fetches.

Every function audits before it returns: one entry per resident consulted, with the
agreement's purpose, the client's agency and ``actor_kind`` "api_client", so the
citizen sees the access in "Data Saya". Verification compares blind indexes only
(NIK; normalised name + birth date) and never decrypts a stored value.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, NotFound
from balai.core.prepared import prepared_cursor
from balai.registry.constants import EventKind, ParticipantRole, ResidentStatus
from balai.registry.exchange.constants import (
    AUDIT_OBJECT_TYPE,
    BULK_CHUNK_SIZE,
    Action,
    ErrorCode,
    LawfulBasis,
    VerificationResult,
)
from balai.registry.exchange.models import (
    ApiClient,
    DataSharingAgreement,
    ExchangeConsent,
)
from balai.registry.models import LifeEvent, Resident, nik_province, niks_q
from balai.security import audit
from balai.security.audit.service import record_many
from balai.security.crypto.blind import index_for


@dataclass(frozen=True)
class IdentityClaim:
    """What the calling agency believes about a person (NIK already validated)."""

    nik: str
    full_name: str
    birth_date: dt.date


def audit_purpose(client: ApiClient) -> str:
    """The purpose text of the client's audit entries (shown to the citizen)."""
    agreement = client.agreement
    return f"{agreement.purpose_description} ({agreement.purpose_code})"


def _audit(
    client: ApiClient, action: str, resident_id: uuid.UUID | None, **kw: Any
) -> None:
    audit.record(
        actor=client,
        action=action,
        object_type=AUDIT_OBJECT_TYPE,
        object_id=str(resident_id) if resident_id else None,
        subject_id=resident_id,
        purpose=audit_purpose(client),
        role=client.audit_role,
        **kw,
    )


def _name_birth_index(claim: IdentityClaim) -> str | None:
    field = Resident._meta.get_field("name_birth_index")
    return field.index_of((claim.full_name, claim.birth_date))  # type: ignore[attr-defined]


def _result(row: tuple[uuid.UUID, str | None, str] | None, claimed: str | None) -> str:
    if row is None or claimed is None or row[1] != claimed:
        return VerificationResult.NO_MATCH
    if row[2] == ResidentStatus.DECEASED:
        return VerificationResult.DECEASED
    return VerificationResult.MATCH


def _rows_by_nik(
    niks: Sequence[str],
) -> dict[str, tuple[uuid.UUID, str | None, str]]:
    """The residents with these NIKs by NIK index (their provinces' partitions)."""
    rows = Resident.objects.filter(niks_q(niks)).values_list(
        "nik_index", "id", "name_birth_index", "status"
    )
    return {
        nik_index: (pk, name_birth, status)
        for nik_index, pk, name_birth, status in rows
    }


def identity_verify(*, client: ApiClient, claim: IdentityClaim) -> str:
    """``match``, ``no_match`` or ``deceased`` (only when name and birth date match
    too, so a bare NIK reveals nothing). Unknown NIK: ``no_match``. Audited."""
    nik_index = index_for(Resident, "nik", claim.nik)
    row = _rows_by_nik([claim.nik]).get(nik_index)
    _audit(client, Action.VERIFY, row[0] if row else None)
    return _result(row, _name_birth_index(claim))


def _chunks(claims: Sequence[IdentityClaim]) -> Iterator[Sequence[IdentityClaim]]:
    for start in range(0, len(claims), BULK_CHUNK_SIZE):
        yield claims[start : start + BULK_CHUNK_SIZE]


def identity_verify_bulk(
    *, client: ApiClient, claims: Sequence[IdentityClaim]
) -> list[str]:
    """One result per claim, in order, as ``identity_verify`` gives. Per chunk of
    BULK_CHUNK_SIZE: one resident query and one batched audit append (an entry per
    resident found); plus one entry for the call itself."""
    results: list[str] = []
    audited: set[uuid.UUID] = set()
    purpose = audit_purpose(client)
    for chunk in _chunks(claims):
        indexes = [index_for(Resident, "nik", claim.nik) for claim in chunk]
        rows = _rows_by_nik([claim.nik for claim in chunk])
        found = [rows.get(index) for index in indexes]
        fresh = list(dict.fromkeys(r[0] for r in found if r and r[0] not in audited))
        record_many(
            actor=client,
            action=Action.VERIFY,
            subject_ids=fresh,
            object_type=AUDIT_OBJECT_TYPE,
            purpose=purpose,
            role=client.audit_role,
        )
        audited.update(fresh)
        results.extend(
            _result(row, _name_birth_index(claim))
            for row, claim in zip(found, chunk, strict=True)
        )
    _audit(client, Action.VERIFY_BULK, None)
    return results


def _death_date(resident: Resident) -> dt.date | None:
    if resident.status != ResidentStatus.DECEASED:
        return None
    return (
        LifeEvent.objects.filter(
            kind=EventKind.DEATH,
            participants__resident=resident,
            participants__role=ParticipantRole.SUBJECT,
        )
        .order_by("-event_date")
        .values_list("event_date", flat=True)
        .first()
    )


_VALUES = {
    "village_code": lambda r: r.village_id,
    "date_of_death": _death_date,
}
# the model column behind a released field (date_of_death reads status, loaded anyway)
_COLUMNS = {"village_code": "village", "date_of_death": "status"}


class ConsentRequired(BalaiError):
    status = 403


def has_consent(agreement: DataSharingAgreement, resident: Resident) -> bool:
    """True unless the agreement rests on consent and the person has none active."""
    if agreement.lawful_basis != LawfulBasis.CONSENT:
        return True
    return ExchangeConsent.objects.filter(
        agreement=agreement, resident=resident, withdrawn_at__isnull=True
    ).exists()


def consent_agreements_for(resident: Resident) -> list[tuple[Any, bool]]:
    """Current consent-based agreements, each with whether the person consents."""
    agreements = [
        agreement
        for agreement in DataSharingAgreement.objects.filter(
            lawful_basis=LawfulBasis.CONSENT, is_active=True
        ).select_related("consumer")
        if agreement.is_current()
    ]
    active = set(
        ExchangeConsent.objects.filter(
            resident=resident, withdrawn_at__isnull=True
        ).values_list("agreement_id", flat=True)
    )
    return [(agreement, agreement.pk in active) for agreement in agreements]


_NIK_MARK = "balai-exchange-nik-index"
_PROVINCE_MARK = "balai-exchange-nik-province"


class _ResidentRead:
    """The resident read for one database and column set: the ORM's own query for
    ``filter(nik_index=…, nik_province=…).only(*columns)`` (index and province, so
    a register partitioned by province reads one partition), compiled once
    (compiling it was a tenth of a lookup's CPU), then run as plain SQL; each
    column goes through the converters the ORM's run would apply (decryption
    included) and the instance is made by ``Resident.from_db`` with the other
    columns deferred, as the ORM does."""

    def __init__(self, using: str, columns: tuple[str, ...]) -> None:
        query = (
            Resident.objects.using(using)
            .filter(nik_index=_NIK_MARK, nik_province=_PROVINCE_MARK)
            .only(*columns)
            .order_by()
            .query
        )
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        # never run a query it did not expect
        if sorted(params) != sorted([_NIK_MARK, _PROVINCE_MARK]):
            raise RuntimeError(f"Unexpected resident query parameters: {params!r}")
        selected = [item[0] for item in compiler.select[: compiler.col_count]]
        names = [column.target.attname for column in selected]
        concrete = [field.attname for field in Resident._meta.concrete_fields]
        if names != [name for name in concrete if name in names]:
            raise RuntimeError("Unexpected resident column order.")
        self.sql, self.marks = sql, tuple(params)
        self.field_names = frozenset(names)
        self._converters = list(compiler.get_converters(selected).items())

    def resident(self, row: Sequence[Any], using: str, connection: Any) -> Resident:
        values = list(row)
        for position, (converters, expression) in self._converters:
            value = values[position]
            for converter in converters:
                value = converter(value, expression, connection)
            values[position] = value
        return Resident.from_db(using, self.field_names, values)


# per thread (the converters are taken from the thread's own connection), in
# thread-local storage so that a thread's reads go with it (runserver starts a thread
# per request)
_RESIDENT_READS = threading.local()


def _resident_by_nik(nik: str, columns: tuple[str, ...]) -> Resident | None:
    """The resident with this NIK (its blind index is unique), with only ``columns``
    loaded (the others deferred, as ``.only()`` gives)."""
    using = router.db_for_read(Resident)
    reads: dict[tuple[str, tuple[str, ...]], _ResidentRead] | None = getattr(
        _RESIDENT_READS, "by_columns", None
    )
    if reads is None:
        reads = _RESIDENT_READS.by_columns = {}
    read = reads.get((using, columns))
    if read is None:
        read = reads[(using, columns)] = _ResidentRead(using, columns)
    values = {
        _NIK_MARK: index_for(Resident, "nik", nik),
        _PROVINCE_MARK: nik_province(nik),
    }
    connection = connections[using]
    with prepared_cursor(connection) as cursor:
        cursor.execute(read.sql, [values[mark] for mark in read.marks])
        row = cursor.fetchone()
    return None if row is None else read.resident(row, using, connection)


def resident_release(*, client: ApiClient, nik: str) -> dict[str, Any]:
    """The agreement's allowed fields of the resident with ``nik`` (plus ``fields``,
    the names released); NotFound for an unknown NIK. Audited as ``person.read``
    with the released field names."""
    released = client.agreement.released_fields
    # load (and decrypt) only the released columns, plus what the checks read
    columns = {"id", "status"} | {_COLUMNS.get(name, name) for name in released}
    resident = _resident_by_nik(nik, tuple(sorted(columns)))
    if resident is None:
        _audit(client, Action.READ, None)
        raise NotFound(
            _("There is no resident with this NIK."), code=ErrorCode.NOT_FOUND
        )
    if not has_consent(client.agreement, resident):
        _audit(client, Action.READ_REFUSED, resident.pk)
        raise ConsentRequired(
            _(
                "This agreement releases data only with the person's consent, "
                "and this person has not given it (or has withdrawn it)."
            ),
            code=ErrorCode.CONSENT_REQUIRED,
        )
    _audit(client, Action.READ, resident.pk, changes=released)
    data: dict[str, Any] = {
        name: _VALUES[name](resident) if name in _VALUES else getattr(resident, name)
        for name in released
    }
    data["fields"] = released
    return data
