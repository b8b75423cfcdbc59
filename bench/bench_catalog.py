# SPDX-License-Identifier: EUPL-1.2
"""Requests per second of the catalog pages, search and API, against a trivial view.

Same pattern as bench_http.py: a fresh SQLite database in a temporary BALAI_VAR_DIR,
Django's test Client in-process, a warm-up, then as many requests as fit in a fixed
window. The baseline is ``GET /api/v1/ping/`` (the whole middleware + DRF stack, no
work); ``ratio`` is each figure against it. The catalog comes from the shipped YAML
files (loaded and indexed once, during the warm-up).
"""

from __future__ import annotations

import os
import tempfile
import time

WINDOW_SECONDS = 2.0
WARMUP_REQUESTS = 20

PATHS = [
    ("GET /api/v1/ping/ (trivial)", "/api/v1/ping/"),
    ("GET /layanan/", "/layanan/"),
    ("GET /layanan/akta-kelahiran/", "/layanan/akta-kelahiran/"),
    ("GET /layanan/?q=akte+lahir", "/layanan/?q=akte+lahir"),
    ("GET /layanan/?q=ktp+ilang (htmx)", "/layanan/?q=ktp+ilang"),
    ("GET /api/v1/catalog/services/", "/api/v1/catalog/services/"),
    (
        "GET /api/v1/catalog/services/?q=ijin+usaha",
        "/api/v1/catalog/services/?q=ijin+usaha",
    ),
]


def _setup_django(var_dir: str) -> None:
    os.environ["BALAI_VAR_DIR"] = var_dir
    os.environ.pop("BALAI_DATABASE_URL", None)
    os.environ.setdefault("BALAI_ENV", "test")
    os.environ.setdefault("BALAI_TASKS_BACKEND", "immediate")
    # the API throttles would answer 429 long before the window ends
    os.environ["BALAI_API_ANON_RATE"] = "1000000/minute"
    os.environ["BALAI_API_USER_RATE"] = "1000000/minute"  # also keys anonymous by IP
    os.environ["DJANGO_SETTINGS_MODULE"] = "balai.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _requests_per_second(client: object, path: str, headers: dict) -> float:
    for _ in range(WARMUP_REQUESTS):
        response = client.get(path, **headers)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
    count = 0
    started = time.perf_counter()
    deadline = started + WINDOW_SECONDS
    while time.perf_counter() < deadline:
        client.get(path, **headers)
        count += 1
    return count / (time.perf_counter() - started)


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="balai-bench-") as var_dir:
        _setup_django(var_dir)
        from django.db import connections
        from django.test import Client

        client = Client(HTTP_HOST="localhost")
        figures = []
        for name, path in PATHS:
            headers = {"HTTP_HX_REQUEST": "true"} if "(htmx)" in name else {}
            figures.append((name, _requests_per_second(client, path, headers)))
        connections.close_all()
    baseline = figures[0][1]
    return [
        {"name": name, "value": value, "unit": "req/s", "ratio": value / baseline}
        for name, value in figures
    ]
