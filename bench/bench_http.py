# SPDX-License-Identifier: EUPL-1.2
"""Requests per second of /healthz and of the home page, in-process.

The pattern for Balai benchmarks: a fresh SQLite database in a temporary BALAI_VAR_DIR
(set before django.setup()), migrations applied quietly, Django's test Client, a short
warm-up, then as many requests as fit in a fixed time window. The ``ratio`` column gives
each figure against the module's baseline (here /healthz, the cheapest request).
"""

from __future__ import annotations

import os
import tempfile
import time

WINDOW_SECONDS = 2.0
WARMUP_REQUESTS = 20


def _setup_django(var_dir: str) -> None:
    os.environ["BALAI_VAR_DIR"] = var_dir
    os.environ.pop("BALAI_DATABASE_URL", None)
    os.environ.setdefault("BALAI_ENV", "test")
    os.environ.setdefault("BALAI_TASKS_BACKEND", "immediate")
    os.environ["DJANGO_SETTINGS_MODULE"] = "balai.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _requests_per_second(client: object, path: str) -> float:
    for _ in range(WARMUP_REQUESTS):
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
    count = 0
    started = time.perf_counter()
    deadline = started + WINDOW_SECONDS
    while time.perf_counter() < deadline:
        client.get(path)
        count += 1
    return count / (time.perf_counter() - started)


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="balai-bench-") as var_dir:
        _setup_django(var_dir)
        from django.db import connections
        from django.test import Client

        # "localhost" is in the default ALLOWED_HOSTS; the test Client's default
        # "testserver" is only allowed inside a test run.
        client = Client(HTTP_HOST="localhost")
        healthz = _requests_per_second(client, "/healthz")
        home = _requests_per_second(client, "/")
        connections.close_all()
    return [
        {"name": "GET /healthz", "value": healthz, "unit": "req/s", "ratio": 1.0},
        {"name": "GET /", "value": home, "unit": "req/s", "ratio": home / healthz},
    ]
