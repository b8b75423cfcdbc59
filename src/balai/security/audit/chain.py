# SPDX-License-Identifier: EUPL-1.2
"""The audit hash chain: HMAC-SHA256 over a canonical serialisation of each entry.

A sealed entry's hash covers its id, its chain position (``seq``), its time, every
recorded field and the previous entry's hash, so changing, removing, inserting or
reordering entries breaks the chain. An entry not sealed yet carries the same HMAC
with no position and no previous hash: the sealer checks it before chaining, so a row
written without the key is never sealed. The key is HMAC's, not the database's:
someone who can write to the database but does not hold the keyring cannot forge an
entry or a chain that verifies.

Version 1 (entries written before sealing existed) had no ``seq``: the id was the
position. Version 2 had one chain; version 3 also covers the chain number, so an entry
cannot be moved to another chain (``AUDIT_CHAINS``, docs/scaling.md). Older entries
keep their version and are checked with it (they belong to chain 1).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import uuid
from typing import Any

from balai.security.models import GENESIS_HASH, AuditEntry

__all__ = ["GENESIS_HASH", "canonical_bytes", "compute_hash", "hash_matches"]

# Bump (and keep the old serialisation for old entries) if the covered fields change.
CHAIN_VERSION = 3
VERSIONS = (1, 2, 3)


def _canonical_time(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("Audit times must be timezone-aware.")
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _canonical_uuid(value: uuid.UUID | str | None) -> str | None:
    return None if value in (None, "") else str(uuid.UUID(str(value)))


def _canonical_ip(value: str | None) -> str | None:
    # PostgreSQL's inet and Python print IPv6 differently; the exploded form is stable.
    return None if not value else ipaddress.ip_address(value).exploded


def canonical_fields(entry: AuditEntry) -> dict[str, Any]:
    """The covered fields of ``entry``, as JSON values that survive a round trip."""
    version = int(entry.chain_version)
    if version not in VERSIONS:
        raise ValueError(f"Unknown audit chain version {version}.")
    fields = {
        "v": version,
        "id": int(entry.id),
        "occurred_at": _canonical_time(entry.occurred_at),
        "actor_id": _canonical_uuid(entry.actor_id),
        "actor_kind": entry.actor_kind,
        "agency_id": _canonical_uuid(entry.agency_id),
        "role": entry.role,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "subject_id": _canonical_uuid(entry.subject_id),
        "purpose": entry.purpose,
        "request_id": entry.request_id,
        "ip": _canonical_ip(entry.ip),
        "changes": entry.changes,
        "prev_hash": entry.prev_hash or "",
    }
    if version >= 2:
        fields["seq"] = None if entry.seq is None else int(entry.seq)
    if version >= 3:
        fields["chain"] = int(entry.chain)
    elif int(entry.chain or 1) != 1:
        raise ValueError("Audit entries before chain version 3 belong to chain 1.")
    return fields


def canonical_bytes(entry: AuditEntry) -> bytes:
    """Sorted-key, compact, ASCII-only JSON of the covered fields."""
    return json.dumps(
        canonical_fields(entry),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
        allow_nan=False,
    ).encode("ascii")


def compute_hash(entry: AuditEntry, key: bytes) -> str:
    """The hex HMAC-SHA256 of ``entry`` (with its position and ``prev_hash`` once
    sealed, without them before) under ``key``."""
    return hmac.new(key, canonical_bytes(entry), hashlib.sha256).hexdigest()


def hash_matches(entry: AuditEntry, key: bytes) -> bool:
    """Does the stored ``entry_hash`` match the recomputed one (constant time)?"""
    try:
        expected = compute_hash(entry, key)
    except (TypeError, ValueError):  # a tampered row may not even be well formed
        return False
    return hmac.compare_digest(expected, str(entry.entry_hash or ""))
