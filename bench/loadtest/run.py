# SPDX-License-Identifier: EUPL-1.2
"""``make loadtest``: locust against gunicorn + PostgreSQL with production settings.

1. A fresh PostgreSQL database (``BALAI_LOADTEST_PG_URL``, default
   postgres://postgres@127.0.0.1:5432/balai_loadtest: dropped and recreated), a new
   keyring; migrate, regions, ``BALAI_LOADTEST_RESIDENTS`` (2,000) seeded residents and
   the users' credentials (``prepare.py``, with ``BALAI_ENV=test``: seeding refuses
   production).
2. gunicorn with ``BALAI_ENV=production`` (``2 × cores + 1`` workers, the database
   task backend, HTTPS from the proxy header) on a free local port.
3. locust, headless, ``BALAI_LOADTEST_USERS`` (40) users for ``BALAI_LOADTEST_SECONDS``
   (60) seconds of mixed traffic (``locustfile.py``).
4. Prints requests, throughput, error rate, median and p95 per kind; exits non-zero
   when any request failed.

Rate limits are raised out of the way (one load generator is one address; the limits
are tested on their own); everything else is as in production.
"""

from __future__ import annotations

import contextlib
import csv
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import serving  # noqa: E402 - bench/serving.py, beside this directory

PG_URL = os.environ.get(
    "BALAI_LOADTEST_PG_URL", "postgres://postgres@127.0.0.1:5432/balai_loadtest"
)
RESIDENTS = int(os.environ.get("BALAI_LOADTEST_RESIDENTS", "2000"))
USERS = int(os.environ.get("BALAI_LOADTEST_USERS", "40"))
SECONDS = int(os.environ.get("BALAI_LOADTEST_SECONDS", "60"))
WORKERS = int(
    os.environ.get("BALAI_LOADTEST_WORKERS", str(2 * (os.cpu_count() or 1) + 1))
)
BIN = Path(sys.executable).parent


def _recreate_database() -> None:
    name = urllib.parse.urlsplit(PG_URL).path.strip("/")
    with serving.pg_maintenance(PG_URL) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def _environment(var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALAI_")}
    env.update(
        {
            "BALAI_VAR_DIR": str(var),
            "BALAI_DATABASE_URL": PG_URL,
            "BALAI_KEYRING_FILE": str(var / "keyring.json"),
            "BALAI_SECRET_KEY": secrets.token_urlsafe(64),
            "BALAI_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BALAI_PUBLIC_BASE_URL": "https://127.0.0.1",
            "BALAI_SMS_GATEWAY_URL": "https://sms.example.go.id/send",
            "BALAI_WHATSAPP_GATEWAY_URL": "https://wa.example.go.id/send",
            "BALAI_TASKS_BACKEND": "database",
            "BALAI_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "balai.settings",
            **serving.api_rate_env(),
        }
    )
    return env


def _prepare(env: dict[str, str], fixtures: Path) -> None:
    subprocess.run(
        [
            str(BIN / "python"),
            "-m",
            "balai.security.crypto.init",
            env["BALAI_KEYRING_FILE"],
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    started = time.perf_counter()
    subprocess.run(
        [
            str(BIN / "python"),
            str(HERE / "prepare.py"),
            str(fixtures),
            str(RESIDENTS),
            "50",
        ],
        env={**env, "BALAI_ENV": "test"},
        check=True,
    )
    print(f"prepared {RESIDENTS:,} residents in {time.perf_counter() - started:.0f} s")


def _collectstatic(env: dict[str, str]) -> None:
    """Production serves hashed static names from the manifest: build it."""
    subprocess.run(
        [str(BIN / "balai"), "collectstatic", "--noinput", "--verbosity", "0"],
        env={**env, "BALAI_ENV": "production"},
        check=True,
    )


def _serve(env: dict[str, str], var: Path) -> tuple[subprocess.Popen, str]:
    port = serving.free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "balai.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        env={**env, "BALAI_ENV": "production"},
        stdout=subprocess.DEVNULL,
        stderr=open(var / "gunicorn.log", "ab"),  # noqa: SIM115
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as got:
                if got.status == 200:
                    _warm(base)
                    return server, base
        except OSError:
            time.sleep(0.5)
    _stop(server)
    raise SystemExit(
        "gunicorn did not answer /healthz: " + (var / "gunicorn.log").read_text()
    )


def _warm(base: str) -> None:
    """Each worker's first request imports the URLconf and views: not measured."""
    for _ in range(4 * WORKERS):
        for path in ("/api/v1/ping/", "/"):
            request = urllib.request.Request(
                base + path, headers={"X-Forwarded-Proto": "https"}
            )
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(request, timeout=60) as got,
            ):
                got.read()


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=30)


def _number(value: str) -> float:
    return 0.0 if value in ("", "N/A") else float(value)


def _report(prefix: Path) -> int:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    print(
        f"\n{'kind':<24}{'requests':>10}{'req/s':>9}{'errors':>8}{'error %':>9}"
        f"{'median ms':>11}{'p95 ms':>9}"
    )
    failures = 0
    for row in rows:
        requests = int(row["Request Count"])
        failed = int(row["Failure Count"])
        name = "all" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        if name == "all":
            failures = failed
        print(
            f"{name:<24}{requests:>10}{_number(row['Requests/s']):>9.1f}{failed:>8}"
            f"{100 * failed / max(requests, 1):>8.2f}%"
            f"{_number(row['Median Response Time']):>11.0f}"
            f"{_number(row['95%']):>9.0f}"
        )
    errors = Path(f"{prefix}_failures.csv")
    if failures and errors.exists():
        print("\nfailures:\n" + errors.read_text()[:3000])
    return failures


def main() -> int:
    # BALAI_LOADTEST_REUSE=1 runs again on the database and fixtures of the last run
    # (kept in var/loadtest), skipping the minutes of migrating and seeding.
    var = Path(os.environ.get("BALAI_LOADTEST_DIR", "var/loadtest")).resolve()
    fixtures = var / "fixtures.json"
    reuse = os.environ.get("BALAI_LOADTEST_REUSE") == "1" and fixtures.exists()
    if not reuse:
        shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True, exist_ok=True)
    env = _environment(var)
    if reuse:
        env["BALAI_SECRET_KEY"] = (var / "secret").read_text()
    else:
        (var / "secret").write_text(env["BALAI_SECRET_KEY"])
        _recreate_database()
        _prepare(env, fixtures)
    if not (reuse and (var / "static" / "staticfiles.json").exists()):
        _collectstatic(env)
    (var / "gunicorn.log").unlink(missing_ok=True)
    server, base = _serve(env, var)
    try:
        prefix = var / "locust"
        print(
            f"locust: {USERS} users, {SECONDS} s against {base} "
            f"(gunicorn {WORKERS} workers, PostgreSQL, BALAI_ENV=production)"
        )
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--users",
                str(USERS),
                "--spawn-rate",
                str(max(USERS // 5, 1)),
                "--run-time",
                f"{SECONDS}s",
                "--host",
                base,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**env, "BALAI_LOADTEST_FIXTURES": str(fixtures)},
            check=False,
            stdout=subprocess.DEVNULL,
        )
        failures = _report(prefix)
    finally:
        _stop(server)
        log = (var / "gunicorn.log").read_text(errors="replace").strip()
        if log:
            print("\ngunicorn log (tail):\n" + log[-3000:])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
