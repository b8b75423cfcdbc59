# SPDX-License-Identifier: EUPL-1.2
"""Walking the audit chain to prove it intact, or to name the first bad entry.

Sealed entries are walked by chain position (``seq``), chain by chain: with
``AUDIT_CHAINS`` > 1 the log holds several chains, each with its own head, and every
chain any head or entry names is walked. Entries not sealed yet are checked on their
own HMAC and counted apart: they are normal for the moment between a commit and its
seal, and a sign of a stopped sealer when they grow old.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
import logging
from collections.abc import Mapping

from django.db.models import QuerySet

from balai.security.audit.chain import hash_matches
from balai.security.audit.key import audit_key
from balai.security.models import GENESIS_HASH, AuditEntry, AuditHead

logger = logging.getLogger(__name__)

CHUNK_SIZE = 2000


@dataclasses.dataclass(frozen=True)
class VerifyResult:
    """``ok`` or the first bad entry, a machine ``code`` and a human ``reason``.

    ``first_bad_id`` is a chain position for sealed entries (in ``chain``) and the
    row id for an unsealed one. ``unsealed`` counts good entries not sealed yet (the
    oldest from ``oldest_unsealed``); they are not part of ``checked``.
    ``last_id``/``last_hash`` are chain 1's head; ``heads`` maps every chain walked
    to its last (position, hash) and ``chains`` counts them.
    """

    ok: bool
    checked: int
    first_bad_id: int | None = None
    reason: str = ""
    code: str = ""
    last_id: int = 0
    last_hash: str = GENESIS_HASH
    unsealed: int = 0
    oldest_unsealed: dt.datetime | None = None
    chain: int = 1
    heads: dict[int, tuple[int, str]] = dataclasses.field(default_factory=dict)
    chains: int = 0


# A checkpoint names a position of chain 1 (an int) or (chain, position).
Checkpoint = int | tuple[int, int]


class _Broken(Exception):
    def __init__(self, bad_id: int, code: str, reason: str) -> None:
        super().__init__(reason)
        self.bad_id, self.code, self.reason = bad_id, code, reason


def _head_now(chain: int = AuditHead.SINGLETON_ID) -> AuditHead | None:
    return AuditHead.objects.filter(pk=chain).first()


def _entries() -> QuerySet[AuditEntry]:
    return QuerySet(model=AuditEntry)


def chains_in_log() -> list[int]:
    """Every chain a head row or a sealed entry names (an entry in a chain without a
    head is caught by that chain's walk)."""
    heads = set(AuditHead.objects.values_list("pk", flat=True))
    named = set(
        _entries()
        .filter(seq__isnull=False)
        .order_by()
        .values_list("chain", flat=True)
        .distinct()
    )
    return sorted(heads | named) or [AuditHead.SINGLETON_ID]


def verify_chain(
    *, checkpoints: Mapping[Checkpoint, str] | None = None
) -> VerifyResult:
    """Check every sealed entry of every chain in chain order, then the unsealed
    ones; never writes.

    Detects an entry that was modified (its HMAC no longer matches), deleted (a gap
    in the positions, or a successor that no longer links to its predecessor),
    inserted (an entry the head does not account for, or one whose HMAC cannot be
    valid, sealed or not), and a truncated tail (the head records more entries than
    the table holds). ``checkpoints`` maps positions (of chain 1, or ``(chain,
    position)``) to hashes recorded elsewhere earlier (see docs/security.md): they
    catch a log wiped or rewritten wholesale. Constant memory per chain.
    """
    key = audit_key()
    wanted: dict[int, dict[int, str]] = {}
    for point, expected in (checkpoints or {}).items():
        chain, seq = point if isinstance(point, tuple) else (1, point)
        wanted.setdefault(int(chain), {})[int(seq)] = expected
    chains = sorted(set(chains_in_log()) | set(wanted))
    heads: dict[int, tuple[int, str]] = {}
    checked = 0
    for chain in chains:
        walked = _verify_one(key, chain, wanted.get(chain, {}))
        checked += walked.checked
        heads[chain] = (walked.last_id, walked.last_hash)
        if not walked.ok:
            return dataclasses.replace(
                walked, checked=checked, heads=heads, chains=len(chains)
            )
    first = heads.get(AuditHead.SINGLETON_ID, (0, GENESIS_HASH))
    try:
        unsealed, oldest = _check_unsealed(key)
    except _Broken as broken:
        logger.error(
            "audit.chain_broken first_bad_id=%s code=%s", broken.bad_id, broken.code
        )
        return VerifyResult(
            ok=False,
            checked=checked,
            first_bad_id=broken.bad_id,
            reason=broken.reason,
            code=broken.code,
            last_id=first[0],
            last_hash=first[1],
            heads=heads,
            chains=len(chains),
        )
    return VerifyResult(
        ok=True,
        checked=checked,
        last_id=first[0],
        last_hash=first[1],
        unsealed=unsealed,
        oldest_unsealed=oldest,
        heads=heads,
        chains=len(chains),
    )


def _verify_one(key: bytes, chain: int, checkpoints: dict[int, str]) -> VerifyResult:
    """Walk one chain's sealed entries (see ``verify_chain``)."""
    # Read before the entries: everything the head counts was sealed before the
    # walk started, so a concurrent seal cannot look like a truncation.
    start_head = _head_now(chain)
    known_last = start_head.last_seq if start_head else 0
    prev_seq, prev_hash, checked = 0, GENESIS_HASH, 0
    sealed = _entries().filter(chain=chain, seq__isnull=False).order_by("seq")
    try:
        for entry in sealed.iterator(chunk_size=CHUNK_SIZE):
            seq = _seq(entry)
            if seq > known_last:  # sealed since we read the head?
                fresh = _head_now(chain)
                if fresh is None:
                    raise _Broken(seq, "head_missing", "the chain head row is missing")
                known_last = fresh.last_seq
            _check_entry(entry, key, prev_seq, prev_hash, known_last)
            expected = checkpoints.pop(seq, None)
            if expected is not None and not hmac.compare_digest(
                expected, entry.entry_hash
            ):
                raise _Broken(
                    seq,
                    "checkpoint",
                    f"entry {seq} differs from the recorded checkpoint hash",
                )
            prev_seq, prev_hash, checked = seq, entry.entry_hash, checked + 1
        _check_tail(start_head, prev_seq, prev_hash)
        if checkpoints:
            missing = min(checkpoints)
            raise _Broken(
                missing, "checkpoint", f"checkpoint entry {missing} is not in the log"
            )
    except _Broken as broken:
        logger.error(
            "audit.chain_broken chain=%s first_bad_id=%s code=%s",
            chain,
            broken.bad_id,
            broken.code,
        )
        return VerifyResult(
            ok=False,
            checked=checked,
            first_bad_id=broken.bad_id,
            reason=broken.reason,
            code=broken.code,
            last_id=prev_seq,
            last_hash=prev_hash,
            chain=chain,
        )
    return VerifyResult(
        ok=True, checked=checked, last_id=prev_seq, last_hash=prev_hash, chain=chain
    )


def _check_unsealed(key: bytes) -> tuple[int, dt.datetime | None]:
    """Entries not sealed yet must carry their own valid HMAC; count them."""
    count, oldest = 0, None
    pending = _entries().filter(seq__isnull=True).order_by("id")
    for entry in pending.iterator(chunk_size=CHUNK_SIZE):
        if entry.prev_hash or not hash_matches(entry, key):
            raise _Broken(
                entry.id,
                "inserted",
                f"unsealed entry id {entry.id} was added or changed outside the "
                "audit service (its HMAC is wrong)",
            )
        count += 1
        if oldest is None or entry.occurred_at < oldest:
            oldest = entry.occurred_at
    return count, oldest


def _seq(entry: AuditEntry) -> int:
    """The position of a sealed entry (callers only walk sealed ones)."""
    if entry.seq is None:
        raise ValueError("an unsealed audit entry has no position")
    return entry.seq


def _check_entry(
    entry: AuditEntry, key: bytes, prev_seq: int, prev_hash: str, known_last: int
) -> None:
    seq = _seq(entry)
    expected_seq = prev_seq + 1
    if seq != expected_seq:
        if seq < expected_seq:  # only possible with a broken unique index
            raise _Broken(seq, "inserted", f"entry {seq} is duplicated")
        if expected_seq > known_last:
            raise _Broken(
                seq,
                "inserted",
                f"entry {seq} was added outside the audit service "
                f"(the chain head ends at {known_last})",
            )
        last_missing = seq - 1
        span = (
            str(expected_seq)
            if last_missing == expected_seq
            else f"{expected_seq}–{last_missing}"
        )
        raise _Broken(expected_seq, "deleted", f"entry {span} was deleted")
    if seq > known_last:
        raise _Broken(
            seq,
            "inserted",
            f"entry {seq} was added outside the audit service "
            f"(the chain head ends at {known_last})",
        )
    if not hash_matches(entry, key):
        raise _Broken(seq, *_diagnose_hash(entry, key, prev_hash))
    if not hmac.compare_digest(entry.prev_hash, prev_hash):
        raise _Broken(
            seq,
            "deleted",
            f"entry {seq} does not follow entry {prev_seq}: the entry that "
            "preceded it was deleted or replaced",
        )


def _diagnose_hash(entry: AuditEntry, key: bytes, prev_hash: str) -> tuple[str, str]:
    """Tell an insertion or deletion (genuine entries renumbered) from a modification.

    Only runs once, on the first bad entry, so the extra query does not matter.
    Version 1 entries were positioned by id, so their id moves with the position.
    """
    bad_seq = _seq(entry)
    renumber_id = entry.chain_version == 1

    def place(position: int) -> None:
        entry.seq = position
        if renumber_id:
            entry.id = position

    original_id = entry.id
    successor = _entries().filter(chain=entry.chain, seq=bad_seq + 1).first()
    if successor is not None:
        successor.seq = bad_seq
        if successor.chain_version == 1:
            successor.id = bad_seq
        if successor.prev_hash == prev_hash and hash_matches(successor, key):
            return "inserted", (
                f"entry {bad_seq} was inserted: the entry after it is the original "
                f"entry {bad_seq}"
            )
    try:
        for shift, code in ((-1, "inserted"), (1, "deleted")):
            place(bad_seq + shift)
            if bad_seq + shift > 0 and hash_matches(entry, key):
                what = "inserted before it" if code == "inserted" else "deleted"
                return code, (
                    f"entry {bad_seq} was renumbered from {entry.seq}: "
                    f"an entry was {what}"
                )
    finally:
        entry.seq, entry.id = bad_seq, original_id
    return "modified", f"entry {bad_seq} was modified or forged (its hash is wrong)"


def _check_tail(start_head: AuditHead | None, last_seq: int, last_hash: str) -> None:
    if start_head is None:
        return  # an empty log (an entry without a head failed in the walk)
    if last_seq < start_head.last_seq:
        raise _Broken(
            last_seq + 1,
            "truncated",
            f"the log ends at entry {last_seq} but the chain head records "
            f"{start_head.last_seq}: entries from {last_seq + 1} were deleted",
        )
    if last_seq == start_head.last_seq and not hmac.compare_digest(
        start_head.last_hash, last_hash
    ):
        raise _Broken(
            last_seq,
            "modified",
            f"the chain head's hash does not match entry {last_seq}",
        )


__all__ = ["VerifyResult", "chains_in_log", "verify_chain"]
