# SPDX-License-Identifier: EUPL-1.2
"""Prometheus metrics (``prometheus_client``) on ``/metrics``, for monitoring only.

Counted as they happen, in every process (under gunicorn the processes share
``PROMETHEUS_MULTIPROC_DIR``, set from ``BALAI_METRICS_DIR`` by the settings):

- ``balai_http_requests_total{view,method,status}`` and
  ``balai_http_request_duration_seconds{view}`` (a histogram): every request, by the
  URL pattern's name (never the path, which may carry identifiers);
- ``balai_login_failures_total``: failed log-ins (Django's ``user_login_failed``);
- ``balai_faults_total{kind}``: database lost mid-request, cache down, storage down.

Read from the database when scraped (gauges; other apps add theirs with
``register_gauges``): task queue depth and the oldest ready task's age per queue,
running tasks, audit entries not sealed yet and the oldest one's age (sealing lag);
notifications register their outbox backlog.

Only monitoring may read the endpoint: a request must carry
``Authorization: Bearer <BALAI_METRICS_TOKEN>`` or come from an address in
``BALAI_METRICS_ALLOWED_IPS``. Anything else gets 404 (a wrong token 403).
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from balai.core.middleware import client_ip

logger = logging.getLogger(__name__)

# Metrics live in a registry of their own (never the global default one), so tests
# and several settings can import this module without duplicate registrations.
REGISTRY = CollectorRegistry(auto_describe=True)

REQUESTS = Counter(
    "balai_http_requests",
    "HTTP requests by URL pattern, method and status.",
    ["view", "method", "status"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "balai_http_request_duration_seconds",
    "Time to answer a request, by URL pattern.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
LOGIN_FAILURES = Counter(
    "balai_login_failures", "Failed log-in attempts.", registry=REGISTRY
)
FAULTS = Counter(
    "balai_faults",
    "Requests or operations hit by an unavailable dependency.",
    ["kind"],
    registry=REGISTRY,
)

GaugeSource = Callable[[], Iterable[GaugeMetricFamily]]
_gauge_sources: list[GaugeSource] = []


def register_gauges(source: GaugeSource) -> GaugeSource:
    """Add a function yielding gauge families read at scrape time (apps' ready())."""
    if source not in _gauge_sources:
        _gauge_sources.append(source)
    return source


def record_fault(kind: str) -> None:
    FAULTS.labels(kind=kind).inc()


def _on_login_failed(sender: Any, **kwargs: Any) -> None:
    LOGIN_FAILURES.inc()


user_login_failed.connect(_on_login_failed, dispatch_uid="balai.metrics.login_failed")


# --- gauges read from the database ---------------------------------------------------


@register_gauges
def task_gauges() -> Iterator[GaugeMetricFamily]:
    from django.db.models import Count, Min

    from django_tasks_db.models import DBTaskResult

    depth = GaugeMetricFamily(
        "balai_tasks_queue_depth", "Tasks ready to run, per queue.", labels=["queue"]
    )
    age = GaugeMetricFamily(
        "balai_tasks_oldest_ready_age_seconds",
        "Age of the oldest task ready to run, per queue (0 when none).",
        labels=["queue"],
    )
    running = GaugeMetricFamily(
        "balai_tasks_running", "Tasks claimed by a worker and not finished."
    )
    now = timezone.now()
    queues = settings.TASKS["default"].get("QUEUES") or ["default"]
    rows = {
        row["queue_name"]: row
        for row in DBTaskResult.objects.filter(status="READY")
        .values("queue_name")
        .annotate(count=Count("id"), oldest=Min("enqueued_at"))
    }
    for queue in sorted(set(queues) | set(rows)):
        row = rows.get(queue)
        depth.add_metric([queue], row["count"] if row else 0)
        oldest = row["oldest"] if row else None
        age.add_metric([queue], (now - oldest).total_seconds() if oldest else 0.0)
    running.add_metric([], DBTaskResult.objects.filter(status="RUNNING").count())
    yield from (depth, age, running)


@register_gauges
def audit_gauges() -> Iterator[GaugeMetricFamily]:
    from django.db.models import Count, Min

    from balai.security.models import AuditEntry

    row = AuditEntry.objects.filter(seq__isnull=True).aggregate(
        count=Count("id"), oldest=Min("occurred_at")
    )
    unsealed = GaugeMetricFamily(
        "balai_audit_unsealed_entries", "Audit entries committed but not sealed yet."
    )
    unsealed.add_metric([], row["count"] or 0)
    lag = GaugeMetricFamily(
        "balai_audit_seal_lag_seconds",
        "Age of the oldest audit entry not sealed yet (0 when all are sealed).",
    )
    oldest = row["oldest"]
    lag.add_metric([], (timezone.now() - oldest).total_seconds() if oldest else 0.0)
    yield from (unsealed, lag)


class _DatabaseCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        for source in list(_gauge_sources):
            try:
                yield from source()
            except Exception:  # one broken source must not hide the others
                logger.exception("metrics_source_failed source=%s", source.__name__)


def _payload() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = REGISTRY
    text = generate_latest(registry)
    scrape = CollectorRegistry()
    scrape.register(_DatabaseCollector())
    return text + generate_latest(scrape)


# --- access --------------------------------------------------------------------------


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(item, strict=False)
        for item in getattr(settings, "METRICS_ALLOWED_IPS", [])
    ]


def access(request: HttpRequest) -> int:
    """200 if monitoring may read, 403 for a wrong token, 404 otherwise."""
    token = str(getattr(settings, "METRICS_TOKEN", "") or "")
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and token:
        given = header.removeprefix("Bearer ").strip()
        return 200 if hmac.compare_digest(given.encode(), token.encode()) else 403
    address = client_ip(request)
    if address:
        ip = ipaddress.ip_address(address)
        if any(ip in network for network in _allowed_networks()):
            return 200
    return 403 if header else 404


def metrics_view(request: HttpRequest) -> HttpResponse:
    """The Prometheus text exposition, for monitoring only."""
    status = access(request)
    if status != 200:
        return HttpResponse(status=status, content_type="text/plain")
    response = HttpResponse(_payload(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response


# --- request metrics -----------------------------------------------------------------


class MetricsMiddleware:
    """Count every request by URL pattern name, method and status, with its latency."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or match._func_path) if match else "<unmatched>"
        REQUESTS.labels(
            view=view, method=_method(request.method), status=str(response.status_code)
        ).inc()
        LATENCY.labels(view=view).observe(time.perf_counter() - started)
        return response


_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def _method(method: str | None) -> str:
    return method if method in _METHODS else "other"
