# SPDX-License-Identifier: EUPL-1.2
"""The public pages and the catalogue API, as ratios to GET /api/v1/ping/.

A fresh SQLite database in a temporary BALAI_VAR_DIR; the catalogue comes from the
shipped YAML files (loaded and indexed once, during the warm-up). Measured in-process
(test Client) and under gunicorn with wrk from a second process, each way against
ping served the same way in the same run. Targets: the home page, ``/layanan/`` and a
service page at >= 0.5 of ping.
"""

from __future__ import annotations

import os
import tempfile

import serving

TIMEOUT_SECONDS = 600
PAGE_TARGET = 0.5
PAGES = [
    ("GET / (home)", "/", PAGE_TARGET),
    ("GET /layanan/", "/layanan/", PAGE_TARGET),
    ("GET /layanan/akta-kelahiran/", "/layanan/akta-kelahiran/", PAGE_TARGET),
]
HTMX = {"HTTP_HX_REQUEST": "true"}
API = "/api/v1/catalog/services/"
OTHERS = [
    ("GET /layanan/?q=akte+lahir", "/layanan/?q=akte+lahir", {}),
    ("GET /layanan/?q=ktp+ilang (htmx)", "/layanan/?q=ktp+ilang", HTMX),
    (f"GET {API}", API, {}),
    (f"GET {API}?q=ijin+usaha", f"{API}?q=ijin+usaha", {}),
]


def _environment(var_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "BALAI_DATABASE_URL"}
    env.update(
        {
            "BALAI_VAR_DIR": var_dir,
            "BALAI_ENV": "test",
            "BALAI_TASKS_BACKEND": "immediate",
            "BALAI_KEYRING_FILE": os.path.join(var_dir, "keyring.json"),
            "BALAI_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "balai.settings",
            **serving.api_rate_env(),
        }
    )
    return env


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="balai-bench-") as var_dir:
        env = _environment(var_dir)
        os.environ.update(env)
        import django

        django.setup()
        serving.migrate()
        from django.db import connections
        from django.test import Client

        client = Client(HTTP_HOST="localhost")
        ping = serving.in_process_rate(client, serving.PING)
        rows = [serving.row("in-process GET /api/v1/ping/ (baseline)", ping, ping)]
        for name, path, target in PAGES:
            rate = serving.in_process_rate(client, path)
            rows.append(serving.row(f"in-process {name}", rate, ping, target=target))
            serving.profile_in_process(client, path, name)
        for name, path, headers in OTHERS:
            rate = serving.in_process_rate(client, path, **headers)
            rows.append(serving.row(f"in-process {name}", rate, ping))
        connections.close_all()
        with serving.Gunicorn(env) as server:
            ping = serving.wrk(server.base + serving.PING)["rate"]
            rows.append(
                serving.row("gunicorn GET /api/v1/ping/ (baseline)", ping, ping)
            )
            for name, path, target in PAGES:
                rate = serving.wrk(server.base + path)["rate"]
                rows.append(serving.row(f"gunicorn {name}", rate, ping, target=target))
    return rows
