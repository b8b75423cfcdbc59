# SPDX-License-Identifier: EUPL-1.2
"""Walking the audit chain to prove it intact, or to name the first bad entry."""

from __future__ import annotations

import dataclasses
import hmac
import logging
from collections.abc import Mapping

from balai.security.audit.chain import hash_matches
from balai.security.audit.key import audit_key
from balai.security.models import GENESIS_HASH, AuditEntry, AuditHead

logger = logging.getLogger(__name__)

CHUNK_SIZE = 2000


@dataclasses.dataclass(frozen=True)
class VerifyResult:
    """``ok`` or the first bad entry id, a machine ``code`` and a human ``reason``."""

    ok: bool
    checked: int
    first_bad_id: int | None = None
    reason: str = ""
    code: str = ""
    last_id: int = 0
    last_hash: str = GENESIS_HASH


class _Broken(Exception):
    def __init__(self, bad_id: int, code: str, reason: str) -> None:
        super().__init__(reason)
        self.bad_id, self.code, self.reason = bad_id, code, reason


def _head_now() -> AuditHead | None:
    return AuditHead.objects.filter(pk=AuditHead.SINGLETON_ID).first()


def verify_chain(*, checkpoints: Mapping[int, str] | None = None) -> VerifyResult:
    """Check every entry in id order, in constant memory; never writes.

    Detects an entry that was modified (its HMAC no longer matches), deleted (a gap
    in the ids, or a successor that no longer links to its predecessor), inserted
    (an entry the head does not account for, or one whose HMAC cannot be valid), and
    a truncated tail (the head records more entries than the table holds).
    ``checkpoints`` maps ids to hashes recorded elsewhere earlier (see
    docs/security.md): they catch a log that was wiped or rewritten wholesale.
    """
    key = audit_key()
    checkpoints = dict(checkpoints or {})
    # Read before the entries: everything the head counts was committed before the
    # walk started, so a concurrent append cannot look like a truncation.
    start_head = _head_now()
    known_last = start_head.last_id if start_head else 0
    prev_id, prev_hash, checked = 0, GENESIS_HASH, 0
    try:
        for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=CHUNK_SIZE):
            if entry.id > known_last:  # appended since we read the head?
                fresh = _head_now()
                if fresh is None:
                    raise _Broken(
                        entry.id, "head_missing", "the chain head row is missing"
                    )
                known_last = fresh.last_id
            _check_entry(entry, key, prev_id, prev_hash, known_last)
            expected = checkpoints.pop(entry.id, None)
            if expected is not None and not hmac.compare_digest(
                expected, entry.entry_hash
            ):
                raise _Broken(
                    entry.id,
                    "checkpoint",
                    f"entry {entry.id} differs from the recorded checkpoint hash",
                )
            prev_id, prev_hash, checked = entry.id, entry.entry_hash, checked + 1
        _check_tail(start_head, prev_id, prev_hash)
        if checkpoints:
            missing = min(checkpoints)
            raise _Broken(
                missing, "checkpoint", f"checkpoint entry {missing} is not in the log"
            )
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
            last_id=prev_id,
            last_hash=prev_hash,
        )
    return VerifyResult(ok=True, checked=checked, last_id=prev_id, last_hash=prev_hash)


def _check_entry(
    entry: AuditEntry, key: bytes, prev_id: int, prev_hash: str, known_last: int
) -> None:
    expected_id = prev_id + 1
    if entry.id != expected_id:
        if entry.id < expected_id:  # only possible with a broken primary key
            raise _Broken(entry.id, "inserted", f"entry {entry.id} is duplicated")
        if expected_id > known_last:
            raise _Broken(
                entry.id,
                "inserted",
                f"entry {entry.id} was added outside the audit service "
                f"(the chain head ends at {known_last})",
            )
        last_missing = entry.id - 1
        span = (
            str(expected_id)
            if last_missing == expected_id
            else f"{expected_id}–{last_missing}"
        )
        raise _Broken(expected_id, "deleted", f"entry {span} was deleted")
    if entry.id > known_last:
        raise _Broken(
            entry.id,
            "inserted",
            f"entry {entry.id} was added outside the audit service "
            f"(the chain head ends at {known_last})",
        )
    if not hash_matches(entry, key):
        raise _Broken(entry.id, *_diagnose_hash(entry, key, prev_hash))
    if not hmac.compare_digest(entry.prev_hash, prev_hash):
        raise _Broken(
            entry.id,
            "deleted",
            f"entry {entry.id} does not follow entry {prev_id}: the entry that "
            "preceded it was deleted or replaced",
        )


def _diagnose_hash(entry: AuditEntry, key: bytes, prev_hash: str) -> tuple[str, str]:
    """Tell an insertion or deletion (genuine entries renumbered) from a modification.

    Only runs once, on the first bad entry, so the extra query does not matter.
    """
    bad_id = entry.id
    successor = AuditEntry.objects.filter(id=bad_id + 1).first()
    if successor is not None:
        successor.id = bad_id
        if successor.prev_hash == prev_hash and hash_matches(successor, key):
            return "inserted", (
                f"entry {bad_id} was inserted: the entry after it is the original "
                f"entry {bad_id}"
            )
    try:
        for shift, code in ((-1, "inserted"), (1, "deleted")):
            entry.id = bad_id + shift
            if entry.id > 0 and hash_matches(entry, key):
                what = "inserted before it" if code == "inserted" else "deleted"
                return code, (
                    f"entry {bad_id} was renumbered from {entry.id}: "
                    f"an entry was {what}"
                )
    finally:
        entry.id = bad_id
    return "modified", f"entry {bad_id} was modified or forged (its hash is wrong)"


def _check_tail(start_head: AuditHead | None, last_id: int, last_hash: str) -> None:
    if start_head is None:
        return  # an empty log (an entry without a head failed in the walk)
    if last_id < start_head.last_id:
        raise _Broken(
            last_id + 1,
            "truncated",
            f"the log ends at entry {last_id} but the chain head records "
            f"{start_head.last_id}: entries from {last_id + 1} were deleted",
        )
    if last_id == start_head.last_id and not hmac.compare_digest(
        start_head.last_hash, last_hash
    ):
        raise _Broken(
            last_id,
            "modified",
            f"the chain head's hash does not match entry {last_id}",
        )


__all__ = ["VerifyResult", "verify_chain"]
