# SPDX-License-Identifier: EUPL-1.2
"""Open311 GET /requests throughput on 100,000 reports, and duplicate-lookup latency.

A throwaway SQLite database (temporary BALAI_VAR_DIR) gets 100,000 reports by
bulk_create, spread over 30 days and a 10 x 10 km box around Bandung. Figures:
requests per second of ``/healthz`` (the trivial baseline), of ``GET
/open311/v2/requests.json`` (default window, page_size=50 and 1,000) and of a
filtered call; then p50/p99 of ``nearby_open_reports`` at random points.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import tempfile
import time

TIMEOUT_SECONDS = 600
REPORTS = 100_000
WINDOW_SECONDS = 2.0
LOOKUPS = 500


def _setup_django(var_dir: str) -> None:
    os.environ["BALAI_VAR_DIR"] = var_dir
    os.environ.pop("BALAI_DATABASE_URL", None)
    os.environ.setdefault("BALAI_ENV", "test")
    os.environ["BALAI_OPEN311_RATE_LIMIT"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "balai.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _populate() -> None:
    from django.utils import timezone

    from balai.reports.models import Category, Report
    from balai.reports.services.submit import new_public_id

    rng = random.Random(7)
    codes = ["jalan-berlubang", "pju-mati", "sampah", "saluran-tersumbat", "banjir"]
    categories = [
        Category.objects.create(code=code, name_id=code.replace("-", " "), group="uji")
        for code in codes
    ]
    now = timezone.now()
    batch: list[Report] = []
    for index in range(REPORTS):
        requested = now - dt.timedelta(seconds=rng.uniform(0, 30 * 86400))
        batch.append(
            Report(
                public_id=new_public_id(),
                category=rng.choice(categories),
                description=f"Laporan uji nomor {index}",
                lat=-6.95 + rng.uniform(0, 0.09),
                lon=107.57 + rng.uniform(0, 0.09),
                address="Jl. Uji",
                status=rng.choice(["open", "open", "acknowledged", "closed"]),
                requested_at=requested,
                due_at=requested + dt.timedelta(hours=72),
            )
        )
        if len(batch) == 5000:
            Report.objects.bulk_create(batch)
            batch = []
    if batch:
        Report.objects.bulk_create(batch)


def _rate(client: object, path: str) -> float:
    for _ in range(3):
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
    count, started = 0, time.perf_counter()
    while time.perf_counter() < started + WINDOW_SECONDS:
        client.get(path)
        count += 1
    return count / (time.perf_counter() - started)


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="balai-bench-reports-") as var_dir:
        _setup_django(var_dir)
        from django.db import connections
        from django.test import Client

        from balai.reports.selectors import nearby_open_reports

        started = time.perf_counter()
        _populate()
        populate_s = time.perf_counter() - started
        client = Client(HTTP_HOST="localhost")
        base = "/open311/v2/requests.json"
        healthz = _rate(client, "/healthz")
        rows = [
            {
                "name": "GET /healthz (baseline)",
                "value": healthz,
                "unit": "req/s",
                "ratio": 1.0,
            },
        ]
        for label, path in [
            ("Open311 GET requests page_size=50", f"{base}?page_size=50"),
            ("Open311 GET requests (default 1,000)", base),
            (
                "Open311 GET requests service_code+status, 50",
                f"{base}?service_code=pju-mati&status=open&page_size=50",
            ),
            ("Open311 GET requests page 100 of 50", f"{base}?page=100&page_size=50"),
        ]:
            rate = _rate(client, path)
            rows.append(
                {"name": label, "value": rate, "unit": "req/s", "ratio": rate / healthz}
            )
        rng = random.Random(11)
        timings = []
        for _ in range(LOOKUPS):
            lat, lon = -6.95 + rng.uniform(0, 0.09), 107.57 + rng.uniform(0, 0.09)
            begin = time.perf_counter()
            nearby_open_reports("jalan-berlubang", lat, lon)
            timings.append((time.perf_counter() - begin) * 1000)
        cuts = statistics.quantiles(timings, n=100)
        rows += [
            {
                "name": "nearby_open_reports p50 (100k reports, 50 m)",
                "value": statistics.median(timings),
                "unit": "ms",
            },
            {
                "name": "nearby_open_reports p99 (100k reports, 50 m)",
                "value": cuts[98],
                "unit": "ms",
            },
            {"name": "bulk-create 100k reports", "value": populate_s, "unit": "s"},
        ]
        connections.close_all()
    return rows
