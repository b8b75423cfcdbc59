# SPDX-License-Identifier: EUPL-1.2
"""The production topology, running on this machine (``make prod-check``).

gunicorn (3 workers, production settings from the environment only), PostgreSQL,
Redis for the cache, sessions and rate limits, two ``balai worker`` processes on the
database task backend, private files in S3 (moto's server) and hashed static files.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.prod import topology
from tests.prod.topology import BIN, Topology, wait_for

pytestmark = pytest.mark.prod

NIK = "3174011205900001"
EMAIL = "siti.rahma@example.co.id"
PHONE = "081234567890"


@pytest.fixture(scope="module")
def top() -> Iterator[Topology]:
    started = topology.start()
    try:
        yield started
    finally:
        topology.drop(started)


def test_ready_with_database_cache_and_storage(top: Topology):
    answer = top.request("/readyz")
    assert answer.status == 200
    assert answer.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "migrations": "ok",
            "cache": "ok",
            "storage": "ok",
        },
    }
    assert top.request("/healthz").status == 200
    # production: plain HTTP from outside the proxy is sent to https
    plain = top.request("/", headers={"X-Forwarded-Proto": "http"})
    assert plain.status == 301 and plain.headers["Location"].startswith("https://")


def test_static_files_have_hashed_names(top: Topology):
    page = top.request("/")
    assert page.status == 200
    assets = re.findall(r"/static/[\w/.-]+\.[0-9a-f]{12}\.(?:css|js)", page.text)
    assert assets, "hashed static names in the page"
    asset = top.request(assets[0])
    assert asset.status == 200
    assert "immutable" in asset.headers.get("Cache-Control", "")


def test_sessions_and_rate_limits_live_in_redis(top: Topology):
    import redis

    top.request("/akun/masuk/")
    keys = redis.Redis.from_url(topology.REDIS_URL).keys("*")
    assert keys, "the cache holds something in Redis"
    assert top.sql("SELECT count(*) FROM django_session")[0][0] >= 0


def test_metrics_for_monitoring_only(top: Topology):
    token = top.env["BALAI_METRICS_TOKEN"]
    assert top.request("/metrics").status == 404
    assert top.request("/metrics", forwarded_for="10.9.9.9").status == 404
    wrong = top.request("/metrics", headers={"Authorization": "Bearer " + "x" * 40})
    assert wrong.status == 403
    for _ in range(3):
        top.request("/")
    answer = top.request("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200
    text = answer.text
    # counted in several gunicorn workers, reported together
    home = re.findall(
        r'balai_http_requests_total\{method="GET",status="200",view="portal:home"\} '
        r"([\d.]+)",
        text,
    )
    assert home and float(home[0]) >= 3
    for name in (
        "balai_http_request_duration_seconds_bucket",
        "balai_tasks_queue_depth",
        "balai_tasks_oldest_ready_age_seconds",
        "balai_audit_seal_lag_seconds",
        "balai_notifications_backlog",
    ):
        assert name in text, name


def test_json_logs_carry_request_ids_and_no_personal_data(top: Topology):
    answer = top.request(
        f"/cari/{NIK}/{EMAIL}/?telepon={PHONE}&nik={NIK}",
        headers={"X-Request-ID": "prodcheck-logs-0001"},
    )
    assert answer.status == 404
    assert answer.headers["X-Request-ID"] == "prodcheck-logs-0001"
    time.sleep(0.5)
    log = top.log_path("gunicorn").read_text()
    lines = [line for line in log.splitlines() if "prodcheck-logs-0001" in line]
    assert lines, "the 404 is logged with its request id"
    assert all(line.startswith("{") for line in lines)
    for secret in (NIK, EMAIL, PHONE):
        assert secret not in log


ENQUEUE = """
from balai.core.workers import canary
ids = [str(canary.enqueue(f"many-{n}").id) for n in range(30)]
print(",".join(ids))
"""


def test_tasks_are_claimed_exactly_once_by_two_workers(top: Topology):
    ids = top.shell(ENQUEUE).strip().split(",")
    assert len(ids) == 30

    def done() -> bool:
        rows = top.sql(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE id = ANY(%s::uuid[]) AND status = 'SUCCESSFUL'",
            ids,
        )
        return rows[0][0] == 30

    wait_for(done, timeout=60, what="30 canaries done")
    runs = top.sql("SELECT key, runs FROM core_taskcanary WHERE key LIKE 'many-%%'")
    assert len(runs) == 30 and all(count == 1 for _key, count in runs)
    claims = top.sql(
        "SELECT worker_ids FROM django_tasks_database_dbtaskresult "
        "WHERE id = ANY(%s::uuid[])",
        ids,
    )
    assert all(len(worker_ids) == 1 for (worker_ids,) in claims)


def test_a_worker_killed_mid_task_is_replaced_and_the_task_runs_once(top: Topology):
    task_id = top.balai("worker", "canary", "killed-once", "--sleep", "12").strip()

    def running() -> list[str] | None:
        rows = top.sql(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
            "WHERE id = %s",
            task_id,
        )
        status, worker_ids = rows[0]
        return worker_ids if status == "RUNNING" else None

    worker_ids = wait_for(
        running, timeout=30, what="the slow canary claimed", interval=0.05
    )
    victim_pid = int(worker_ids[0].split(":")[1])
    os.kill(victim_pid, signal.SIGKILL)  # mid-task: no chance to clean up
    victim = next(
        name for name, proc in top.processes.items() if proc.pid == victim_pid
    )
    top.processes.pop(victim).wait(timeout=10)

    def finished() -> tuple[str, list[str]] | None:
        status, ids = top.sql(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
            "WHERE id = %s",
            task_id,
        )[0]
        return (status, ids) if status in {"SUCCESSFUL", "FAILED"} else None

    status, ids = wait_for(finished, timeout=60, what="the canary run again")
    assert status == "SUCCESSFUL"
    assert len(ids) == 2 and ids[0] != ids[1]  # retried once, by the other worker
    assert top.sql("SELECT runs FROM core_taskcanary WHERE key = 'killed-once'") == [
        (1,)
    ]
    # the supervisor's part: a new worker takes the dead one's place
    top.start(victim, [str(BIN / "balai"), "worker", "--interval", "0.2"])


STORE = """
from django.core.files.base import ContentFile
from balai.core.storage import private_storage
storage = private_storage()
name = storage.save("checks/ktp.txt", ContentFile(b"KTP %s rahasia"))
print(name)
try:
    storage.url(name)
except ValueError:
    print("no-url")
print(storage.open(name).read().decode())
"""


def test_private_files_in_s3_are_encrypted_and_never_public(top: Topology):
    out = top.shell(STORE % NIK).split("\n")
    name, no_url, clear = out[0], out[1], out[2]
    assert no_url == "no-url"
    assert clear == f"KTP {NIK} rahasia"
    s3 = topology.s3_client(top)
    key = f"private/{name}"
    stored = s3.get_object(Bucket="balai-private", Key=key)["Body"].read()
    assert NIK.encode() not in stored  # encrypted before it left Balai
    grants = s3.get_object_acl(Bucket="balai-private", Key=key)["Grants"]
    assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers
    block = s3.get_public_access_block(Bucket="balai-private")
    assert all(block["PublicAccessBlockConfiguration"].values())


def test_database_connections_killed_the_site_recovers_without_restart(
    top: Topology,
):
    before = top.web_pids()
    for _ in range(6):
        assert top.request("/").status == 200
    killed = top.sql(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        top.database,
    )[0][0]
    assert killed >= 1
    statuses = [top.request("/").status for _ in range(12)]
    assert set(statuses) <= {200, 503}, statuses
    assert statuses[-3:] == [200, 200, 200]
    assert top.request("/readyz").status == 200
    assert top.web_pids() == before  # no worker restarted


class _InFlight:
    """A request sent from a thread, answered later (``result``)."""

    def __init__(self, call: Callable[[], topology.Response]) -> None:
        self._pool = ThreadPoolExecutor(1)
        self._future = self._pool.submit(call)

    def result(self, timeout: float = 60) -> topology.Response:
        try:
            return self._future.result(timeout=timeout)
        finally:
            self._pool.shutdown(wait=False)


def _held_lock(top: Topology, table: str) -> Any:
    """A connection of our own holding ``table`` in ACCESS EXCLUSIVE mode (released
    by its rollback): every query of the site on that table waits in the database."""
    import psycopg

    conn = psycopg.connect(top.env["BALAI_DATABASE_URL"])
    conn.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
    return conn


def _waiting_backend(top: Topology, table: str, holder: int) -> tuple[int, bool]:
    """The gunicorn worker's backend blocked on ``table``: (pid, has it written in
    its transaction already)."""

    def blocked() -> tuple[int, bool] | None:
        rows = top.sql(
            "SELECT pid, backend_xid IS NOT NULL FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> %s AND wait_event_type = 'Lock' "
            "AND state = 'active' AND query ILIKE %s",
            top.database,
            holder,
            f"%{table}%",
        )
        return (int(rows[0][0]), bool(rows[0][1])) if len(rows) == 1 else None

    found: tuple[int, bool] = wait_for(
        blocked, timeout=30, what=f"a request waiting on {table}"
    )
    return found


def test_a_connection_killed_inside_a_gunicorn_request_gives_a_clean_503(
    top: Topology,
):
    """pg_terminate_backend while a request is in flight: the request was waiting
    in its query when its connection went. No test-only code in the site: a lock we
    hold keeps the request inside the database until we kill its connection."""
    before = top.web_pids()
    assert top.request("/api/v1/regions/?level=1").status == 200
    holder = _held_lock(top, "regions_region")
    try:
        flight = _InFlight(lambda: top.request("/api/v1/regions/?level=1"))
        holder_pid = holder.info.backend_pid
        victim, _wrote = _waiting_backend(top, "regions_region", holder_pid)
        killed = top.sql("SELECT pg_terminate_backend(%s)", victim)[0][0]
        assert killed is True
        answer = flight.result()
    finally:
        holder.rollback()
        holder.close()
    assert answer.status == 503, answer.text
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert answer.json()["code"] == "service_unavailable"
    assert answer.headers["Retry-After"] == "30"
    # the same workers answer again, on new connections: no restart
    statuses = [top.request("/api/v1/regions/?level=1").status for _ in range(6)]
    assert statuses == [200] * 6, statuses
    assert top.request("/readyz").status == 200
    assert top.web_pids() == before
    log = top.log_path("gunicorn").read_text()
    assert "database_unavailable" in log


OPEN311_CLIENT = """
from balai.reports.services import open311_client_create
from balai.reports.tests.factories import category
category()
print(open311_client_create(name="prod-check faults", actor=None)[1])
"""


def test_a_write_killed_mid_transaction_leaves_nothing_half_written(top: Topology):
    """A report being filed (report row inserted, its timeline entry next) when
    its connection is killed: 503, and the rolled-back report is nowhere."""
    key = top.shell(OPEN311_CLIENT).strip().splitlines()[-1]
    form = {
        "api_key": key,
        "service_code": "jalan-berlubang",
        "lat": "-6.890000",
        "long": "107.615000",
        "address_string": "Jl. Dago No. 12",
        "description": "Jalan berlubang cukup dalam di depan sekolah",
        "attribute[ukuran]": "besar",
        "attribute[kedalaman]": "15",
    }

    def post(description: str) -> topology.Response:
        import urllib.parse

        body = urllib.parse.urlencode({**form, "description": description}).encode()
        return top.request(
            "/open311/v2/requests.json",
            method="POST",
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    before = top.web_pids()
    count = top.sql("SELECT count(*) FROM reports_report")[0][0]
    holder = _held_lock(top, "reports_reportupdate")
    try:
        flight = _InFlight(lambda: post("Lubang besar, koneksi diputus"))
        victim, wrote = _waiting_backend(
            top, "reports_reportupdate", holder.info.backend_pid
        )
        assert wrote, "the request had written (the report row) in its transaction"
        top.sql("SELECT pg_terminate_backend(%s)", victim)
        answer = flight.result()
    finally:
        holder.rollback()
        holder.close()
    assert answer.status == 503, answer.text
    assert answer.json()["code"] == "service_unavailable"
    assert top.sql("SELECT count(*) FROM reports_report")[0][0] == count
    assert (
        top.sql(
            "SELECT count(*) FROM reports_report WHERE description LIKE %s",
            "%koneksi diputus%",
        )[0][0]
        == 0
    )
    # the next report is filed whole, by the same workers
    again = post("Lubang besar, setelah pemulihan")
    assert again.status in (200, 201), again.text
    assert top.sql("SELECT count(*) FROM reports_report")[0][0] == count + 1
    assert top.web_pids() == before


def test_storage_down_uploads_fail_cleanly(top: Topology):
    top.stop_process("s3")
    code = """
from django.utils import translation
translation.activate("en")
from django.core.files.base import ContentFile
from django.db import transaction
from balai.core.errors import ServiceUnavailable
from balai.core.models import TaskCanary
from balai.core.storage import private_storage
try:
    with transaction.atomic():
        TaskCanary.objects.create(key="upload-during-outage")
        private_storage().save("checks/outage.txt", ContentFile(b"x"))
except ServiceUnavailable as exc:
    print("refused:", exc.message)
print("rows:", TaskCanary.objects.filter(key="upload-during-outage").count())
"""
    out = top.shell(code)
    assert "refused: The file storage is not answering" in out
    assert "rows: 0" in out
    ready = top.request("/readyz").json()
    assert ready["status"] == "degraded"
    assert ready["checks"]["storage"].startswith("unreachable")
    assert top.request("/").status == 200  # the rest of the site works


def test_settings_errors_are_clear(top: Topology):
    env = {**top.env, "BALAI_TRUSTED_PROXIES": "proxy.internal"}
    result = subprocess.run(
        [str(BIN / "balai"), "check"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "BALAI_TRUSTED_PROXIES must list IP addresses or networks" in result.stderr
