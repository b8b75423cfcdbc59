# SPDX-License-Identifier: EUPL-1.2
"""Requests per second of the home page in-process, as a ratio to GET /api/v1/ping/.

The pattern for Balai benchmarks: a fresh SQLite database in a temporary BALAI_VAR_DIR
(set before django.setup()), migrations applied quietly, Django's test Client, a short
warm-up, then as many requests as fit in a fixed time window (bench/serving.py). The
baseline is ``GET /api/v1/ping/`` (the whole middleware and DRF stack, no work);
``/healthz`` is answered by the first middleware and only printed beside it.
"""

from __future__ import annotations

import os
import tempfile

import serving


def _setup_django(var_dir: str) -> None:
    os.environ["BALAI_VAR_DIR"] = var_dir
    os.environ.pop("BALAI_DATABASE_URL", None)
    os.environ.setdefault("BALAI_ENV", "test")
    os.environ.setdefault("BALAI_TASKS_BACKEND", "immediate")
    os.environ.update(serving.api_rate_env())
    os.environ["DJANGO_SETTINGS_MODULE"] = "balai.settings"
    import django

    django.setup()
    serving.migrate()


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="balai-bench-") as var_dir:
        _setup_django(var_dir)
        from django.db import connections
        from django.test import Client

        # "localhost" is in the default ALLOWED_HOSTS; the test Client's default
        # "testserver" is only allowed inside a test run.
        client = Client(HTTP_HOST="localhost")
        ping = serving.in_process_rate(client, serving.PING)
        healthz = serving.in_process_rate(client, "/healthz")
        home = serving.in_process_rate(client, "/")
        connections.close_all()
    return [
        serving.row("in-process GET /api/v1/ping/ (baseline)", ping, ping),
        serving.row("in-process GET /healthz (beside)", healthz, ping),
        serving.row("in-process GET / (home)", home, ping, target=0.5),
    ]
