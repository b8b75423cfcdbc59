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
cannot be moved to another chain (``AUDIT_CHAINS``, docs/scaling.md). Version 4 covers
a keyed digest of the client's IP address (``ip_digest``, an HMAC under a key derived
from the audit key) instead of the address itself: retention may then blank the ``ip``
column (``balai retention purge``) and the entry still verifies, while an address
present is checked against the digest, so changing it (or the digest) is caught. Older
entries keep their version and are checked with it (before version 3 they belong to
chain 1; before version 4 their address is in the hash and cannot be purged).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import ipaddress
import json
import uuid
from typing import Any, Protocol

from balai.security.models import GENESIS_HASH

__all__ = [
    "GENESIS_HASH",
    "canonical_bytes",
    "compute_hash",
    "hash_matches",
    "ip_digest",
    "sealed_hash",
]

# Bump (and keep the old serialisation for old entries) if the covered fields change.
CHAIN_VERSION = 4
VERSIONS = (1, 2, 3, 4)
# The first version whose hash covers the address's digest, not the address.
IP_DIGEST_VERSION = 4
# Domain separation: the IP digest key is derived from, and never equal to, the
# chain key, so a digest can never be replayed as an entry hash or vice versa.
_IP_KEY_LABEL = b"balai.audit.ip-digest.v4"


class ChainEntry(Protocol):
    """What the hash reads of an entry: an ``AuditEntry``, or a pending entry the
    sealer read as a row (``seal.PendingEntry``), with the same attributes."""

    @property
    def id(self) -> Any: ...
    @property
    def occurred_at(self) -> Any: ...
    @property
    def actor_id(self) -> Any: ...
    @property
    def actor_kind(self) -> Any: ...
    @property
    def agency_id(self) -> Any: ...
    @property
    def role(self) -> Any: ...
    @property
    def action(self) -> Any: ...
    @property
    def object_type(self) -> Any: ...
    @property
    def object_id(self) -> Any: ...
    @property
    def subject_id(self) -> Any: ...
    @property
    def purpose(self) -> Any: ...
    @property
    def request_id(self) -> Any: ...
    @property
    def changes(self) -> Any: ...
    @property
    def prev_hash(self) -> Any: ...
    @property
    def ip(self) -> Any: ...
    @property
    def ip_digest(self) -> Any: ...
    @property
    def seq(self) -> Any: ...
    @property
    def chain(self) -> Any: ...
    @property
    def chain_version(self) -> Any: ...
    @property
    def entry_hash(self) -> Any: ...


def _canonical_time(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("Audit times must be timezone-aware.")
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _canonical_uuid(value: uuid.UUID | str | None) -> str | None:
    if isinstance(value, uuid.UUID):  # already canonical: str() is the form below
        return str(value)
    return None if value in (None, "") else str(uuid.UUID(str(value)))


def _canonical_ip(value: str | None) -> str | None:
    # PostgreSQL's inet and Python print IPv6 differently; the exploded form is stable.
    return None if not value else ipaddress.ip_address(value).exploded


@functools.lru_cache(maxsize=8)
def _ip_key(key: bytes) -> bytes:
    # derived once per audit key (a key rotation gives a new entry)
    return hmac.new(key, _IP_KEY_LABEL, hashlib.sha256).digest()


def ip_digest(ip: str | None, key: bytes) -> str:
    """The keyed digest of an address (hex HMAC-SHA256 of its exploded form under a
    key derived from the audit key ``key``); empty when there is no address.

    Without the keyring the digest reveals nothing (IPv4 is only 2^32 addresses, so a
    plain hash could be reversed by trying them all); with it, an investigator can
    check whether a given address made an entry after the address itself was purged.
    """
    canonical = _canonical_ip(ip)
    if canonical is None:
        return ""
    return hmac.new(_ip_key(key), canonical.encode("ascii"), hashlib.sha256).hexdigest()


def canonical_fields(entry: ChainEntry) -> dict[str, Any]:
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
        "changes": entry.changes,
        "prev_hash": entry.prev_hash or "",
    }
    if version >= IP_DIGEST_VERSION:
        fields["ip_digest"] = str(entry.ip_digest or "")
    else:
        fields["ip"] = _canonical_ip(entry.ip)
    if version >= 2:
        fields["seq"] = None if entry.seq is None else int(entry.seq)
    if version >= 3:
        fields["chain"] = int(entry.chain)
    elif int(entry.chain or 1) != 1:
        raise ValueError("Audit entries before chain version 3 belong to chain 1.")
    return fields


def canonical_bytes(entry: ChainEntry) -> bytes:
    """Sorted-key, compact, ASCII-only JSON of the covered fields."""
    return _dump(canonical_fields(entry))


def _dump(fields: dict[str, Any]) -> bytes:
    return json.dumps(
        fields,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
        allow_nan=False,
    ).encode("ascii")


def compute_hash(entry: ChainEntry, key: bytes) -> str:
    """The hex HMAC-SHA256 of ``entry`` (with its position and ``prev_hash`` once
    sealed, without them before) under ``key``."""
    return hmac.new(key, canonical_bytes(entry), hashlib.sha256).hexdigest()


def sealed_hash(entry: ChainEntry, key: bytes, seq: int, prev_hash: str) -> str | None:
    """A pending entry's chain hash at position ``seq`` after ``prev_hash``, or None
    when its own stored HMAC (or its address's digest) does not match: what
    ``hash_matches(entry)`` and then ``compute_hash`` of the entry with ``seq`` and
    ``prev_hash`` set give, with the covered fields made once, not twice."""
    try:
        fields = canonical_fields(entry)
        own = hmac.new(key, _dump(fields), hashlib.sha256).hexdigest()
        address_ok = ip_matches(entry, key)
    except (TypeError, ValueError):  # a tampered row may not even be well formed
        return None
    if not (hmac.compare_digest(own, str(entry.entry_hash or "")) and address_ok):
        return None
    fields["prev_hash"] = prev_hash
    if "seq" in fields:  # (version 1 covered no position)
        fields["seq"] = int(seq)
    return hmac.new(key, _dump(fields), hashlib.sha256).hexdigest()


def ip_matches(entry: ChainEntry, key: bytes) -> bool:
    """Version 4 and later: does an address still present match the digest the hash
    covers? (A purged address, None, always does; older versions have no digest.)"""
    if int(entry.chain_version) < IP_DIGEST_VERSION or not entry.ip:
        return True
    return hmac.compare_digest(ip_digest(entry.ip, key), str(entry.ip_digest or ""))


def hash_matches(entry: ChainEntry, key: bytes) -> bool:
    """Does the stored ``entry_hash`` match the recomputed one (constant time), and
    does the address, if still there, match its digest?"""
    try:
        expected = compute_hash(entry, key)
        address_ok = ip_matches(entry, key)
    except (TypeError, ValueError):  # a tampered row may not even be well formed
        return False
    return hmac.compare_digest(expected, str(entry.entry_hash or "")) and address_ok
