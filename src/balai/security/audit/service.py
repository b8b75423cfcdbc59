# SPDX-License-Identifier: EUPL-1.2
"""Writing the audit log: every entry is appended here and nowhere else."""

from __future__ import annotations

import re
import uuid
import zlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.core.middleware import current_client_ip, current_request_id
from balai.core.prepared import prepared_cursor
from balai.security.audit import seal
from balai.security.audit.chain import CHAIN_VERSION, compute_hash, ip_digest
from balai.security.audit.key import audit_key
from balai.security.models import ActorKind, AuditEntry

PURPOSE_REQUIRED = "purpose_required"
MAX_PURPOSE = 1000
BULK_BATCH = 500
_ACTION = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_ACTOR_KINDS = frozenset(ActorKind.values)
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]{0,79}$")


def record(
    *,
    actor: Any,
    action: str,
    target: Any = None,
    subject_id: uuid.UUID | str | None = None,
    purpose: str = "",
    changes: Iterable[str] | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    role: str | None = None,
    actor_kind: str | None = None,
) -> AuditEntry:
    """Append one entry to the chain, atomically, and return it.

    ``actor`` is a user (duck-typed: ``pk``, ``agency_id``, ``role_names``,
    ``is_staff``), an anonymous user, or None for the system. ``target`` is a model
    instance (its label and pk become the object) and may name its data subject with
    an ``audit_subject_id`` attribute. ``changes`` lists field names; a mapping
    contributes only its keys, so values never reach the log. The request id and
    client address come from the current request's context. Runs in the caller's
    transaction when there is one: if that rolls back, so does the entry. No shared
    row is locked: the entry is sealed into the chain after the commit (``seal``).
    """
    if not _ACTION.match(action):
        raise ValueError(f"Audit action {action!r} is not of the form 'noun.verb'.")
    entry = AuditEntry(
        action=action,
        purpose=(purpose or "").strip()[:MAX_PURPOSE],
        changes=_field_names(changes),
        request_id=current_request_id(),
        ip=current_client_ip(),
        **_actor_fields(actor, role=role, actor_kind=actor_kind),
        **_object_fields(target, object_type=object_type, object_id=object_id),
    )
    if subject_id is None and target is not None:
        subject_id = getattr(target, "audit_subject_id", None)
    entry.subject_id = _as_uuid(subject_id)
    _append([entry], audit_key())
    return entry


def record_many(
    *,
    actor: Any,
    action: str,
    subject_ids: Sequence[uuid.UUID | str],
    object_type: str,
    purpose: str = "",
    changes: Iterable[str] | None = None,
    role: str | None = None,
    actor_kind: str | None = None,
) -> list[AuditEntry]:
    """Append one entry per data subject (its id is also the object id) in one step.

    The same entries ``record`` would write one by one, with consecutive ids, but
    inserted in batches: a constant number of queries instead of two per entry.
    Atomic, in the caller's transaction when there is one; sealed after its commit.
    """
    if not _ACTION.match(action):
        raise ValueError(f"Audit action {action!r} is not of the form 'noun.verb'.")
    if not subject_ids:
        return []
    common = {
        "action": action,
        "purpose": (purpose or "").strip()[:MAX_PURPOSE],
        "changes": _field_names(changes),
        "request_id": current_request_id(),
        "ip": current_client_ip(),
        **_actor_fields(actor, role=role, actor_kind=actor_kind),
    }
    subjects = [_as_uuid(subject) for subject in subject_ids]
    rows = [
        (subject, _object_fields(None, object_type=object_type, object_id=str(subject)))
        for subject in subjects
    ]
    key = audit_key()
    entries = [
        AuditEntry(subject_id=subject, **common, **target) for subject, target in rows
    ]
    _append(entries, key)
    return entries


def record_each(
    *,
    actor: Any,
    action: str,
    targets: Sequence[Any],
    changes: Iterable[str] | None = None,
) -> list[AuditEntry]:
    """Append one entry per target (a model instance), in one step.

    The same entries ``record(actor=actor, action=action, target=t)`` would write for
    each target in turn (data subjects from the targets' ``audit_subject_id``), with
    consecutive ids, inserted in batches like ``record_many``. Atomic, in the caller's
    transaction when there is one; sealed after its commit.
    """
    if not _ACTION.match(action):
        raise ValueError(f"Audit action {action!r} is not of the form 'noun.verb'.")
    if not targets:
        return []
    common = {
        "action": action,
        "purpose": "",
        "changes": _field_names(changes),
        "request_id": current_request_id(),
        "ip": current_client_ip(),
        **_actor_fields(actor, role=None, actor_kind=None),
    }
    entries = [
        AuditEntry(
            subject_id=_as_uuid(getattr(target, "audit_subject_id", None)),
            **common,
            **_object_fields(target, object_type=None, object_id=None),
        )
        for target in targets
    ]
    _append(entries, audit_key())
    return entries


def record_read(
    *,
    actor: Any,
    purpose: str,
    target: Any = None,
    subject_id: uuid.UUID | str | None = None,
    action: str = "person.read",
    object_type: str | None = None,
    object_id: str | None = None,
    role: str | None = None,
    actor_kind: str | None = None,
) -> AuditEntry:
    """Record a staff or API read of a person's record; the purpose is mandatory."""
    if not (purpose or "").strip():
        raise BalaiError(
            _("State the purpose of looking at this person's data."),
            code=PURPOSE_REQUIRED,
            field_errors={"purpose": [_("A purpose is required.")]},
        )
    return record(
        actor=actor,
        action=action,
        target=target,
        subject_id=subject_id,
        purpose=purpose,
        object_type=object_type,
        object_id=object_id,
        role=role,
        actor_kind=actor_kind,
    )


def _append(entries: list[AuditEntry], key: bytes) -> None:
    """Insert ``entries`` unsealed, each with its own HMAC, and seal after commit.

    Ids are taken before the insert so the entry's HMAC covers its id. PostgreSQL
    hands them out from the table's sequence (no lock); SQLite serialises writers, so
    under the surrounding write transaction the next ids are simply the next numbers.
    On PostgreSQL one entry outside any transaction is taken and inserted in
    autocommit (two statements instead of four).
    """
    using = router.db_for_write(AuditEntry)
    connection = connections[using]
    if (
        len(entries) == 1
        and connection.vendor == "postgresql"
        and connection.get_autocommit()
        and not connection.in_atomic_block
    ):
        # Outside a transaction on PostgreSQL one entry needs none: its id comes
        # from the sequence and its single INSERT commits alone (all or nothing),
        # which saves the BEGIN and COMMIT round trips. (SQLite takes the next id
        # under the write transaction, so it always has one.)
        with prepared_cursor(connection) as cursor:  # one cursor for both
            _fill(entries, _next_ids(connection, 1, cursor), key)
            _insert_one(entries[0], connection, using, cursor)
        seal.seal_after_commit(using)  # outside a transaction: at once
        return
    with transaction.atomic(using=using, savepoint=False):
        _fill(entries, _next_ids(connection, len(entries)), key)
        if len(entries) == 1:
            _insert_one(entries[0], connection, using)
        else:
            # The manager refuses bulk_create so nobody bypasses the audit service;
            # these entries carry their HMACs, so insert them directly.
            QuerySet(model=AuditEntry).using(using).bulk_create(
                entries, batch_size=BULK_BATCH
            )
    seal.seal_after_commit(using)


def _fill(entries: list[AuditEntry], ids: list[int], key: bytes) -> None:
    """Give each entry its id, time, chain and own HMAC (not sealed yet)."""
    now = timezone.now()
    chains = chain_count()
    for entry, entry_id in zip(entries, ids, strict=True):
        entry.id, entry.occurred_at = entry_id, now
        entry.seq, entry.prev_hash = None, ""
        entry.chain_version = CHAIN_VERSION
        entry.chain = chain_of(entry, chains)
        entry.ip_digest = ip_digest(entry.ip, key)
        entry.entry_hash = compute_hash(entry, key)


_INSERT_SQL: dict[str, str] = {}


def _insert_one(
    entry: AuditEntry, connection: Any, using: str, cursor: Any = None
) -> None:
    """INSERT one entry with every column given, as ``save(force_insert=True)``
    would, without the model-save machinery (a tenth of an audited API read's CPU).
    Each value goes through its field's ``get_db_prep_save``, as the ORM's own
    insert does; an entry has no save signals or pre-save field hooks."""
    fields = AuditEntry._meta.concrete_fields
    sql = _INSERT_SQL.get(connection.vendor)
    if sql is None:
        quote = connection.ops.quote_name
        # identifiers from the model, quoted by the backend; values are parameters
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            quote(AuditEntry._meta.db_table),
            ", ".join(quote(field.column) for field in fields),
            ", ".join(["%s"] * len(fields)),
        )
        _INSERT_SQL[connection.vendor] = sql
    params = [
        field.get_db_prep_save(getattr(entry, field.attname), connection)
        for field in fields
    ]
    if cursor is not None:
        cursor.execute(sql, params)
    else:
        with prepared_cursor(connection) as own:
            own.execute(sql, params)
    entry._state.adding = False
    entry._state.db = using


def chain_count() -> int:
    """How many hash chains new entries are spread over (``AUDIT_CHAINS``)."""
    return max(1, int(getattr(settings, "AUDIT_CHAINS", 1) or 1))


def chain_of(entry: AuditEntry, chains: int) -> int:
    """The chain (1..``chains``) of an entry: by its data subject, else its actor,
    else its object, so all entries about one person share a chain (and, sharded by
    person, a node). Stable: CRC-32 of the key, not Python's salted ``hash``."""
    if chains <= 1:
        return 1
    key = entry.subject_id or entry.actor_id or f"{entry.object_type}:{entry.object_id}"
    return 1 + zlib.crc32(str(key).encode("ascii", "replace")) % chains


def _next_ids(connection: Any, count: int, cursor: Any = None) -> list[int]:
    if cursor is None:
        with prepared_cursor(connection) as own:
            return _next_ids(connection, count, own)
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s)",
            [AuditEntry._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT COALESCE(MAX(id), 0) FROM security_auditentry")
    last = int(cursor.fetchone()[0])
    return list(range(last + 1, last + count + 1))


def _actor_fields(
    actor: Any, *, role: str | None, actor_kind: str | None
) -> dict[str, Any]:
    if actor is None:
        kind, actor_id, agency_id, roles = ActorKind.SYSTEM, None, None, frozenset()
    elif not getattr(actor, "is_authenticated", True) or actor.pk is None:
        kind, actor_id, agency_id, roles = ActorKind.ANONYMOUS, None, None, frozenset()
    else:
        kind = getattr(actor, "audit_actor_kind", None) or (
            ActorKind.STAFF if getattr(actor, "is_staff", False) else ActorKind.CITIZEN
        )
        actor_id = _as_uuid(actor.pk)
        agency_id = _as_uuid(getattr(actor, "agency_id", None))
        roles = getattr(actor, "role_names", frozenset())
    kind = actor_kind or kind
    if kind not in _ACTOR_KINDS:
        raise ValueError(f"Unknown audit actor kind {kind!r}.")
    acting_role = role if role is not None else ",".join(sorted(roles))
    return {
        "actor_kind": str(kind),
        "actor_id": actor_id,
        "agency_id": agency_id,
        "role": acting_role[:120],
    }


def _object_fields(
    target: Any, *, object_type: str | None, object_id: str | None
) -> dict[str, str]:
    if target is not None:
        meta = getattr(target, "_meta", None)
        if object_type is None and meta is not None:
            object_type = meta.label_lower
        if object_id is None and getattr(target, "pk", None) is not None:
            object_id = str(target.pk)
    object_id = "" if object_id is None else str(object_id)
    if len(object_id) > 64:
        raise ValueError("Audit object ids are at most 64 characters.")
    return {"object_type": (object_type or "")[:80], "object_id": object_id}


def _field_names(changes: Iterable[str] | None) -> list[str]:
    if changes is None:
        return []
    if isinstance(changes, str | bytes):
        raise TypeError("Audit changes are a collection of field names.")
    names = sorted({str(name) for name in changes})
    for name in names:
        if not _FIELD_NAME.match(name):
            raise ValueError("Audit changes hold field names only, never values.")
    return names


def _as_uuid(value: Any) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
