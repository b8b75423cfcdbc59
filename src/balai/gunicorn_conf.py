# SPDX-License-Identifier: EUPL-1.2
"""gunicorn settings for Balai: ``gunicorn -c python:balai.gunicorn_conf balai.wsgi``.

Every value comes from the environment (``BALAI_GUNICORN_*``), like Balai's settings:
``BIND`` (127.0.0.1:8000), ``WORKERS`` (2 × cores + 1), ``THREADS`` (1), ``TIMEOUT``
(60 s). There is no access log: its request lines would carry query strings with
personal data; Balai's metrics count requests and its JSON log records errors with
the request id. The Prometheus counters of all workers are shared through
``BALAI_METRICS_DIR``, emptied when gunicorn starts and cleaned as workers exit.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any


def _env(name: str, default: str) -> str:
    return os.environ.get(f"BALAI_GUNICORN_{name}", default)


bind = _env("BIND", "127.0.0.1:8000")
workers = int(_env("WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
threads = int(_env("THREADS", "1"))
timeout = int(_env("TIMEOUT", "60"))
graceful_timeout = int(_env("GRACEFUL_TIMEOUT", "30"))
max_requests = int(_env("MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# the application is imported once, before the workers fork: faster starts, less memory
preload_app = _env("PRELOAD", "true").lower() in {"1", "true", "yes", "on"}
accesslog = None
errorlog = "-"
loglevel = os.environ.get("BALAI_LOG_LEVEL", "info").lower()
# the proxy's address is in BALAI_TRUSTED_PROXIES: Balai reads X-Forwarded-For itself
forwarded_allow_ips = (
    os.environ.get("BALAI_TRUSTED_PROXIES", "127.0.0.1") or "127.0.0.1"
)
proc_name = "balai"

_metrics_dir = os.environ.get("BALAI_METRICS_DIR", "")
if _metrics_dir:
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", _metrics_dir)


def on_starting(server: Any) -> None:
    if _metrics_dir:  # counters of a previous run must not be added to this one's
        shutil.rmtree(_metrics_dir, ignore_errors=True)
        Path(_metrics_dir).mkdir(parents=True, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    if _metrics_dir:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
