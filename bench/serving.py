# SPDX-License-Identifier: EUPL-1.2
"""Shared pieces of the HTTP benchmarks: in-process rates, gunicorn and wrk.

Every HTTP figure is a ratio to ``GET /api/v1/ping/`` served the same way in the same
run: in-process through Django's test Client (no sockets), and under gunicorn with
wrk loading it from a second process. Paths may be one string or many: a list is
walked in order (the caller shuffles it), so a benchmark can draw each request from
thousands of distinct query strings.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

WINDOW_SECONDS = float(os.environ.get("BALAI_BENCH_WINDOW", "2"))
WRK_SECONDS = int(os.environ.get("BALAI_BENCH_WRK_SECONDS", "4"))
WORKERS = int(os.environ.get("BALAI_BENCH_WORKERS", "2"))
CONNECTIONS = int(os.environ.get("BALAI_BENCH_CONNECTIONS", "16"))
PING = "/api/v1/ping/"
PROFILE = os.environ.get("BALAI_BENCH_PROFILE", "")  # a path to profile in-process

WRK_PATHS_LUA = """
local paths = {}
for line in io.lines("%(file)s") do paths[#paths + 1] = line end
local n = 0
setup = function(thread)
  thread:set("offset", math.random(1, #paths))
end
request = function()
  n = n + 1
  return wrk.format("GET", paths[((offset or 0) + n) %% #paths + 1])
end
"""


def api_rate_env() -> dict[str, str]:
    """No API throttling (it would answer 429 long before the window ends)."""
    return {
        "BALAI_API_ANON_RATE": "100000000/minute",
        "BALAI_API_USER_RATE": "100000000/minute",
        "BALAI_OPEN311_RATE_LIMIT": "0",
        "BALAI_RATELIMIT": "false",
    }


def _cycle(paths: str | list[str]) -> Iterator[str]:
    return itertools.repeat(paths) if isinstance(paths, str) else itertools.cycle(paths)


def in_process_rate(client: object, paths: str | list[str], **headers: str) -> float:
    """Requests per second through the test Client for ``WINDOW_SECONDS``."""
    source = _cycle(paths)
    for _ in range(10):
        path = next(source)
        response = client.get(path, **headers)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
    count, started = 0, time.perf_counter()
    deadline = started + WINDOW_SECONDS
    while time.perf_counter() < deadline:
        client.get(next(source), **headers)
        count += 1
    return count / (time.perf_counter() - started)


def profile_in_process(client: object, paths: str | list[str], label: str) -> None:
    """With BALAI_BENCH_PROFILE set to a label, print a pyinstrument profile of it."""
    if not PROFILE or PROFILE not in label:
        return
    from pyinstrument import Profiler

    source = _cycle(paths)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(300):
        client.get(next(source))
    profiler.stop()
    print(profiler.output_text(unicode=False, color=False), file=sys.stderr)


def migrate() -> None:
    """``migrate``, quickly: a fresh SQLite database starts as a copy of the run's
    migrated template (``BALAI_BENCH_TEMPLATE_DB``, made once by run.py), so each
    module applies no migration itself; without a template it migrates as usual."""
    from django.core.management import call_command
    from django.db import connection

    template = os.environ.get("BALAI_BENCH_TEMPLATE_DB", "")
    if template and Path(template).exists() and connection.vendor == "sqlite":
        name = Path(str(connection.settings_dict["NAME"]))
        if not name.exists() or name.stat().st_size == 0:
            connection.close()
            name.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(template, name)
    call_command("migrate", verbosity=0, interactive=False)


def bulk_insert(model: type, rows: list[dict], *, chunk: int = 5000) -> None:
    """Insert ``rows`` (field name -> value) into ``model``'s table: one prepared
    ``INSERT`` run over each chunk of rows (``executemany``), no model instance and
    no signal (as ``bulk_create``, in a fraction of its time).

    Every value goes through its field's ``get_db_prep_save``, as the ORM's insert
    does. A field a row leaves out takes its default, prepared once for all rows
    (``auto_now``/``auto_now_add`` fields: now): so rows must give every field whose
    default differs per row (the ``id``, unique values). On SQLite the table's
    secondary indexes are dropped first and built again after the load (one sorted
    build instead of a random insertion per row), from their own definitions.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    fields = [f for f in model._meta.concrete_fields if not f.generated]
    given = {name for row in rows for name in row}
    now = timezone.now()
    constant: dict[str, object] = {}
    for field in fields:
        if field.attname in given or field.name in given:
            continue
        auto = getattr(field, "auto_now", False) or getattr(
            field, "auto_now_add", False
        )
        value = now if auto else field.get_default()
        constant[field.attname] = field.get_db_prep_save(value, connection)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    prepare = [
        (
            field.attname,
            field.name,
            field.attname in constant,
            functools.partial(field.get_db_prep_save, connection=connection),
        )
        for field in fields
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        indexes: list[str] = []
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = %s AND sql IS NOT NULL",
                [model._meta.db_table],
            )
            for name, statement in cursor.fetchall():
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                indexes.append(statement)
        for start in range(0, len(rows), chunk):
            values = []
            for row in rows[start : start + chunk]:
                values.append(
                    [
                        constant[attname]
                        if fixed
                        else prep(row[attname] if attname in row else row[name])
                        for attname, name, fixed, prep in prepare
                    ]
                )
            cursor.executemany(sql, values)
        for statement in indexes:
            cursor.execute(statement)


def run_part(
    script: str, mark: str, *args: str, env: dict[str, str] | None = None
) -> dict:
    """Run one part of a benchmark as ``python SCRIPT ARGS`` in its own process (so its
    time and peak memory are its own) and return the JSON it printed after ``mark``.
    The child finds ``src/`` and ``bench/`` on its path; a failure raises with the tail
    of its stderr."""
    bench = Path(__file__).resolve().parent
    path = [str(bench.parent / "src"), str(bench), os.environ.get("PYTHONPATH", "")]
    proc = subprocess.run(
        [sys.executable, script, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(path), **(env or {})},
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith(mark)]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(
            f"{Path(script).name} {' '.join(args)} failed:\n{proc.stderr[-3000:]}"
        )
    return json.loads(lines[-1][len(mark) :])


def pg_maintenance(url: str) -> Any:
    """An autocommit connection to the ``postgres`` database of ``url``'s server, for
    creating and dropping a benchmark's own database: ``with pg_maintenance(url) as c``.
    """
    import psycopg

    parts = urllib.parse.urlsplit(url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
        connect_timeout=5,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """``gunicorn balai.wsgi`` on a free local port, with the given environment."""

    def __init__(self, env: dict[str, str], *, workers: int | None = None) -> None:
        if shutil.which("wrk") is None:
            raise SystemExit("wrk is not installed: apt-get install -y wrk")
        self.workers = workers or WORKERS
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "balai.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(env["BALAI_VAR_DIR"], "gunicorn.log"), "ab"),  # noqa: SIM115
        )
        self.log = Path(env["BALAI_VAR_DIR"], "gunicorn.log")

    def __enter__(self) -> Gunicorn:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as got:
                    if got.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            self.__exit__()
            raise RuntimeError("gunicorn did not answer /healthz within 90 s")
        # Each worker's first full request imports the URLconf and the apps' views
        # (seconds): get that done before anything is measured.
        try:
            for _ in range(8 * self.workers):
                with urllib.request.urlopen(self.base + PING, timeout=60) as got:
                    got.read()
        except BaseException:
            self.__exit__()  # never leave a server behind
            raise
        return self

    def __exit__(self, *args: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        errors = self.log.read_text(errors="replace").strip()
        if errors:
            print(f"gunicorn log:\n{errors[-3000:]}", file=sys.stderr)


def _milliseconds(text: str) -> float:
    found = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text)
    if found is None:
        return float("nan")
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, script: str | None = None) -> dict[str, float]:
    """Requests per second, p50 and p99 (ms) of wrk against ``url``."""
    options = ["-t2", f"-c{CONNECTIONS}", "--timeout", "10s"]
    if script:
        options += ["-s", script]
    # Warm-up (not measured): every gunicorn worker loads its templates, catalogue
    # and connections on its first requests.
    subprocess.run(
        ["wrk", *options, "-d2s", url], capture_output=True, text=True, check=True
    )
    output = subprocess.run(
        ["wrk", *options, f"-d{WRK_SECONDS}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    print(f"wrk {url}\n{output}", file=sys.stderr)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{errors.group(1)} failed responses from {url}")
    return {
        "rate": float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1)),
        "p50": _milliseconds(re.search(r"50%\s+(\S+)", output).group(1)),
        "p99": _milliseconds(re.search(r"99%\s+(\S+)", output).group(1)),
    }


def wrk_paths(base: str, paths: list[str], work_dir: str, name: str) -> dict:
    """wrk drawing each request from ``paths`` (in order, from a random start)."""
    listing = Path(work_dir, f"{name}.paths")
    listing.write_text("\n".join(paths) + "\n")
    script = Path(work_dir, f"{name}.lua")
    script.write_text(WRK_PATHS_LUA % {"file": listing})
    return wrk(base + paths[0], str(script))


def row(
    name: str,
    value: float,
    baseline: float,
    *,
    target: float | None = None,
    unit: str = "req/s",
) -> dict:
    """A table row with its ratio to ping (and its target, if it has one)."""
    found = {"name": name, "value": value, "unit": unit, "ratio": value / baseline}
    if target is not None:
        found["target"] = target
    print(f"{name}: {value:.1f} {unit} ({value / baseline:.3f}x)", file=sys.stderr)
    return found
