# SPDX-License-Identifier: EUPL-1.2
"""``balai backup`` and ``balai restore`` of a register of 100,000 residents.

Seeds ``BALAI_BENCH_BACKUP_N`` (default 100,000) synthetic residents (with their
accounts, families, events and audit entries) into a throwaway database, backs it up
and restores it into a new empty database with the same keyring, on SQLite and, when
``BALAI_BENCH_PG_URL``'s server answers (default
postgres://postgres@127.0.0.1:5432/balai_perf_bench), on PostgreSQL (databases
``<name>_backup`` and ``<name>_restore``, dropped and recreated). Each step is its own
``balai`` process; the figures are wall times, the RPO/RTO inputs of
docs/operations.md. Long: only with ``make bench-full`` or when named.
"""

TIMEOUT_SECONDS = 3600

import os  # noqa: E402 - TIMEOUT_SECONDS must stay the first statement
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
from pathlib import Path  # noqa: E402

N = int(os.environ.get("BALAI_BENCH_BACKUP_N", "100000"))
_SERVER = urllib.parse.urlsplit(
    os.environ.get(
        "BALAI_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/balai_perf_bench"
    )
)
_BASE = _SERVER.path.strip("/") or "balai_perf_bench"


def _pg_url(name: str) -> str:
    return urllib.parse.urlunsplit(_SERVER._replace(path="/" + name))


def _balai(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "balai.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"balai {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def _size_mb(directory: Path) -> float:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file()) / 1e6


def _pg_reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(_pg_url("postgres"), connect_timeout=3).close()
    except Exception:  # any failure means: skip PostgreSQL
        return False
    return True


def _pg_recreate(*names: str) -> None:
    import psycopg

    with psycopg.connect(_pg_url("postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')


def _pg_drop(*names: str) -> None:
    import psycopg

    with psycopg.connect(_pg_url("postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _scenario(label: str, source_url: str, target_url: str, var: Path) -> list[dict]:
    base = {**os.environ, "BALAI_ENV": "test", "BALAI_VAR_DIR": str(var / "var")}
    base["BALAI_KEYRING_FILE"] = str(var / "keyring.json")
    base.pop("BALAI_KEYRING", None)
    source = {**base, "BALAI_DATABASE_URL": source_url}
    source["BALAI_MEDIA_ROOT"] = str(var / "media-source")
    target = {**base, "BALAI_DATABASE_URL": target_url}
    target["BALAI_MEDIA_ROOT"] = str(var / "media-target")
    _balai(source, "migrate", "--verbosity", "0")
    _balai(source, "load_regions", "--verbosity", "0")
    seed_s = _balai(source, "seed", "--residents", str(N), "--no-progress")
    backup = var / "backup"
    backup_s = _balai(source, "backup", str(backup))
    restore_s = _balai(target, "restore", str(backup))
    return [
        {"name": f"{label}: seed {N:,} residents", "value": seed_s, "unit": "s"},
        {"name": f"{label}: backup", "value": backup_s, "unit": "s"},
        {"name": f"{label}: backup size", "value": _size_mb(backup), "unit": "MB"},
        {
            "name": f"{label}: restore (+ checks, audit verify)",
            "value": restore_s,
            "unit": "s",
        },
    ]


def run() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="balai-bench-backup-") as tmp:
        var = Path(tmp) / "sqlite"
        var.mkdir()
        rows += _scenario(
            "SQLite",
            f"sqlite:///{var}/source.sqlite3",
            f"sqlite:///{var}/target.sqlite3",
            var,
        )
    if _pg_reachable():
        names = (f"{_BASE}_backup", f"{_BASE}_restore")
        _pg_recreate(*names)
        try:
            with tempfile.TemporaryDirectory(prefix="balai-bench-backup-") as tmp:
                rows += _scenario(
                    "PostgreSQL", _pg_url(names[0]), _pg_url(names[1]), Path(tmp)
                )
        finally:
            _pg_drop(*names)  # about 1 GB for 100,000 residents
    else:
        print("PostgreSQL not reachable: SQLite figures only", file=sys.stderr)
    for row in rows:
        print(f"{row['name']}: {row['value']:.1f} {row['unit']}", file=sys.stderr)
    return rows
