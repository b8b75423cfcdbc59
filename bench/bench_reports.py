# SPDX-License-Identifier: EUPL-1.2
"""Open311 GET /requests on 100,000 reports, as ratios to GET /api/v1/ping/.

A throwaway SQLite database (temporary BALAI_VAR_DIR) gets 100,000 reports (one
prepared INSERT run over all rows, ``serving.bulk_insert``), spread over 30 days
and a 10 x 10 km box around Bandung, with a photo on one report in twenty. Each
list figure is measured twice:

* **uncached**: every request drawn from >= 10,000 distinct query strings (pages,
  filters, windows, formats), so the response cache cannot hide the cost of
  building an answer (list totals are cached per filter set, as in production);
* **cached**: a handful of popular query strings, answered from the response cache.

Both in-process (test Client) and under gunicorn with wrk from a second process;
ping is measured the same way in the same run and every figure is a ratio to it.
/healthz (answered by the first middleware) is printed beside, never the baseline.
Then p50/p99 of ``nearby_open_reports`` (the duplicate check at submission).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import tempfile
import time
import urllib.parse

import serving

TIMEOUT_SECONDS = 900
REPORTS = int(os.environ.get("BALAI_BENCH_REPORTS", "100000"))
LOOKUPS = 300
CODES = ["jalan-berlubang", "pju-mati", "sampah", "saluran-tersumbat", "banjir"]
BASE = "/open311/v2/requests"
TARGETS = {"50 uncached": 0.3, "50 cached": 0.8, "1000 uncached": 0.1}


def _environment(var_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "BALAI_DATABASE_URL"}
    env.update(
        {
            "BALAI_VAR_DIR": var_dir,
            "BALAI_ENV": "test",
            "BALAI_KEYRING_FILE": os.path.join(var_dir, "keyring.json"),
            "BALAI_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "balai.settings",
            **serving.api_rate_env(),
        }
    )
    return env


def _populate() -> None:
    """REPORTS reports (and a photo on one in twenty), inserted by
    ``serving.bulk_insert``: the values bulk_create was given before, same seed."""
    import uuid

    from django.utils import timezone

    from balai.reports.models import Category, Photo, Report
    from balai.reports.services.submit import new_public_id

    rng = random.Random(7)
    categories = [
        Category.objects.create(code=code, name_id=code.replace("-", " "), group="uji")
        for code in CODES
    ]
    now = timezone.now()
    reports: list[dict] = []
    photos: list[dict] = []
    for index in range(REPORTS):
        requested = now - dt.timedelta(seconds=rng.uniform(0, 30 * 86400))
        report_id = uuid.uuid4()
        reports.append(
            {
                "id": report_id,
                "public_id": new_public_id(),
                "category_id": rng.choice(categories).pk,
                "description": f"Laporan uji nomor {index}",
                "lat": -6.95 + rng.uniform(0, 0.09),
                "lon": 107.57 + rng.uniform(0, 0.09),
                "address": "Jl. Uji",
                "status": rng.choice(["open", "open", "acknowledged", "closed"]),
                "requested_at": requested,
                "due_at": requested + dt.timedelta(hours=72),
            }
        )
        if index % 20 == 0:
            photos.append(
                {
                    "id": uuid.uuid4(),
                    "report_id": report_id,
                    "file": "x.jpg",
                    "width": 1,
                    "height": 1,
                    "size": 1,
                }
            )
    serving.bulk_insert(Report, reports)
    serving.bulk_insert(Photo, photos)


def _query(**params: object) -> str:
    return "?" + urllib.parse.urlencode({k: v for k, v in params.items() if v != ""})


def distinct_paths(size: int, *, count: int, seed: int) -> list[str]:
    """>= ``count`` distinct query strings for pages of ``size`` rows, shuffled.

    Pages, status and service filters, request windows (start a day apart; ends in
    the future so full pages stay full), jurisdiction present or not, both formats.
    """
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    pages = range(1, 21) if size == 50 else range(1, 4)
    starts = [""] + [
        (now - dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        for days in range(15, 31)
    ]
    ends = [
        (now + dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
        for hours in range(1, 6)
    ]
    paths = []
    for fmt in ("json", "xml"):
        for page in pages:
            for status in ("", "open") if size > 50 else ("", "open", "closed"):
                for code in ["", *CODES]:
                    for start in starts:
                        for end in ends if start else [""]:
                            for jurisdiction in ("", "bandung.go.id"):
                                paths.append(
                                    f"{BASE}.{fmt}"
                                    + _query(
                                        page_size=size,
                                        page=page,
                                        status=status,
                                        service_code=code,
                                        start_date=start,
                                        end_date=end,
                                        jurisdiction_id=jurisdiction,
                                    )
                                )
    random.Random(seed).shuffle(paths)
    if len(set(paths)) < count:
        raise RuntimeError(f"only {len(set(paths))} distinct query strings")
    return paths


POPULAR_50 = [
    f"{BASE}.json?page_size=50",
    f"{BASE}.json?status=open&page_size=50",
    f"{BASE}.json?service_code=pju-mati&page_size=50",
    f"{BASE}.xml?page_size=50",
    f"{BASE}.json?page=2&page_size=50",
]
POPULAR_1000 = [f"{BASE}.json", f"{BASE}.json?status=open", f"{BASE}.xml"]


def _workloads() -> list[tuple[str, list[str], float | None]]:
    fifty = distinct_paths(50, count=10_000, seed=1)
    thousand = distinct_paths(1000, count=10_000, seed=2)
    return [
        ("Open311 page of 50, uncached (10k+ queries)", fifty, TARGETS["50 uncached"]),
        ("Open311 page of 50, cached (5 popular)", POPULAR_50, TARGETS["50 cached"]),
        ("Open311 1,000 rows, uncached (10k+ queries)", thousand, 0.1),
        ("Open311 1,000 rows, cached (3 popular)", POPULAR_1000, None),
    ]


def _nearby() -> list[dict]:
    from balai.reports.selectors import nearby_open_reports

    rng = random.Random(11)
    timings = []
    for _ in range(LOOKUPS):
        lat, lon = -6.95 + rng.uniform(0, 0.09), 107.57 + rng.uniform(0, 0.09)
        begin = time.perf_counter()
        nearby_open_reports("jalan-berlubang", lat, lon)
        timings.append((time.perf_counter() - begin) * 1000)
    cuts = statistics.quantiles(timings, n=100)
    label = f"({REPORTS // 1000}k reports, 50 m)"
    return [
        {"name": f"nearby_open_reports p50 {label}", "value": cuts[49], "unit": "ms"},
        {"name": f"nearby_open_reports p99 {label}", "value": cuts[98], "unit": "ms"},
    ]


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="balai-bench-reports-") as var_dir:
        env = _environment(var_dir)
        os.environ.update(env)
        import django

        django.setup()
        serving.migrate()
        from django.db import connection, connections
        from django.test import Client

        started = time.perf_counter()
        _populate()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        populate_s = time.perf_counter() - started
        workloads = _workloads()

        client = Client(HTTP_HOST="localhost")
        ping = serving.in_process_rate(client, serving.PING)
        rows = [serving.row("in-process GET /api/v1/ping/ (baseline)", ping, ping)]
        healthz = serving.in_process_rate(client, "/healthz")
        rows.append(serving.row("in-process GET /healthz (beside)", healthz, ping))
        for label, paths, target in workloads:
            rate = serving.in_process_rate(client, paths)
            rows.append(serving.row(f"in-process {label}", rate, ping, target=target))
            serving.profile_in_process(client, paths, label)
        rows += _nearby()
        connections.close_all()

        with serving.Gunicorn(env) as server:
            ping = serving.wrk(server.base + serving.PING)["rate"]
            rows.append(
                serving.row("gunicorn GET /api/v1/ping/ (baseline)", ping, ping)
            )
            healthz = serving.wrk(server.base + "/healthz")["rate"]
            rows.append(serving.row("gunicorn GET /healthz (beside)", healthz, ping))
            for number, (label, paths, target) in enumerate(workloads):
                found = serving.wrk_paths(server.base, paths, var_dir, f"w{number}")
                rows.append(
                    serving.row(f"gunicorn {label}", found["rate"], ping, target=target)
                )
        rows.append({"name": "insert the reports", "value": populate_s, "unit": "s"})
    return rows
