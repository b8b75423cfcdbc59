# SPDX-License-Identifier: EUPL-1.2
"""Sealing: entries appended in the caller's transaction, chained after its commit."""

from __future__ import annotations

import threading
import time
import uuid

from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction

import pytest

from balai.security.audit import chain, record, seal_pending
from balai.security.audit.key import audit_key
from balai.security.audit.verify import verify_chain
from balai.security.models import AuditEntry, AuditHead
from balai.security.tests.audit_support import (
    TABLE,
    as_database_administrator,
    officer,
    record_many,
    verify_failure,
)


def _read(**extra: object) -> AuditEntry:
    return record(
        actor=officer(),
        action="person.read",
        object_type="registry.resident",
        object_id=str(uuid.uuid4()),
        purpose="checking an application",
        **extra,
    )


@pytest.mark.django_db(transaction=True)
def test_an_entry_is_sealed_when_its_transaction_commits():
    _read(), _read()  # autocommit: each sealed at once
    head_before = AuditHead.objects.get()
    assert head_before.last_seq == 2
    with transaction.atomic():
        entry = _read()
        _read()
        stored = AuditEntry.objects.get(pk=entry.pk)
        # appended but not chained while the caller's transaction is open
        assert (stored.seq, stored.prev_hash) == (None, "")
        assert AuditHead.objects.get().last_seq == head_before.last_seq
        # one seal per transaction, however many entries it appends
        assert len(connection.run_on_commit) == 1
    stored.refresh_from_db()
    assert stored.seq == 3 and stored.prev_hash == head_before.last_hash
    assert AuditHead.objects.get().last_seq == 4
    result = verify_chain()
    assert (result.ok, result.checked, result.unsealed) == (True, 4, 0)


@pytest.mark.django_db
def test_verify_reports_unsealed_entries_apart(capsys):
    record_many(3)
    pending = record_many(2, seal=False)

    result = verify_chain()

    assert result.ok, result.reason
    assert (result.checked, result.unsealed) == (3, 2)
    assert result.oldest_unsealed == min(e.occurred_at for e in pending)
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "intact: 3 entries" in out
    assert "Not sealed yet: 2 entries" in out


@pytest.mark.django_db
def test_the_seal_command_chains_what_is_left(capsys):
    record_many(2)
    record_many(3, seal=False)

    call_command("audit", "seal")

    assert "Sealed 3 audit entries." in capsys.readouterr().out
    assert not AuditEntry.objects.filter(seq__isnull=True).exists()
    result = verify_chain()
    assert (result.ok, result.checked, result.unsealed) == (True, 5, 0)


@pytest.mark.django_db
def test_an_unsealed_row_written_without_the_key_is_never_sealed():
    entries = record_many(3)
    with as_database_administrator() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (id, occurred_at, actor_kind, role, action, "
            "object_type, object_id, purpose, request_id, changes, seq, prev_hash, "
            "entry_hash, chain_version) SELECT id + 50, occurred_at, actor_kind, "
            "role, 'person.read', object_type, object_id, 'looks routine', "
            f"request_id, changes, NULL, '', %s, 2 FROM {TABLE} WHERE seq = 3",
            ["ab" * 32],
        )

    assert seal_pending() == 0
    forged = AuditEntry.objects.get(id=entries[2].id + 50)
    assert forged.seq is None
    result = verify_chain()
    assert (result.ok, result.code, result.first_bad_id) == (
        False,
        "inserted",
        forged.id,
    )
    assert f"unsealed entry id {forged.id}" in str(verify_failure())


@pytest.mark.django_db
def test_an_unsealed_entry_changed_in_the_database_is_caught():
    record_many(2)
    pending = _read()
    with as_database_administrator() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET purpose = 'nothing to see' WHERE id = %s",
            [pending.id],
        )
    assert seal_pending() == 0
    result = verify_chain()
    assert (result.ok, result.first_bad_id) == (False, pending.id)


@pytest.mark.django_db
def test_the_database_lets_only_the_seal_columns_of_unsealed_entries_change():
    sealed = record_many(1)[0]
    pending = _read()
    forbidden = [
        (f"UPDATE {TABLE} SET purpose = 'x', seq = 99 WHERE id = %s", pending.id),
        (f"UPDATE {TABLE} SET purpose = 'x' WHERE id = %s", pending.id),
        (f"UPDATE {TABLE} SET seq = 99 WHERE id = %s", sealed.id),
        (f"UPDATE {TABLE} SET entry_hash = 'x' WHERE id = %s", sealed.id),
        (f"DELETE FROM {TABLE} WHERE id = %s", pending.id),
    ]
    for statement, entry_id in forbidden:
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry_id])
    assert seal_pending() == 1  # the sealer's own update passes
    assert verify_chain().ok


@pytest.mark.django_db
def test_entries_of_chain_version_one_still_verify_and_the_chain_goes_on():
    """Entries written before sealing existed were positioned by their id."""
    old = [_read() for _ in range(3)]
    key = audit_key()
    # The head row comes from a migration; a transactional test run earlier in this
    # process flushes it away, and the first seal would only then create it.
    AuditHead.objects.get_or_create(pk=AuditHead.SINGLETON_ID)
    with as_database_administrator() as cursor:
        prev = "0" * 64
        # What the version 1 service wrote (ids 1, 2, 3 were the positions), as
        # migration 0004 left it.
        for position, entry in enumerate(old, start=1):
            original_id = entry.id
            entry.id, entry.seq, entry.chain_version = position, position, 1
            entry.prev_hash = prev
            entry.entry_hash = chain.compute_hash(entry, key)
            cursor.execute(
                f"UPDATE {TABLE} SET id = %s, chain_version = 1, seq = %s, "
                "prev_hash = %s, entry_hash = %s WHERE id = %s",
                [position, position, prev, entry.entry_hash, original_id],
            )
            prev = entry.entry_hash
        cursor.execute(
            "UPDATE security_audithead SET last_seq = 3, last_hash = %s", [prev]
        )
        newer = record_many(2)

        result = verify_chain()
        assert result.ok, result.reason
        assert result.checked == 5
        assert [e.seq for e in newer] == [4, 5] and newer[0].prev_hash == prev

        cursor.execute(f"UPDATE {TABLE} SET purpose = 'x' WHERE seq = 2")
        result = verify_chain()
        assert (result.first_bad_id, result.code) == (2, "modified")


@pytest.mark.django_db(transaction=True)
def test_a_long_transaction_does_not_hold_up_other_audited_writers():
    """The issue this design fixes: an approval that records its entry and then signs
    a PDF for seconds used to hold the chain head until it committed."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer whatever the audit does")
    recorded, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def slow_caller() -> None:
        try:
            with transaction.atomic():
                _read()
                recorded.set()
                release.wait(timeout=30)  # still working, transaction open
        except BaseException as exc:
            failures.append(exc)
        finally:
            connections.close_all()

    def quick_caller(results: list[int]) -> None:
        try:
            results.append(_read().id)  # commits (autocommit) and seals at once
        except BaseException as exc:
            failures.append(exc)
        finally:
            connections.close_all()

    slow = threading.Thread(target=slow_caller)
    slow.start()
    assert recorded.wait(timeout=30)
    quick_ids: list[int] = []
    quick = threading.Thread(target=quick_caller, args=(quick_ids,))
    quick.start()
    quick.join(timeout=10)
    finished_while_slow_open = not quick.is_alive()
    release.set()
    slow.join(timeout=30)
    quick.join(timeout=30)

    assert not failures, failures
    assert finished_while_slow_open
    assert AuditEntry.objects.get(id=quick_ids[0]).seq == 1
    result = verify_chain()  # the slow one was sealed after its own commit
    assert (result.ok, result.checked, result.unsealed) == (True, 2, 0)


@pytest.mark.django_db(transaction=True)
def test_the_process_sealer_seals_many_commits_in_one_batch(settings, monkeypatch):
    """With AUDIT_SEAL_DELAY_MS a commit only wakes the process's sealer thread;
    commits that arrive while it works are sealed together in its next round."""
    from balai.security.audit import seal as sealing

    settings.AUDIT_SEAL_DELAY_MS = 5
    real_seal = sealing.seal_pending
    started, gate = threading.Event(), threading.Event()
    calls: list[int] = []

    def held_seal(**kwargs: object) -> int:
        calls.append(1)
        started.set()
        assert gate.wait(timeout=30)
        return real_seal(**kwargs)

    monkeypatch.setattr(sealing, "seal_pending", held_seal)
    first = _read()  # autocommit: wakes the sealer, which stops at the gate
    assert started.wait(timeout=30)
    later = [_read() for _ in range(4)]  # four more commits while it is held
    for entry in [first, *later]:
        # the committing caller did not seal: nothing is chained yet
        assert AuditEntry.objects.get(pk=entry.pk).seq is None
    gate.set()
    assert sealing.sealer().flush(timeout=30)
    # one round for the first commit (it seals all five: they were committed
    # before its seal began) and one more for the wake-ups that came meanwhile
    assert len(calls) == 2
    assert sorted(AuditEntry.objects.values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    result = verify_chain()
    assert (result.ok, result.checked, result.unsealed) == (True, 5, 0)


@pytest.mark.django_db(transaction=True)
def test_one_wake_up_per_transaction_with_the_process_sealer(settings):
    from balai.security.audit import seal as sealing

    settings.AUDIT_SEAL_DELAY_MS = 5
    with transaction.atomic():
        _read(), _read(), _read()
        assert len(connection.run_on_commit) == 1
    assert sealing.sealer().flush(timeout=30)
    result = verify_chain()
    assert (result.ok, result.checked, result.unsealed) == (True, 3, 0)


@pytest.mark.django_db(transaction=True)
def test_the_process_sealer_tries_again_when_the_database_is_busy(
    settings, monkeypatch
):
    """A seal that fails (SQLite's "database is locked" under many writers) is tried
    again by the sealer itself, without waiting for another commit; after RETRIES
    failures in a row it gives up until the next commit, and nothing is lost."""
    from django.db import OperationalError

    from balai.security.audit import seal as sealing

    settings.AUDIT_SEAL_DELAY_MS = 1
    monkeypatch.setattr(sealing, "RETRY_BASE_SECONDS", 0.01)
    real_seal = sealing.seal_pending
    outcomes = ["busy"]
    calls: list[str] = []

    def busy_once(**kwargs: object) -> int:
        outcome = outcomes.pop(0) if outcomes else "seal"
        calls.append(outcome)
        if outcome == "busy":
            raise OperationalError("database is locked")
        return real_seal(**kwargs)

    monkeypatch.setattr(sealing, "seal_pending", busy_once)
    entry = _read()  # one commit, one wake-up
    assert sealing.sealer().flush(timeout=30)
    assert calls == ["busy", "seal"]
    assert AuditEntry.objects.get(pk=entry.pk).seq == 1

    # always busy: RETRIES + 1 attempts, then the entry waits for the next commit
    outcomes[:] = ["busy"] * (sealing.RETRIES + 1)
    calls.clear()
    waiting = _read()
    assert sealing.sealer().flush(timeout=30)
    assert calls == ["busy"] * (sealing.RETRIES + 1)
    assert AuditEntry.objects.get(pk=waiting.pk).seq is None
    assert verify_chain().unsealed == 1
    last = _read()  # the next commit seals both
    assert sealing.sealer().flush(timeout=30)
    assert sorted(
        AuditEntry.objects.filter(pk__in=[waiting.pk, last.pk]).values_list(
            "seq", flat=True
        )
    ) == [2, 3]
    result = verify_chain()
    assert (result.ok, result.checked, result.unsealed) == (True, 3, 0)


@pytest.mark.django_db(transaction=True)
def test_stopping_the_sealer_seals_ends_its_thread_and_closes_its_connection(settings):
    """At exit (and before a test run drops its databases) the sealer seals what was
    requested, ends its thread and closes that thread's connection; a later commit
    starts a new thread."""
    from balai.security.audit import seal as sealing

    settings.AUDIT_SEAL_DELAY_MS = 5
    sealer = sealing.sealer()
    _read()
    thread = sealer._thread
    assert thread is not None
    assert sealer.flush(timeout=30)
    others = _other_sessions()
    assert sealer.stop(timeout=30)
    assert not thread.is_alive()
    if others is not None:  # PostgreSQL: the thread's session is gone
        assert _sessions_drop_to(others - 1)
    result = verify_chain()
    assert (result.ok, result.checked, result.unsealed) == (True, 1, 0)
    _read()  # a new commit: a new thread seals it
    assert sealer._thread is not None and sealer._thread is not thread
    assert sealer.flush(timeout=30)
    sealing.stop_sealers(timeout=30)
    assert sealer._thread is None
    result = verify_chain()
    assert (result.ok, result.checked, result.unsealed) == (True, 2, 0)


def _sessions_drop_to(expected: int, timeout: float = 10.0) -> bool:
    """Wait for the server to see a closed session go: the client's close returns at
    once; the backend process ends, and leaves pg_stat_activity, a moment later."""
    deadline = time.monotonic() + timeout
    while True:
        count = _other_sessions()
        if count == expected or time.monotonic() > deadline:
            return count == expected
        time.sleep(0.02)


def _other_sessions() -> int | None:
    """Sessions on this PostgreSQL database besides this thread's (None on SQLite)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def test_the_sealers_wait_grows_while_commits_keep_coming_and_starts_short_again(
    settings,
):
    """The wait doubles each round while commits keep coming, up to the longest
    (which bounds how long an entry stays unsealed); a seal that found nothing (another
    process is sealing) doubles it too; after a quiet spell it starts short again."""
    from balai.security.audit.seal import _Pace

    settings.AUDIT_SEAL_DELAY_MS, settings.AUDIT_SEAL_MAX_DELAY_MS = 10, 80
    pace, now = _Pace(), 100.0
    waits = []
    for _ in range(6):  # a commit arrives right after each seal
        waits.append(pace.delay_ms(now))
        now += waits[-1] / 1000
        pace.sealed(3, now)
        now += 0.001
    assert waits == [10, 20, 40, 80, 80, 80]
    now += 0.5  # quiet for longer than the longest wait
    assert pace.delay_ms(now) == 10
    pace.sealed(0, now)  # nothing left to seal: back off
    assert pace.delay_ms(now + 0.001) == 40
    settings.AUDIT_SEAL_MAX_DELAY_MS = 0  # never shorter than the first wait
    assert pace.delay_ms(now + 0.002) == 10


@pytest.mark.django_db(transaction=True)
def test_enough_waiting_commits_end_the_sealers_wait(settings):
    """AUDIT_SEAL_COMMITS commits waiting start the seal at once, however long the
    wait would have been (here a minute)."""
    from balai.security.audit import seal as sealing

    settings.AUDIT_SEAL_DELAY_MS = settings.AUDIT_SEAL_MAX_DELAY_MS = 60_000
    settings.AUDIT_SEAL_COMMITS = 3
    sealer = sealing.sealer()
    entries = [_read() for _ in range(3)]
    assert sealer.flush(timeout=30)
    assert sorted(
        AuditEntry.objects.filter(pk__in=[e.pk for e in entries]).values_list(
            "seq", flat=True
        )
    ) == [1, 2, 3]
    result = verify_chain()
    assert (result.ok, result.checked, result.unsealed) == (True, 3, 0)
