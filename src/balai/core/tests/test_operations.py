# SPDX-License-Identifier: EUPL-1.2
"""Operations: trusted proxies, metrics access, JSON logs without personal data,
readiness, and the faults a production site meets (Redis down, storage down, a
database connection killed mid-request). The whole topology (gunicorn, workers, S3)
is proved by tests/prod (make prod-check)."""

from __future__ import annotations

import io
import json
import logging
import socket
import threading
import time
import uuid

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import path

import pytest

from balai.core.logging import JsonFormatter, RedactIdentifiersFilter, RequestIdFilter
from balai.core.middleware import client_ip

NIK = "3174011205900001"
EMAIL = "siti.rahma@example.co.id"
PHONE = "081234567890"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- trusted proxies -----------------------------------------------------------------


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("203.0.113.9", "198.51.100.7")) == "203.0.113.9"


def test_forwarded_for_is_ignored_from_an_untrusted_peer(settings):
    """A client talking to Balai directly cannot pick its address (spoofing)."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request("203.0.113.9", "198.51.100.7")) == "203.0.113.9"


def test_the_client_behind_a_trusted_proxy_is_seen(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.10"]
    assert client_ip(_request("10.1.2.3", "198.51.100.7")) == "198.51.100.7"
    # two proxies: the nearest untrusted hop is the client
    assert client_ip(_request("10.1.2.3", "198.51.100.7, 192.0.2.10")) == "198.51.100.7"


def test_a_forged_hop_left_of_the_proxy_is_not_believed(settings):
    """The client sends X-Forwarded-For itself; the proxy appends the real address."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    forged = "1.2.3.4, 198.51.100.7"  # "1.2.3.4" was written by the client
    assert client_ip(_request("10.1.2.3", forged)) == "198.51.100.7"
    # a client claiming to be a trusted proxy does not get further
    assert client_ip(_request("10.1.2.3", "1.2.3.4, 10.9.9.9")) == "1.2.3.4"


def test_garbage_in_forwarded_for_stops_at_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request("10.1.2.3", "<script>, not-an-ip")) == "10.1.2.3"
    assert client_ip(_request("10.1.2.3", "")) == "10.1.2.3"


def test_the_audit_context_sees_the_client_behind_the_proxy(settings):
    """The audit log records ``current_client_ip()``, set by RequestIdMiddleware."""
    from django.http import HttpResponse

    from balai.core.middleware import RequestIdMiddleware, current_client_ip

    def view(request):
        return HttpResponse(current_client_ip() or "")

    middleware = RequestIdMiddleware(view)
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    behind = middleware(_request("10.0.0.1", "198.51.100.7"))
    assert behind.content == b"198.51.100.7"
    spoofed = middleware(_request("203.0.113.9", "198.51.100.7"))
    assert spoofed.content == b"203.0.113.9"


@pytest.mark.django_db
def test_rate_limits_count_the_client_behind_the_proxy(settings):
    """Two clients behind one proxy have their own counters; a spoofer sharing the
    proxy cannot escape its own by forging X-Forwarded-For."""
    from balai.core import ratelimit

    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "probe": "2/m"}
    alice = _request("10.0.0.1", "198.51.100.1")
    bob = _request("10.0.0.1", "198.51.100.2")
    for _ in range(2):
        assert ratelimit.hit("probe", ratelimit.client_key(alice)).allowed
    assert not ratelimit.hit("probe", ratelimit.client_key(alice)).allowed
    assert ratelimit.hit("probe", ratelimit.client_key(bob)).allowed
    forged = _request("10.0.0.1", "203.0.113.50, 198.51.100.1")
    assert not ratelimit.hit("probe", ratelimit.client_key(forged)).allowed


def test_bad_proxy_setting_fails_at_start_with_a_clear_error(monkeypatch):
    import importlib

    import balai.settings as balai_settings

    monkeypatch.setenv("BALAI_TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal")
    with pytest.raises(ImproperlyConfigured, match="BALAI_TRUSTED_PROXIES"):
        importlib.reload(balai_settings)
    monkeypatch.delenv("BALAI_TRUSTED_PROXIES")
    monkeypatch.setenv("BALAI_STORAGE", "s3")
    with pytest.raises(ImproperlyConfigured, match="BALAI_S3_BUCKET"):
        importlib.reload(balai_settings)
    monkeypatch.delenv("BALAI_STORAGE")
    importlib.reload(balai_settings)


# --- metrics -------------------------------------------------------------------------


@pytest.mark.django_db
def test_metrics_only_for_monitoring(client: Client, settings):
    settings.METRICS_TOKEN = "t" * 32
    settings.METRICS_ALLOWED_IPS = ["192.0.2.0/24"]
    assert client.get("/metrics").status_code == 404
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer " + "x" * 32)
    assert wrong.status_code == 403
    by_token = client.get("/metrics", HTTP_AUTHORIZATION="Bearer " + "t" * 32)
    assert by_token.status_code == 200
    by_address = client.get("/metrics", REMOTE_ADDR="192.0.2.8")
    assert by_address.status_code == 200
    # a spoofed X-Forwarded-For from an untrusted peer does not open it
    settings.TRUSTED_PROXIES = []
    spoofed = client.get("/metrics", HTTP_X_FORWARDED_FOR="192.0.2.8")
    assert spoofed.status_code == 404


@pytest.mark.django_db
def test_metrics_name_what_operators_watch(client: Client, settings):
    settings.METRICS_TOKEN = "t" * 32
    client.get("/healthz")
    client.get("/akun/masuk/")
    client.post(
        "/akun/masuk/", {"username": "nobody@example.com", "password": "wrong-wrong"}
    )
    text = client.get(
        "/metrics", HTTP_AUTHORIZATION="Bearer " + "t" * 32
    ).content.decode()
    for name in (
        "balai_http_requests_total",
        "balai_http_request_duration_seconds_bucket",
        "balai_login_failures_total",
        "balai_tasks_queue_depth",
        "balai_tasks_oldest_ready_age_seconds",
        "balai_audit_seal_lag_seconds",
        "balai_audit_unsealed_entries",
        "balai_notifications_backlog",
        "balai_notifications_backlog_age_seconds",
    ):
        assert name in text, name
    assert 'view="accounts:login"' in text
    assert "nobody@example.com" not in text


# --- logs ----------------------------------------------------------------------------


def test_redaction_removes_nik_email_and_phone():
    record = logging.LogRecord(
        "x",
        logging.WARNING,
        __file__,
        1,
        "Not Found: /cari/%s/%s/%s/ +62 812-3456-7890 siti%%40example.com",
        (NIK, EMAIL, PHONE),
        None,
    )
    assert RedactIdentifiersFilter().filter(record)
    message = record.getMessage()
    assert NIK not in message and EMAIL not in message and PHONE not in message
    assert "812-3456-7890" not in message and "siti" not in message


@pytest.mark.django_db
def test_json_log_lines_carry_the_request_id_and_no_personal_data(client: Client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.addFilter(RedactIdentifiersFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        response = client.get(
            f"/cari/{NIK}/{EMAIL}/?telepon={PHONE}&email={EMAIL}",
            HTTP_X_REQUEST_ID="req-12345678",
        )
    finally:
        root.removeHandler(handler)
    assert response.status_code == 404
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line]
    assert lines, "the 404 is logged"
    assert all(line.get("request_id") == "req-12345678" for line in lines), lines
    text = stream.getvalue()
    for secret in (NIK, EMAIL, PHONE, "siti.rahma"):
        assert secret not in text


# --- Redis down ----------------------------------------------------------------------


@pytest.mark.django_db
def test_redis_down_site_works_with_degraded_rate_limits_and_an_alarm(
    client: Client, settings, caplog
):
    from django.core.cache import caches

    from balai.core import ratelimit

    settings.CACHES = {
        "default": {
            "BACKEND": "balai.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    assert type(caches["default"]).__name__ == "ResilientRedisCache"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "probe": "3/m"}
    with caplog.at_level(logging.ERROR, logger="balai.cache"):
        assert client.get("/").status_code == 200
        assert client.get("/readyz").json()["checks"]["cache"].startswith("degraded")
        key = ratelimit.client_key(_request("198.51.100.3"))
        decisions = [ratelimit.hit("probe", key).allowed for _ in range(4)]
    assert decisions == [True, True, True, False]  # still limited, per process
    alarms = [r for r in caplog.records if r.getMessage().startswith("cache_unavail")]
    assert len(alarms) == 1  # one alarm, not one per request


# --- storage down --------------------------------------------------------------------


@pytest.mark.django_db
def test_storage_down_upload_fails_clearly_and_nothing_is_written(
    client: Client, settings, monkeypatch
):
    from balai.core import storage
    from balai.reports.models import Photo, Report
    from balai.reports.seed import seed_catalogue
    from balai.reports.tests.factories import upload

    seed_catalogue()
    settings.PRIVATE_S3 = {
        "bucket": "balai-private",
        "endpoint_url": f"http://127.0.0.1:{closed_port()}",
        "region": "us-east-1",
        "access_key": "key",
        "secret_key": "secret",
        "addressing_style": "path",
        "timeout": 1,
    }
    down = storage._make_s3_storage()
    monkeypatch.setattr(Photo._meta.get_field("file"), "storage", down)
    monkeypatch.setattr(storage, "_storage", down)
    before = Report.objects.count()
    response = client.post(
        "/lapor/kirim/",
        {
            "service_code": "jalan-berlubang",
            "description": "Lubang besar di depan SDN 3.",
            "lat": "-6.8846",
            "lon": "107.6133",
            "address": "Jl. Ir. H. Juanda",
            "client_token": str(uuid.uuid4()),
            "a:jalan-berlubang:ukuran": "besar",
            "a:jalan-berlubang:kedalaman": "12,5",
            "photos": upload(),
        },
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 503, response.content
    body = response.json()
    assert body["code"] == "service_unavailable"
    assert "Penyimpanan berkas sedang tidak menjawab" in body["detail"]  # Indonesian
    assert response["Retry-After"]
    assert Report.objects.count() == before
    assert not Photo.objects.exists()
    page = client.get("/readyz").json()
    assert page["checks"]["storage"].startswith("unreachable")


# --- database connection killed mid-request ------------------------------------------


def _slow_view(request):
    from django.http import HttpResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    return HttpResponse("done")


urlpatterns = [path("slow/", _slow_view)]


@pytest.mark.django_db(transaction=True)
def test_database_killed_mid_request_answers_503_and_recovers(settings):
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend needs PostgreSQL (make test-pg runs it)")
    import psycopg

    import balai.urls

    settings.ROOT_URLCONF = __name__
    urlpatterns[1:] = balai.urls.urlpatterns
    client = Client()
    assert client.get("/healthz").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)

    def kill() -> None:
        time.sleep(1)
        with psycopg.connect(
            **{k: v for k, v in params.items() if k != "context"}, autocommit=True
        ) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (backend,))

    killer = threading.Thread(target=kill)
    killer.start()
    response = client.get("/slow/")
    killer.join()
    assert response.status_code == 503
    assert b"503" in response.content
    api = client.get("/slow/", HTTP_ACCEPT="application/json")  # new connection
    assert api.status_code == 200
    assert client.get("/readyz").status_code == 200
