# SPDX-License-Identifier: EUPL-1.2
"""NIK lookups through the exchange API under load from a second process.

For SQLite and, when reachable, PostgreSQL: a throwaway register with
``BALAI_BENCH_EXCHANGE_RESIDENTS`` residents (default 2,000; 10,000 with --full) is
served by gunicorn (``BALAI_BENCH_WORKERS`` workers, default 2; on PostgreSQL
``BALAI_BENCH_PG_WORKERS``, default 2 x cores + 1) on 127.0.0.1; wrk sends
``POST /api/v1/registry/residents/lookup/`` with a client credential, a purpose and a
different NIK each time. The baseline is ``GET /api/v1/ping/`` served by the same
gunicorn in the same run. Each lookup is authenticated (the secret compared every
call), checked against the agreement, decrypted, filtered to the agreed fields and
appended to the audit log (sealed after its commit), so the ratio shows what all of
that costs. wrk and the server share this machine's cores.

By default each backend gets one gunicorn with the process audit sealer (the
production setting, against the target) and the register is seeded with only the
accounts and residents a lookup reads, so the module takes about two minutes; with
--full (``BALAI_BENCH_FULL``) 10,000 residents and a second gunicorn per backend
that seals at each commit, for comparison.

PostgreSQL: ``BALAI_BENCH_PG_URL``'s server, database ``<its database>_exchange``
(dropped and created again as a copy of ``<its database>_exchange_tpl_<digest>``:
migrated, with the regions, kept between runs and made again when a migration
changes).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import serving

# about two minutes on a quiet machine by default; the limit leaves room for a
# loaded one (at a load average of 21 on 2 cores the module got ~13 % of the CPU)
TIMEOUT_SECONDS = 600
FULL = bool(os.environ.get("BALAI_BENCH_FULL"))
# a lookup goes through the NIK's blind index (a B-tree): 2,000 residents answer
# like 10,000 and seed in a fifth of the time; `make bench-full` seeds 10,000
RESIDENTS = int(
    os.environ.get("BALAI_BENCH_EXCHANGE_RESIDENTS", "10000" if FULL else "2000")
)
NIKS = 2000
PURPOSE = "health_insurance_enrolment"
PG_SERVER = os.environ.get(
    "BALAI_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/balai_perf_bench"
)
TARGETS = {"sqlite": 0.3, "postgresql": 0.5}
# PostgreSQL: more workers than cores, so one worker's wait for its commit's WAL
# flush overlaps the others' work (SQLite serialises writers: the default there)
PG_WORKERS = int(
    os.environ.get("BALAI_BENCH_PG_WORKERS", str(2 * (os.cpu_count() or 1) + 1))
)
# the audit sealer's coalescing delay (the production default; 0 = seal per commit)
SEAL_DELAY_MS = os.environ.get("BALAI_BENCH_SEAL_DELAY_MS", "10")
LOOKUP = "/api/v1/registry/residents/lookup/"
# the demo-data seeders the lookup needs (balai.core.seeding names)
SEEDERS = {"accounts", "registry"}

LUA = """
local bodies = {}
for line in io.lines("%(niks)s") do
  bodies[#bodies + 1] = '{"nik": "' .. line .. '"}'
end
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(credential)s"
wrk.headers["X-Purpose"] = "%(purpose)s"
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, bodies[(n %% #bodies) + 1])
end
"""


def _environment(var_dir: str, database_url: str | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"BALAI_DATABASE_URL", "BALAI_KEYRING"}
    }
    env.update(
        {
            "BALAI_VAR_DIR": var_dir,
            "BALAI_ENV": "test",
            "BALAI_KEYRING_FILE": os.path.join(var_dir, "keyring.json"),
            "BALAI_TASKS_BACKEND": "immediate",
            "BALAI_LOG_LEVEL": "WARNING",
            "BALAI_AUDIT_SEAL_DELAY_MS": SEAL_DELAY_MS,
            "DJANGO_SETTINGS_MODULE": "balai.settings",
            **serving.api_rate_env(),
        }
    )
    if database_url:
        env["BALAI_DATABASE_URL"] = database_url
    return env


def _prepare(env: dict[str, str], results: object) -> None:
    """Child process: migrate, seed, issue a client; send its credential and NIKs."""
    os.environ.clear()
    # seal at each commit while seeding: no sealer thread racing the seed's writes
    os.environ.update({**env, "BALAI_AUDIT_SEAL_DELAY_MS": "0"})
    results.put(prepare_here(RESIDENTS))


def prepare_here(residents: int) -> tuple[str, list[str]]:
    """In this process (environment already set): migrate, seed ``residents``, issue
    a client under a current agreement; its credential and up to NIKS NIKs."""
    import datetime as dt

    import django
    from django.core.management import call_command

    django.setup()
    serving.migrate()
    from balai.regions.models import Region

    if not Region.objects.exists():  # a PostgreSQL template already holds them
        call_command("load_regions", verbosity=0)
    from django.utils import timezone

    from balai.core import seeding

    # only the register and the accounts it needs (the whole `balai seed` adds
    # finance, sentiment, reports...: minutes a lookup never reads)
    context = seeding.make_context(
        residents=residents, seed=2026, write=lambda line: None, progress=False
    )
    for name, seeder in seeding.seeders():
        if name in SEEDERS:
            seeder(context)

    from balai.accounts.models import Agency
    from balai.registry.exchange import services
    from balai.registry.exchange.models import DataSharingAgreement
    from balai.registry.models import Resident
    from balai.security.audit import seal_pending

    seal_pending()
    unit = Agency.objects.get(code="disdukcapil").unit
    consumer, _created = Agency.objects.get_or_create(
        code="bpjs-kesehatan",
        defaults={"name": "BPJS Kesehatan", "short_name": "BPJS", "unit": unit},
    )
    agreement = DataSharingAgreement.objects.create(
        consumer=consumer,
        title="Bench agreement",
        legal_basis="Permendagri 102/2019",
        purpose_code=PURPOSE,
        purpose_description="Health insurance enrolment",
        allowed_fields=["full_name", "birth_date", "sex", "village_code"],
        valid_from=timezone.localdate() - dt.timedelta(days=1),
    )
    issued = services.api_client_create(
        agency=consumer, agreement=agreement, name="bench", rate_limit=10_000_000
    )
    niks = [resident.nik for resident in Resident.objects.all()[:NIKS]]
    return issued.credential, niks


def _prepared(env: dict[str, str]) -> tuple[str, list[str]]:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    child = context.Process(target=_prepare, args=(env, results))
    child.start()
    found = results.get(timeout=600)
    child.join(timeout=60)
    return found


def _migrations_fingerprint() -> str:
    """A digest of every migration file and of Django's version: a template
    database made for another fingerprint is never used."""
    import hashlib

    import django

    digest = hashlib.blake2b(django.__version__.encode(), digest_size=6)
    root = Path(__file__).resolve().parent.parent / "src" / "balai"
    for path in sorted(root.glob("**/migrations/*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _migrate_template(url: str) -> None:
    """Child process: migrate the template database and load the regions into it."""
    os.environ.pop("BALAI_DATABASE_URL", None)
    with tempfile.TemporaryDirectory(prefix="balai-bench-pg-template-") as var_dir:
        os.environ.update(_environment(var_dir, url))
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_regions", verbosity=0)


def _pg_database() -> str | None:
    """A fresh benchmark database on the PostgreSQL server, or None without one.

    It is a copy (``CREATE DATABASE ... TEMPLATE``, seconds) of a migrated database
    holding the regions, ``<name>_exchange_tpl_<fingerprint>``, kept on the server
    between runs and made again when a migration changes: migrating PostgreSQL
    from nothing and loading 92,000 regions took minutes of each run before.
    """
    try:
        import psycopg

        url = urllib.parse.urlsplit(PG_SERVER)
        name = (url.path.strip("/") or "balai_perf_bench") + "_exchange"
        template = f"{name}_tpl_{_migrations_fingerprint()}"

        def connect() -> psycopg.Connection:
            return serving.pg_maintenance(PG_SERVER)

        with connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            found = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [template]
            ).fetchone()
            if not found:
                stale = conn.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s",
                    [f"{name}_tpl_%"],
                ).fetchall()
                for (old,) in stale:
                    conn.execute(f'DROP DATABASE "{old}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{template}"')
        if not found:
            started = time.perf_counter()
            context = multiprocessing.get_context("spawn")
            child = context.Process(
                target=_migrate_template,
                args=(urllib.parse.urlunsplit(url._replace(path=f"/{template}")),),
            )
            child.start()
            child.join(timeout=900)
            if child.exitcode != 0:
                with connect() as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
                raise RuntimeError(f"migrating {template} failed ({child.exitcode})")
            print(
                f"bench_exchange: PostgreSQL template {template} made in "
                f"{time.perf_counter() - started:.0f} s",
                file=sys.stderr,
            )
        with connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    except Exception as exc:  # no server: SQLite only, and say so
        print(f"bench_exchange: PostgreSQL skipped ({exc})", file=sys.stderr)
        return None
    return urllib.parse.urlunsplit(url._replace(path=f"/{name}"))


def _check_lookup(base: str, credential: str, nik: str) -> None:
    request = urllib.request.Request(
        base + LOOKUP,
        data=json.dumps({"nik": nik}).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {credential}",
            "X-Purpose": PURPOSE,
        },
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        body = json.loads(answer.read())
    if "full_name" not in body:
        raise RuntimeError(f"unexpected lookup answer: {body}")


def _serve(
    env: dict[str, str],
    workers: int,
    credential: str,
    niks: list[str],
    script: Path,
    label: str,
    target: float | None,
) -> list[dict]:
    with serving.Gunicorn(env, workers=workers) as server:
        _check_lookup(server.base, credential, niks[0])
        # ping before and after the lookups: the baseline is their mean, so a
        # change of the machine's load during the run moves both alike
        before = serving.wrk(server.base + serving.PING)
        lookup = serving.wrk(server.base + LOOKUP, str(script))
        after = serving.wrk(server.base + serving.PING)
    ping = (before["rate"] + after["rate"]) / 2
    return [
        serving.row(
            f"{label} GET /api/v1/ping/ (baseline, mean of before and after)",
            ping,
            ping,
        ),
        serving.row(
            f"{label} NIK lookup ({RESIDENTS:,} residents)",
            lookup["rate"],
            ping,
            target=target,
        ),
        {"name": f"{label} lookup p50", "value": lookup["p50"], "unit": "ms"},
        {"name": f"{label} lookup p99", "value": lookup["p99"], "unit": "ms"},
    ]


def _measure(backend: str, database_url: str | None) -> list[dict]:
    """The lookup with the process sealer (the default, against the target); with
    --full also with a seal per commit (round 1's way, for comparison), on one
    register."""
    with tempfile.TemporaryDirectory(prefix=f"balai-bench-{backend}-") as var_dir:
        env = _environment(var_dir, database_url)
        started = time.perf_counter()
        credential, niks = _prepared(env)
        print(
            f"bench_exchange: {backend} register prepared in "
            f"{time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        Path(var_dir, "niks.txt").write_text("\n".join(niks) + "\n")
        script = Path(var_dir, "lookup.lua")
        script.write_text(
            LUA
            % {
                "niks": Path(var_dir, "niks.txt"),
                "credential": credential,
                "purpose": PURPOSE,
            }
        )
        workers = PG_WORKERS if backend == "postgresql" else serving.WORKERS
        rows = []
        for delay in dict.fromkeys([SEAL_DELAY_MS, *(["0"] if FULL else [])]):
            label = f"gunicorn {backend} ({workers} workers, "
            label += f"seal delay {delay} ms)" if delay != "0" else "seal per commit)"
            rows += _serve(
                {**env, "BALAI_AUDIT_SEAL_DELAY_MS": delay},
                workers,
                credential,
                niks,
                script,
                label,
                TARGETS[backend] if delay == SEAL_DELAY_MS else None,
            )
    return rows


def run() -> list[dict]:
    rows = _measure("sqlite", None)
    database_url = _pg_database()
    if database_url:
        rows += _measure("postgresql", database_url)
    return rows
