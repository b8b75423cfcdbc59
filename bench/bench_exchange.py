# SPDX-License-Identifier: EUPL-1.2
"""NIK lookups through the exchange API under load from a second process.

A throwaway SQLite register with ``BALAI_BENCH_EXCHANGE_RESIDENTS`` residents (default
10,000) is served by gunicorn (``BALAI_BENCH_WORKERS`` workers, default 2) on
127.0.0.1; wrk (Debian's package) sends ``POST /api/v1/registry/residents/lookup/``
with a client credential, a purpose and a different NIK each time, for
``BALAI_BENCH_SECONDS`` (default 10) over 16 connections. The baseline is
``GET /api/v1/ping/``, a trivial JSON view served the same way (whole middleware and
DRF stack). Each lookup is authenticated, checked against the agreement, decrypted,
filtered to the agreed fields and written to the hash-chained audit log, so the ratio
shows what all of that costs. wrk and the server share this machine's cores.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

TIMEOUT_SECONDS = 900
RESIDENTS = int(os.environ.get("BALAI_BENCH_EXCHANGE_RESIDENTS", "10000"))
WORKERS = int(os.environ.get("BALAI_BENCH_WORKERS", "2"))
SECONDS = int(os.environ.get("BALAI_BENCH_SECONDS", "10"))
CONNECTIONS = 16
NIKS = 2000
PURPOSE = "health_insurance_enrolment"

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


def _environment(var_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("BALAI_DATABASE_URL", None)
    env.pop("BALAI_KEYRING", None)
    env.update(
        {
            "BALAI_VAR_DIR": var_dir,
            "BALAI_ENV": "test",
            "BALAI_KEYRING_FILE": os.path.join(var_dir, "keyring.json"),
            "BALAI_TASKS_BACKEND": "immediate",
            "BALAI_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "balai.settings",
        }
    )
    return env


def _prepare(var_dir: str) -> tuple[str, list[str]]:
    """Migrate, seed residents, issue a client; return its credential and NIKs."""
    os.environ.update(_environment(var_dir))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_regions", verbosity=0)
    call_command("seed", residents=RESIDENTS, verbosity=0, no_progress=True)

    import datetime as dt

    from django.utils import timezone

    from balai.accounts.models import Agency
    from balai.registry.exchange import services
    from balai.registry.exchange.models import DataSharingAgreement
    from balai.registry.models import Resident

    unit = Agency.objects.get(code="disdukcapil").unit  # the demo government unit
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
    from django.db import connections

    connections.close_all()
    return issued.credential, niks


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def _check_lookup(base: str, credential: str, nik: str) -> None:
    request = urllib.request.Request(
        base + "/api/v1/registry/residents/lookup/",
        data=json.dumps({"nik": nik}).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {credential}",
            "X-Purpose": PURPOSE,
        },
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        body = json.loads(answer.read())
    if "full_name" not in json.dumps(body):
        raise RuntimeError(f"unexpected lookup answer: {body}")


def _milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([0-9.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _wrk(url: str, script: str | None = None) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    if script:
        command += ["-s", script]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1))
    p50 = _milliseconds(re.search(r"50%\s+(\S+)", output).group(1))
    p99 = _milliseconds(re.search(r"99%\s+(\S+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{errors.group(1)} failed responses from {url}")
    return {"rate": rate, "p50": p50, "p99": p99}


def run() -> list[dict]:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    with tempfile.TemporaryDirectory(prefix="balai-bench-") as var_dir:
        credential, niks = _prepare(var_dir)
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
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        server = subprocess.Popen(
            [
                str(gunicorn),
                "balai.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            env=_environment(var_dir),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            _wait_ready(base)
            _check_lookup(base, credential, niks[0])
            ping = _wrk(base + "/api/v1/ping/")
            lookup = _wrk(base + "/api/v1/registry/residents/lookup/", str(script))
        finally:
            server.terminate()
            server.wait(timeout=30)
    ratio = lookup["rate"] / ping["rate"]
    return [
        {
            "name": "GET /api/v1/ping/",
            "value": ping["rate"],
            "unit": "req/s",
            "ratio": 1.0,
        },
        {"name": "ping p50", "value": ping["p50"], "unit": "ms"},
        {"name": "ping p99", "value": ping["p99"], "unit": "ms"},
        {
            "name": f"NIK lookup ({RESIDENTS:,} residents)",
            "value": lookup["rate"],
            "unit": "req/s",
            "ratio": ratio,
        },
        {
            "name": "lookup p50",
            "value": lookup["p50"],
            "unit": "ms",
            "ratio": lookup["p50"] / ping["p50"],
        },
        {
            "name": "lookup p99",
            "value": lookup["p99"],
            "unit": "ms",
            "ratio": lookup["p99"] / ping["p99"],
        },
    ]
