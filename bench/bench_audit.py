# SPDX-License-Identifier: EUPL-1.2
"""Audited operations per second with 8 concurrent writers on PostgreSQL.

Each writer is its own process (its own connection) and repeats one audited
operation: a transaction that inserts a business row, appends an audit entry and,
in the second scenario, keeps working for 5 ms afterwards (``pg_sleep``, standing
for a service that changes the register and signs a PDF after its audit call).
Before audit sealing, the chain head row stayed locked from the append to the
caller's commit, so the second scenario serialised all writers on it. At the end the
chain is sealed and ``verify_chain`` must pass over every entry.

Each scenario runs twice: every commit sealing its own entries, then each writer's
process sealer (``AUDIT_SEAL_DELAY_MS=10``) coalescing them; the ratio is to the
first.

Needs PostgreSQL: the server of ``BALAI_BENCH_PG_URL`` (default
postgres://postgres@127.0.0.1:5432/balai_perf_bench), database ``<its name>_audit``
(dropped and recreated). Without a reachable server the module reports nothing
and says so.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import time
import urllib.parse

import serving

TIMEOUT_SECONDS = 900
WRITERS = int(os.environ.get("BALAI_BENCH_AUDIT_WRITERS", "8"))
SECONDS = float(os.environ.get("BALAI_BENCH_AUDIT_SECONDS", "8"))
_SERVER = urllib.parse.urlsplit(
    os.environ.get(
        "BALAI_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/balai_perf_bench"
    )
)
_NAME = (_SERVER.path.strip("/") or "balai_perf_bench") + "_audit"
PG_URL = urllib.parse.urlunsplit(_SERVER._replace(path="/" + _NAME))
SCENARIOS = [("audited op, commit at once", 0.0), ("audited op + 5 ms work", 0.005)]
# How entries are sealed: each commit seals its own (AUDIT_SEAL_DELAY_MS=0, round 1)
# or each writer process's sealer thread seals what its commits appended within
# 10 ms in one batch (the default outside tests)
SEAL_MODES = [("seal per commit", "0"), ("process sealer 10 ms", "10")]


def _environment(var_dir: str, seal_delay: str = "0") -> dict[str, str]:
    return {
        "BALAI_AUDIT_SEAL_DELAY_MS": seal_delay,
        "BALAI_VAR_DIR": var_dir,
        "BALAI_ENV": "test",
        "BALAI_DATABASE_URL": PG_URL,
        "BALAI_KEYRING_FILE": os.path.join(var_dir, "keyring.json"),
        "BALAI_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "balai.settings",
    }


def _recreate_database() -> None:

    url = urllib.parse.urlsplit(PG_URL)
    name = url.path.lstrip("/")
    with serving.pg_maintenance(PG_URL) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _writer(
    var_dir: str, work: float, seal_delay: str, barrier: object, results: object
) -> None:
    os.environ.update(_environment(var_dir, seal_delay))
    import django

    django.setup()
    import uuid

    from django.db import connection, transaction

    from balai.security import audit

    actor = None

    def operation(number: int) -> None:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO bench_work (n) VALUES (%s)", [number])
            audit.record(
                actor=actor,
                action="person.read",
                object_type="registry.resident",
                object_id=str(uuid.uuid4()),
                purpose="bench",
            )
            if work:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_sleep(%s)", [work])

    for number in range(5):
        operation(number)
    barrier.wait(timeout=60)
    count, deadline = 0, time.perf_counter() + SECONDS
    while time.perf_counter() < deadline:
        operation(count)
        count += 1
    results.put(count)
    from balai.security.audit.seal import sealer

    sealer().flush(timeout=30)  # (a no-op when each commit sealed its own)


def _measure(var_dir: str, work: float, seal_delay: str) -> float:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(WRITERS + 1)
    results = context.Queue()
    workers = [
        context.Process(
            target=_writer, args=(var_dir, work, seal_delay, barrier, results)
        )
        for _ in range(WRITERS)
    ]
    for worker in workers:
        worker.start()
    barrier.wait(timeout=120)
    started = time.perf_counter()
    counts = [results.get(timeout=SECONDS + 120) for _ in workers]
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.join(timeout=30)
    return sum(counts) / elapsed


def run() -> list[dict]:
    try:
        _recreate_database()
    except Exception as exc:  # no server: say so instead of failing the whole run
        print(
            f"bench_audit: PostgreSQL not reachable ({exc}); skipped", file=sys.stderr
        )
        return []
    with tempfile.TemporaryDirectory(prefix="balai-bench-audit-") as var_dir:
        os.environ.update(_environment(var_dir))
        import django
        from django.core.management import call_command

        django.setup()
        # every app's tables: post_migrate receivers (the roles) need theirs
        call_command("migrate", verbosity=0, interactive=False)
        from django.db import connection, connections

        from balai.security.crypto.keyring import keyring

        keyring()  # generate the throwaway keyring once, before the writers start
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_work (id serial PRIMARY KEY, n int)")
        connections.close_all()
        rows = []
        for label, work in SCENARIOS:
            rates = []
            for mode, delay in SEAL_MODES:
                rates.append(_measure(var_dir, work, delay))
                rows.append(
                    {
                        "name": f"{label}, {mode} ({WRITERS} writers, PG)",
                        "value": rates[-1],
                        "unit": "ops/s",
                        "ratio": rates[-1] / rates[0],
                    }
                )
                print(f"{rows[-1]['name']}: {rates[-1]:.1f} ops/s", file=sys.stderr)
        from balai.security import audit
        from balai.security.audit import verify

        sealer = getattr(audit, "seal_pending", None)  # absent before sealing existed
        if sealer is not None:
            sealer()
        result = verify.verify_chain()
        if not result.ok:
            raise RuntimeError(f"audit chain broken after the run: {result.reason}")
        rows.append(
            {"name": "entries verified", "value": result.checked, "unit": "entries"}
        )
        connections.close_all()
    return rows
