# SPDX-License-Identifier: EUPL-1.2
"""Sealing: chaining appended audit entries in order, in a short transaction of its own.

Callers append entries inside their own transactions without touching any shared
row (``service.record``). After each commit, and from ``balai audit seal`` run by the
scheduler, ``seal_pending`` locks the chain head, gives every committed entry that is
not sealed yet the next position (``seq``) and its chain hash, moves the head and
commits: the head is held for one short batch, never across a caller's work.

With ``AUDIT_SEAL_DELAY_MS`` > 0 (the default outside tests) a commit does not seal
itself: it wakes the process's ``Sealer`` thread, which seals every entry committed
in the next few milliseconds in one batch. While commits keep coming, the wait grows
(doubling, up to ``AUDIT_SEAL_MAX_DELAY_MS``) so that seals really batch; a sealer
that finds its entries sealed by another process backs off the same way; after a
quiet spell it starts short again; ``AUDIT_SEAL_COMMITS`` commits waiting end the
wait at once. An entry therefore stays unsealed at most about
``AUDIT_SEAL_MAX_DELAY_MS`` plus one seal while its process runs (docs/performance.md).

With ``AUDIT_CHAINS`` > 1 every chain has its own head row and is sealed on its own:
sealers of different chains never wait for each other (docs/scaling.md).

On PostgreSQL a sealer that finds a head locked leaves it at once (``SKIP LOCKED``):
the sealer holding it looks again after its commit, so it seals every entry committed
before the other one tried. On SQLite writers are serialised anyway, so each commit
seals what is pending. An entry whose own HMAC does not match (added or changed in the
database without the key) is never sealed; ``audit verify`` names it.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import QuerySet

from balai.core.prepared import prepared_cursor
from balai.security.audit.chain import sealed_hash
from balai.security.audit.key import audit_key
from balai.security.models import AuditEntry, AuditHead

logger = logging.getLogger(__name__)

SEAL_BATCH = 2000
_BUSY = -1
_SEAL_SQL = (
    "UPDATE security_auditentry SET seq = %s, prev_hash = %s, entry_hash = %s "
    "WHERE id = %s AND seq IS NULL"
)
_HEAD_SQL = "SELECT last_seq, last_hash FROM security_audithead WHERE id = %s"
_MOVE_HEAD_SQL = (
    "UPDATE security_audithead SET last_seq = %s, last_hash = %s WHERE id = %s"
)


class AuditChainBroken(RuntimeError):
    """The chain cannot be extended safely (its head is gone while entries remain)."""


class SealRaced(RuntimeError):
    """A seal found its entries already chained by another; nothing was written."""


def seal_after_commit(using: str = DEFAULT_DB_ALIAS) -> None:
    """Seal once the current transaction commits (at once outside a transaction);
    registered once per transaction however many entries it appends.

    With ``AUDIT_SEAL_DELAY_MS`` > 0 the commit only wakes this process's sealer
    (``Sealer``), which seals everything committed in that many milliseconds in one
    batch; with 0 the committing thread seals at once."""
    connection = connections[using]
    delay = int(getattr(settings, "AUDIT_SEAL_DELAY_MS", 0) or 0)
    callback = sealer(using).request if delay > 0 else _seal_quietly
    if connection.in_atomic_block and any(
        item[1] == callback for item in connection.run_on_commit
    ):
        return
    transaction.on_commit(callback, using=using, robust=True)


RETRIES = 3  # a failed seal is tried again this many times, with a growing pause
RETRY_BASE_SECONDS = 0.2


class Sealer:
    """This process's background sealer for one database: coalesces seals.

    A commit that appended entries calls ``request()`` (nothing else: the request
    that committed does not wait for the seal). The sealer's thread then waits
    ``AUDIT_SEAL_DELAY_MS``, so that the commits of other requests in the meantime
    join it, and seals everything pending in one short transaction: one head lock
    and one chain update for many entries instead of one per commit. Entries left
    pending by a process that stopped are sealed by ``balai audit seal`` (cron) or
    by the next seal anywhere. The thread is started lazily in the process that
    needs it (after a server's fork), and started again if it died.
    """

    def __init__(self, using: str) -> None:
        self.using = using
        self._lock = threading.Lock()
        self._pid = -1
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()
        self._full = threading.Event()  # AUDIT_SEAL_COMMITS commits are waiting
        self._idle = threading.Event()
        self._idle.set()
        self._waiting = 0  # commits since the current round's wait began
        self.seals = 0  # seal transactions run (for tests and benchmarks)
        self.delay_ms = 0  # the current wait (adaptive; for tests and benchmarks)
        self._exit_hook = False
        self._stopping = False

    def request(self) -> None:
        with self._lock:
            if self._pid != os.getpid():  # a fork copies no threads: start anew
                self._pid, self._thread = os.getpid(), None
                self._wake, self._idle = threading.Event(), threading.Event()
                self._full, self._waiting = threading.Event(), 0
            self._idle.clear()
            self._wake.set()
            self._waiting += 1
            if self._waiting >= _seal_commits():
                self._full.set()
            if self._thread is None or not self._thread.is_alive():
                self._stopping = False  # a stop that timed out ends with its thread
                self._thread = threading.Thread(
                    target=self._run, name=f"audit-sealer-{self.using}", daemon=True
                )
                self._thread.start()
                if not self._exit_hook:
                    # a command or worker that exits waits for its last seal, then
                    # closes the thread's connection (atexit runs while daemon
                    # threads still do)
                    atexit.register(self.stop, 10.0)
                    self._exit_hook = True

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every requested seal is done; False on timeout."""
        return self._idle.wait(timeout)

    def stop(self, timeout: float = 10.0) -> bool:
        """Seal what was requested, then end the thread and close its database
        connection (a process that exits, a test run whose databases are dropped).
        A later ``request()`` starts a new thread. False if it did not end in time."""
        self.flush(timeout)
        with self._lock:
            thread = self._thread
            if thread is None or not thread.is_alive() or self._pid != os.getpid():
                return True
            self._stopping = True
            self._wake.set()
        thread.join(timeout)
        if thread.is_alive():  # still sealing: it ends after this round
            return False
        with self._lock:
            self._stopping = False
            self._thread = None
            self._wake.clear()
            self._idle.set()
        return True

    def _run(self) -> None:
        wake, idle, full = self._wake, self._idle, self._full
        failures = 0
        pace = _Pace()
        while True:
            wake.wait()
            if self._stopping:  # one last seal for a commit that came meanwhile
                try:
                    seal_pending(using=self.using)
                except Exception:
                    logger.exception("audit.seal_failed at stop")
                connections[self.using].close()
                return
            delay = pace.delay_ms(time.monotonic())
            self.delay_ms = delay
            # after a failure, wait longer before the retry (0.2 s, 0.4 s, 0.8 s)
            backoff = RETRY_BASE_SECONDS * (2 ** (failures - 1)) if failures else 0
            # the wait ends early once AUDIT_SEAL_COMMITS commits are waiting
            full.wait(max(max(delay, 1) / 1000, backoff))
            with self._lock:
                wake.clear()  # a commit from here on asks for another round
                full.clear()
                self._waiting = 0
            connection = connections[self.using]
            try:
                connection.close_if_unusable_or_obsolete()
                sealed = seal_pending(using=self.using, look_first=False)
                self.seals += 1
                failures = 0
                pace.sealed(sealed, time.monotonic())
            except Exception:
                # The entries stay pending (``audit verify`` reports them). A busy
                # database (SQLite's "database is locked" under many writers) or a
                # broken connection is tried again a few times without waiting for
                # another commit; after that the next commit or `balai audit seal`
                # seals them. A broken connection is replaced on the next round.
                logger.exception("audit.seal_failed attempt=%s", failures + 1)
                connection.close()
                failures += 1
                if failures <= RETRIES:
                    wake.set()
                else:
                    failures = 0
            with self._lock:
                if not wake.is_set():
                    idle.set()


class _Pace:
    """How long the sealer waits before its next seal, in milliseconds.

    ``AUDIT_SEAL_DELAY_MS`` after a quiet spell (no seal for longer than
    ``AUDIT_SEAL_MAX_DELAY_MS``), so that a lone commit is sealed soon. Then, while
    commits keep coming (the next round is asked for within the longest wait), each
    round waits twice as long as the one before, up to ``AUDIT_SEAL_MAX_DELAY_MS``:
    under load one seal chains the commits of that whole time. A seal that found
    nothing to chain (another process's sealer held the head, or had already
    sealed these entries: it looks again after each batch) also doubles the wait,
    so the processes of one database leave the work to whichever is sealing rather
    than each running a transaction that finds nothing.
    """

    def __init__(self) -> None:
        self._current = 0
        self._last_seal = -1e9

    def delay_ms(self, now: float) -> int:
        base, longest = _seal_delays()
        if (now - self._last_seal) * 1000 > longest or self._current == 0:
            self._current = base  # quiet since the last seal: start short
        else:  # commits keep coming
            self._current = min(max(self._current * 2, base), longest)
        return self._current

    def sealed(self, count: int, now: float) -> None:
        self._last_seal = now
        if count <= 0:  # nothing of ours was left: someone else is sealing
            self._current = min(self._current * 2, _seal_delays()[1])


def _seal_delays() -> tuple[int, int]:
    """(first wait, longest wait) in milliseconds."""
    base = max(0, int(getattr(settings, "AUDIT_SEAL_DELAY_MS", 0) or 0))
    longest = int(getattr(settings, "AUDIT_SEAL_MAX_DELAY_MS", 0) or 0)
    return base, max(base, longest)


def _seal_commits() -> int:
    """Commits waiting that end the sealer's wait at once."""
    return max(1, int(getattr(settings, "AUDIT_SEAL_COMMITS", 256) or 256))


_sealers: dict[str, Sealer] = {}
_sealers_lock = threading.Lock()


def sealer(using: str = DEFAULT_DB_ALIAS) -> Sealer:
    """This process's sealer for the database ``using``."""
    with _sealers_lock:
        found = _sealers.get(using)
        if found is None:
            found = _sealers[using] = Sealer(using)
        return found


def stop_sealers(timeout: float = 10.0) -> None:
    """Stop this process's sealers (each seals what was requested first)."""
    with _sealers_lock:
        running = list(_sealers.values())
    for each in running:
        each.stop(timeout)


def _seal_quietly() -> None:
    # A failed seal must not fail the caller, whose work is committed: the entries
    # stay pending (reported by `audit verify`) until the next seal.
    try:
        seal_pending(look_first=False)  # the caller has just committed an entry
    except Exception:
        logger.exception("audit.seal_failed")


def pending_chains(using: str = DEFAULT_DB_ALIAS) -> list[int]:
    """The chains that have entries waiting to be sealed (read from the partial index
    of unsealed entries, so cheap however long the log)."""
    return sorted(
        QuerySet(model=AuditEntry)
        .using(using)
        .filter(seq__isnull=True)
        .order_by()
        .values_list("chain", flat=True)
        .distinct()
    )


def seal_pending(
    *,
    batch: int = SEAL_BATCH,
    using: str = DEFAULT_DB_ALIAS,
    look_first: bool = True,
    chains: list[int] | None = None,
) -> int:
    """Seal every committed entry not sealed yet; return how many this call sealed.

    Each chain is sealed under its own head. A chain whose head another process
    holds is left to that one (it seals the rest). ``look_first=False`` skips the
    first look for pending entries when there is one chain (the caller knows there
    is an entry); ``chains`` limits the call to those chains.
    """
    key = audit_key()
    connection = connections[using]
    skip_locked = connection.features.has_select_for_update_skip_locked
    if chains is None:
        if not look_first and _chain_count() == 1:
            chains = [AuditHead.SINGLETON_ID]
        else:
            chains, look_first = pending_chains(using), False
    total = 0
    for chain in chains:
        total += _seal_chain(
            key,
            chain=chain,
            batch=batch,
            using=using,
            skip_locked=skip_locked,
            look_first=look_first,
        )
    return total


def _chain_count() -> int:
    return max(1, int(getattr(settings, "AUDIT_CHAINS", 1) or 1))


def _seal_chain(
    key: bytes,
    *,
    chain: int,
    batch: int,
    using: str,
    skip_locked: bool,
    look_first: bool,
) -> int:
    def any_pending() -> bool:
        return (
            QuerySet(model=AuditEntry)
            .using(using)
            .filter(chain=chain, seq__isnull=True)
            .exists()
        )

    total = 0
    # Looking costs no lock: the head is locked only when there is work. With SKIP
    # LOCKED, look again after each batch for entries whose sealer skipped while we
    # held the head, until nothing is pending (or only refused rows are).
    while not look_first or any_pending():
        look_first = True
        sealed = _seal_batch(
            key, chain=chain, batch=batch, using=using, skip_locked=skip_locked
        )
        if sealed == _BUSY:
            return total
        total += sealed
        if sealed == 0 or (not skip_locked and sealed < batch):
            return total
    return total


def _lock_head(using: str, skip_locked: bool, chain: int) -> tuple[int, str] | None:
    """The chain head's (last_seq, last_hash), locked; None when another sealer
    holds it."""
    connection = connections[using]
    lock = ""
    if connection.features.has_select_for_update:
        lock = " FOR UPDATE SKIP LOCKED" if skip_locked else " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(_HEAD_SQL + lock, [chain])
        found = cursor.fetchone()
        if (
            found is None
            and not AuditHead.objects.using(using).filter(pk=chain).exists()
        ):
            # A new chain, or an empty log after `flush`: create the head; a racing
            # sealer's insert is ignored and one of the two then finds it locked.
            AuditHead.objects.using(using).bulk_create(
                [AuditHead(pk=chain)], ignore_conflicts=True
            )
            cursor.execute(_HEAD_SQL + lock, [chain])
            found = cursor.fetchone()
    return None if found is None else (int(found[0]), str(found[1]))


# Every column of an entry, in model order: what the chain's hash covers (``chain``).
_PENDING_FIELDS: tuple[str, ...] = tuple(
    field.attname for field in AuditEntry._meta.concrete_fields
)
_CHAIN_MARK = 32767  # the largest chain number the column holds; a placeholder only


class PendingEntry:
    """An entry not sealed yet, read as a row: each column an attribute under its
    model name, with the model field's own conversion from the database (what
    ``chain.compute_hash`` reads), without building a model instance."""

    __slots__ = _PENDING_FIELDS
    id: int
    occurred_at: Any
    actor_id: Any
    actor_kind: Any
    agency_id: Any
    role: Any
    action: Any
    object_type: Any
    object_id: Any
    subject_id: Any
    purpose: Any
    request_id: Any
    ip: Any
    ip_digest: Any
    changes: Any
    seq: int | None
    prev_hash: str
    entry_hash: str
    chain_version: Any
    chain: Any

    def __init__(self, values: Sequence[Any]) -> None:
        for name, value in zip(_PENDING_FIELDS, values, strict=True):
            setattr(self, name, value)


if set(PendingEntry.__annotations__) != set(_PENDING_FIELDS):  # a new column
    raise RuntimeError("PendingEntry must name every column of AuditEntry.")


class _PendingRead:
    """A chain's first ``batch`` pending entries, by id: the ORM's query
    ``filter(chain=…, seq__isnull=True).order_by("id").values_list(<every
    column>)[:batch]``, compiled once (compiling it cost more than the rest of a
    seal) and run as plain SQL, each column through the converters the ORM's own
    run would apply (dates, UUIDs, JSON on SQLite)."""

    def __init__(self, using: str, batch: int) -> None:
        queryset: QuerySet[AuditEntry, tuple[Any, ...]] = (
            QuerySet(model=AuditEntry)
            .using(using)
            .filter(chain=_CHAIN_MARK, seq__isnull=True)
            .order_by("id")
            .values_list(*_PENDING_FIELDS)[:batch]
        )
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if list(params) != [_CHAIN_MARK]:  # never run a query it did not expect
            raise RuntimeError(f"Unexpected pending-entries parameters: {params!r}")
        self.sql = sql
        columns = [selected[0] for selected in compiler.select[: compiler.col_count]]
        self._converters = list(compiler.get_converters(columns).items())

    def entries(
        self, rows: Iterable[Sequence[Any]], connection: Any, offset: int = 0
    ) -> list[PendingEntry]:
        """``rows`` (the entry's columns from ``offset`` on) as entries."""
        found = []
        for row in rows:
            values = list(row[offset:])
            for position, (converters, expression) in self._converters:
                value = values[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                values[position] = value
            found.append(PendingEntry(values))
        return found


_PENDING_READS: dict[tuple[str, int, int], _PendingRead] = {}


def _pending_read(using: str, batch: int) -> _PendingRead:
    # per thread: the converters were taken from this thread's connection
    key = (using, batch, threading.get_ident())
    found = _PENDING_READS.get(key)
    if found is None:
        found = _PENDING_READS[key] = _PendingRead(using, batch)
    return found


def _pending(using: str, chain: int, batch: int) -> list[PendingEntry]:
    """The first ``batch`` entries of ``chain`` not sealed yet, by id."""
    read = _pending_read(using, batch)
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(read.sql, [chain])
        rows = cursor.fetchall()
    return read.entries(rows, connection)


# PostgreSQL: one statement locks the head (or finds it busy), reads the pending
# entries and drops the wait for the WAL flush of this transaction (``set_config``
# local to it, as ``SET LOCAL``); another moves the entries and the head together.
# A seal is then BEGIN, these two and COMMIT: four round trips, not seven.
# The statement's snapshot may predate the commit of the sealer that held the head
# just before (the head lock itself waits for nobody and sees the newest head): the
# pending entries are therefore locked too, so that PostgreSQL checks each against
# its newest version and drops those that sealer chained meanwhile; and the write
# moves the head only if it sealed exactly the entries read (else the seal rolls
# back and is tried again), so a position can never be skipped.
_PG_LOCK_AND_READ = (
    "SELECT h.last_seq, h.last_hash, e.* FROM "
    "(SELECT last_seq, last_hash, set_config('synchronous_commit', 'off', true) "
    "FROM security_audithead WHERE id = %s FOR UPDATE SKIP LOCKED) AS h "
    "LEFT JOIN LATERAL ({pending} FOR UPDATE) AS e ON true"
)
# The batch as four arrays: one statement text whatever the batch's size (the
# driver parses and caches it once; a VALUES list of 4 placeholders per entry was
# parsed again for every size).
_PG_SEAL_SQL = (
    "WITH sealed AS (UPDATE security_auditentry AS e "
    "SET seq = v.seq, prev_hash = v.prev_hash, entry_hash = v.entry_hash "
    "FROM unnest(%s::bigint[], %s::bigint[], %s::varchar[], %s::varchar[]) "
    "AS v (id, seq, prev_hash, entry_hash) "
    "WHERE e.id = v.id AND e.seq IS NULL RETURNING e.id) "
    "UPDATE security_audithead SET last_seq = %s, last_hash = %s "
    "WHERE id = %s AND (SELECT count(*) FROM sealed) = %s"
)


def _pg_lock_and_read(
    using: str, chain: int, batch: int
) -> tuple[tuple[int, str], list[PendingEntry]] | None:
    """PostgreSQL, in the seal's transaction: the chain head locked and its pending
    entries, in one round trip; None when the head is busy or missing."""
    read = _pending_read(using, batch)
    connection = connections[using]
    with prepared_cursor(connection) as cursor:
        cursor.execute(_PG_LOCK_AND_READ.format(pending=read.sql), [chain, chain])
        rows = cursor.fetchall()
    if not rows:
        return None
    head = (int(rows[0][0]), str(rows[0][1]))
    if rows[0][2] is None:  # the LEFT JOIN's empty side: nothing pending
        return head, []
    return head, read.entries(rows, connection, offset=2)


def _write_seals(using: str, chain: int, updates: list[tuple[Any, ...]]) -> None:
    """Give each entry its position and chain hash and move the head, in the seal's
    transaction (PostgreSQL: one statement for the whole batch)."""
    last_seq, last_hash = updates[-1][1], updates[-1][3]
    connection = connections[using]
    with prepared_cursor(connection) as cursor:
        if connection.vendor == "postgresql":
            columns = [list(column) for column in zip(*updates, strict=True)]
            cursor.execute(
                _PG_SEAL_SQL, [*columns, last_seq, last_hash, chain, len(updates)]
            )
            if cursor.rowcount != 1:  # rolls the seal back; the next one redoes it
                raise SealRaced(
                    f"Audit chain {chain}: the seal did not find its entries pending."
                )
            return
        rows = [
            (seq, prev, hashed, entry_id) for entry_id, seq, prev, hashed in updates
        ]
        if len(rows) == 1:
            cursor.execute(_SEAL_SQL, rows[0])
        else:
            cursor.executemany(_SEAL_SQL, rows)
        cursor.execute(_MOVE_HEAD_SQL, [last_seq, last_hash, chain])


def _seal_batch(
    key: bytes, *, chain: int, batch: int, using: str, skip_locked: bool
) -> int:
    with transaction.atomic(using=using):
        # Not waiting for the WAL flush is safe here (PostgreSQL): a seal lost in a
        # crash rolls back whole, its entries are pending again and the next seal
        # chains them. The callers' own commits stay synchronous.
        postgres = connections[using].vendor == "postgresql"
        found = None
        if postgres and skip_locked:
            found = _pg_lock_and_read(using, chain, batch)
            if (
                found is None
                and AuditHead.objects.using(using).filter(pk=chain).exists()
            ):
                return _BUSY  # another sealer holds the head: it seals the rest
        if found is None:  # no combined statement, or no head yet
            if postgres:
                with connections[using].cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            head = _lock_head(using, skip_locked, chain)
            if head is None:
                return _BUSY
            pending = _pending(using, chain, batch)
        else:
            head, pending = found
        last_seq, last_hash = head
        if (
            last_seq == 0
            and QuerySet(model=AuditEntry)
            .using(using)
            .filter(chain=chain, seq__isnull=False)
            .exists()
        ):
            raise AuditChainBroken(
                f"The head of audit chain {chain} was lost while sealed entries "
                "exist; "
                "run `balai audit verify`."
            )
        # (id, seq, prev_hash, entry_hash) of each entry sealed, in order
        updates: list[tuple[Any, ...]] = []
        for entry in pending:
            hashed = sealed_hash(entry, key, last_seq + 1, last_hash)
            if hashed is None:
                logger.error("audit.unsealed_entry_refused id=%s", entry.id)
                continue
            entry.seq, entry.prev_hash = last_seq + 1, last_hash
            entry.entry_hash = hashed
            last_seq, last_hash = entry.seq, entry.entry_hash
            updates.append((entry.id, entry.seq, entry.prev_hash, entry.entry_hash))
        if not updates:
            return 0
        _write_seals(using, chain, updates)
    return len(updates)
