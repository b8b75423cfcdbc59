# SPDX-License-Identifier: EUPL-1.2
"""A database administrator tampers with the log; ``audit verify`` names the entry.

Each test lifts the triggers as a DBA could (DROP TRIGGER on SQLite, DISABLE TRIGGER
on PostgreSQL), edits rows with raw SQL, and expects ``balai audit verify`` to exit
non-zero naming the first bad entry (by its chain position).
"""

from __future__ import annotations

import hashlib

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from balai.security.audit.verify import verify_chain
from balai.security.models import AuditEntry
from balai.security.tests.audit_support import (
    TABLE,
    as_database_administrator,
    record_many,
    verify_failure,
)

pytestmark = pytest.mark.django_db

COLUMNS = (
    "id, occurred_at, actor_id, actor_kind, agency_id, role, action, object_type, "
    "object_id, subject_id, purpose, request_id, ip, changes, seq, prev_hash, "
    "entry_hash, chain_version"
)


def _shift_positions(cursor, *, start: int, by: int) -> None:
    """Renumber chain positions from ``start`` one at a time (no unique clashes)."""
    seqs = list(AuditEntry.objects.filter(seq__gte=start).values_list("seq", flat=True))
    for seq in sorted(seqs, reverse=by > 0):
        cursor.execute(f"UPDATE {TABLE} SET seq = %s WHERE seq = %s", [seq + by, seq])


def _forge_copy(
    cursor, *, source: int, position: int | None, prev_hash: str = ""
) -> None:
    """Insert a plausible entry: a copy of another (by position) with a new id, the
    given position (None: unsealed) and a guessed hash."""
    cursor.execute(
        f"INSERT INTO {TABLE} ({COLUMNS}) SELECT "
        f"(SELECT MAX(id) + 100 FROM {TABLE}), occurred_at, actor_id, "
        "actor_kind, agency_id, role, 'person.read', object_type, object_id, "
        "subject_id, 'routine check', request_id, ip, changes, %s, %s, %s, 2 "
        f"FROM {TABLE} WHERE seq = %s",
        [position, prev_hash, hashlib.sha256(b"guess").hexdigest(), source],
    )


def _move_head(cursor, *, last_seq: int) -> None:
    cursor.execute(
        "UPDATE security_audithead SET last_seq = %s, last_hash = "
        f"(SELECT entry_hash FROM {TABLE} WHERE seq = %s)",
        [last_seq, last_seq],
    )


def test_modified_entry_is_named():
    record_many(10)
    with as_database_administrator() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET purpose = 'nothing' WHERE seq = 5")

    error = verify_failure()

    assert "entry 5 (modified)" in str(error)
    assert verify_chain().first_bad_id == 5


def test_modified_hash_or_link_is_named():
    entries = record_many(10)
    with as_database_administrator() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET prev_hash = %s WHERE seq = 7", [entries[2].entry_hash]
        )

    assert "entry 7 (modified)" in str(verify_failure())


def test_deleted_entry_leaves_a_gap_that_is_named():
    record_many(10)
    with as_database_administrator() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE seq = 5")

    error = verify_failure()

    assert "entry 5 (deleted)" in str(error)


def test_deleted_entry_hidden_by_renumbering_is_named():
    record_many(10)
    with as_database_administrator() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE seq = 5")
        _shift_positions(cursor, start=6, by=-1)
        _move_head(cursor, last_seq=9)

    result = verify_chain()

    assert (result.first_bad_id, result.code) == (5, "deleted")
    assert "renumbered from 6" in result.reason
    assert "entry 5 (deleted)" in str(verify_failure())


def test_entry_inserted_in_the_middle_is_named():
    entries = record_many(10)
    with as_database_administrator() as cursor:
        _shift_positions(cursor, start=5, by=1)
        _forge_copy(cursor, source=2, position=5, prev_hash=entries[3].entry_hash)
        _move_head(cursor, last_seq=11)

    result = verify_chain()

    assert (result.first_bad_id, result.code) == (5, "inserted")
    assert "entry 5 (inserted)" in str(verify_failure())


def test_entry_appended_outside_the_service_is_named():
    entries = record_many(10)
    with as_database_administrator() as cursor:
        _forge_copy(cursor, source=3, position=11, prev_hash=entries[-1].entry_hash)

    error = verify_failure()

    assert "entry 11 (inserted)" in str(error)


def test_appended_entry_with_a_forged_head_is_still_named():
    entries = record_many(10)
    with as_database_administrator() as cursor:
        _forge_copy(cursor, source=3, position=11, prev_hash=entries[-1].entry_hash)
        _move_head(cursor, last_seq=11)

    assert "entry 11 (modified)" in str(verify_failure())


def test_truncated_tail_is_named():
    record_many(10)
    with as_database_administrator() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE seq > 7")

    error = verify_failure()

    assert "entry 8 (truncated)" in str(error)


def test_everything_deleted_is_a_truncation_from_entry_one():
    record_many(3)
    with as_database_administrator() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")

    assert "entry 1 (truncated)" in str(verify_failure())


def test_a_rewritten_log_is_caught_by_an_earlier_checkpoint():
    entries = record_many(5)
    checkpoint = f"5:{entries[-1].entry_hash}"
    call_command("audit", "verify", "--checkpoint", checkpoint)
    # A key holder with database access wipes the log and head and starts again.
    with as_database_administrator() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute("DELETE FROM security_audithead")
    record_many(6)
    assert verify_chain().ok

    with pytest.raises(CommandError, match="entry 5 \\(checkpoint\\)"):
        call_command("audit", "verify", "--checkpoint", checkpoint)


def test_verify_does_not_write():
    record_many(3)
    before = list(AuditEntry.objects.values_list("id", "entry_hash"))
    verify_chain()
    assert list(AuditEntry.objects.values_list("id", "entry_hash")) == before
