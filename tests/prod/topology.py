# SPDX-License-Identifier: EUPL-1.2
"""Start Balai's production topology on this machine (``make prod-check``).

PostgreSQL (a fresh database), Redis (its own database number), a local S3 server
(moto), gunicorn with several workers and two ``balai worker`` processes, all with
production settings given only through the environment, as docs/operations.md tells
an operator. Everything started here is stopped by ``Topology.stop``.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_URL = os.environ.get(
    "PG_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/balai_ci"
)
REDIS_URL = os.environ.get("PROD_CHECK_REDIS_URL", "redis://127.0.0.1:6379/13")
HOST = "balai.example.go.id"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Any, *, timeout: float, what: str, interval: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except Exception as exc:  # not yet
            last = exc
        time.sleep(interval)
    raise TimeoutError(f"{what} did not happen within {timeout}s (last: {last!r})")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Topology:
    tmp: Path
    env: dict[str, str]
    web_port: int
    s3_port: int
    database: str
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    # --- processes ------------------------------------------------------------------

    def log_path(self, name: str) -> Path:
        return self.tmp / f"{name}.log"

    def start(
        self, name: str, args: list[str], env: dict[str, str] | None = None
    ) -> None:
        log = self.log_path(name).open("ab")
        self.processes[name] = subprocess.Popen(
            args,
            env=env or self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.tmp,
            start_new_session=True,
        )

    def stop_process(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def stop(self) -> None:
        for name in list(self.processes):
            self.stop_process(name)

    def balai(self, *args: str, env: dict[str, str] | None = None) -> str:
        result = subprocess.run(
            [str(BIN / "balai"), *args],
            env=env or self.env,
            cwd=self.tmp,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if result.returncode != 0:
            raise AssertionError(
                f"balai {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def shell(self, code: str) -> str:
        return self.balai("shell", "--no-imports", "-c", code)

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.env["BALAI_DATABASE_URL"], autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    # --- HTTP -----------------------------------------------------------------------

    def request(
        self,
        path: str,
        *,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        data: bytes | None = None,
        forwarded_for: str | None = None,
        timeout: float = 30,
    ) -> Response:
        """A request as the TLS proxy forwards it (Host, X-Forwarded-Proto)."""
        sent = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
        if forwarded_for is not None:
            sent["X-Forwarded-For"] = forwarded_for
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.web_port}{path}",
            method=method,
            headers=sent,
            data=data,
        )
        opener = urllib.request.build_opener(_NoRedirect())
        try:
            with opener.open(request, timeout=timeout) as answer:
                return Response(answer.status, dict(answer.headers), answer.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers), error.read())

    def web_pids(self) -> set[int]:
        master = self.processes["gunicorn"].pid
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(master)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return {int(pid) for pid in out.split()}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _admin() -> dict[str, Any]:
    import urllib.parse

    url = urllib.parse.urlsplit(PG_URL)
    return {
        "host": url.hostname,
        "port": url.port or 5432,
        "user": url.username,
        "password": url.password,
        "dbname": "postgres",
        "autocommit": True,
    }


def schema_fingerprint() -> str:
    """A hash of every migration file and the locks: the template's name."""
    import hashlib

    digest = hashlib.sha256()
    files = sorted((ROOT / "src").rglob("migrations/*.py"))
    files += [ROOT / "requirements.lock"]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def template_name() -> str:
    return f"balai_prodtpl_{schema_fingerprint()}"


def template_exists() -> bool:
    import psycopg

    with psycopg.connect(**_admin()) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (template_name(),)
        ).fetchone()
    return row is not None


def save_template(database: str) -> None:
    """Keep the migrated, empty database as the template of the next runs (the
    schema is the same until a migration or a locked version changes)."""
    import psycopg

    with psycopg.connect(**_admin()) as conn:
        old = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'balai_prodtpl_%%'"
        ).fetchall()
        for (name,) in old:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{template_name()}" TEMPLATE "{database}"')


def _fresh_database(name: str, *, template: str | None = None) -> str:
    import urllib.parse

    import psycopg

    url = urllib.parse.urlsplit(PG_URL)
    admin = {
        "host": url.hostname,
        "port": url.port or 5432,
        "user": url.username,
        "password": url.password,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as conn:  # type: ignore[arg-type]
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if template:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            conn.execute(f'CREATE DATABASE "{name}"')
    netloc = url.netloc
    return urllib.parse.urlunsplit((url.scheme, netloc, f"/{name}", "", ""))


def production_env(
    tmp: Path, *, web_port: int, s3_port: int, database_url: str
) -> dict[str, str]:
    """Production settings, from the environment only (docs/operations.md)."""
    keyring = tmp / "keyring.json"
    subprocess.run(
        [sys.executable, "-m", "balai.security.crypto.init", str(keyring)],
        check=True,
        capture_output=True,
    )
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BALAI_", "DJANGO_", "PYTEST", "PROMETHEUS"))
    }
    return {
        **base,
        "BALAI_ENV": "production",
        "BALAI_SECRET_KEY": secrets.token_urlsafe(64),
        "BALAI_ALLOWED_HOSTS": HOST,
        "BALAI_PUBLIC_BASE_URL": f"https://{HOST}",
        "BALAI_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "BALAI_KEYRING_FILE": str(keyring),
        "BALAI_DATABASE_URL": database_url,
        "BALAI_CACHE_URL": REDIS_URL,
        "BALAI_TASKS_BACKEND": "database",
        "BALAI_TASK_LEASE_SECONDS": "4",
        "BALAI_STORAGE": "s3",
        "BALAI_S3_BUCKET": "balai-private",
        "BALAI_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
        "BALAI_S3_ACCESS_KEY": "balai-check",
        "BALAI_S3_SECRET_KEY": secrets.token_urlsafe(24),
        "BALAI_S3_TIMEOUT_SECONDS": "2",
        "BALAI_TRUSTED_PROXIES": "127.0.0.1/32",
        "BALAI_METRICS_TOKEN": secrets.token_urlsafe(32),
        "BALAI_METRICS_DIR": str(tmp / "metrics"),
        "BALAI_VAR_DIR": str(tmp / "var"),
        "BALAI_STATIC_ROOT": str(tmp / "static"),
        "BALAI_MEDIA_ROOT": str(tmp / "media"),
        "BALAI_SMS_GATEWAY_URL": "https://sms.example.go.id/send",
        "BALAI_WHATSAPP_GATEWAY_URL": "https://wa.example.go.id/send",
        "BALAI_GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "BALAI_GUNICORN_WORKERS": "3",
        "BALAI_GUNICORN_TIMEOUT": "30",
        "AWS_ACCESS_KEY_ID": "balai-check",
        "AWS_SECRET_ACCESS_KEY": "unused",
    }


def start_s3(top: Topology) -> None:
    top.start(
        "s3",
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(top.s3_port)],
        env={**top.env, "MOTO_ALLOW_NONEXISTENT_REGION": "true"},
    )
    wait_for(
        lambda: socket.create_connection(("127.0.0.1", top.s3_port), 1).close() or True,
        timeout=30,
        what="the S3 server listening",
    )


def s3_client(top: Topology) -> Any:
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=top.env["BALAI_S3_ENDPOINT_URL"],
        aws_access_key_id=top.env["BALAI_S3_ACCESS_KEY"],
        aws_secret_access_key=top.env["BALAI_S3_SECRET_KEY"],
        region_name="us-east-1",
    )


def start_workers(top: Topology, count: int = 2) -> None:
    for number in range(1, count + 1):
        top.start(
            f"worker{number}",
            [str(BIN / "balai"), "worker", "--interval", "0.2"],
        )


def start(tmp: Path | None = None) -> Topology:
    tmp = tmp or Path(tempfile.mkdtemp(prefix="balai-prod-"))
    web_port, s3_port = free_port(), free_port()
    database = f"balai_prodcheck_{os.getpid()}"
    # a fresh database; migrated from the template of an earlier run when the schema
    # is the same (migrating ~25 apps takes minutes on a busy 2-core machine)
    cached = template_exists()
    database_url = _fresh_database(
        database, template=template_name() if cached else None
    )
    env = production_env(
        tmp, web_port=web_port, s3_port=s3_port, database_url=database_url
    )
    top = Topology(
        tmp=tmp, env=env, web_port=web_port, s3_port=s3_port, database=database
    )
    try:
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        start_s3(top)
        client = s3_client(top)
        client.create_bucket(Bucket="balai-private")
        client.put_public_access_block(
            Bucket="balai-private",
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
        # independent steps side by side: the deploy check, the schema, static files
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(3) as pool:
            steps = [
                pool.submit(top.balai, "check", "--deploy", "--fail-level", "WARNING"),
                pool.submit(top.balai, "migrate", "--no-input", "-v", "0"),
                pool.submit(top.balai, "collectstatic", "--no-input", "-v", "0"),
            ]
            for step in steps:
                step.result()
        if not cached:
            save_template(database)
        top.start(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "-c",
                "python:balai.gunicorn_conf",
                "balai.wsgi:application",
            ],
        )
        start_workers(top)
        wait_for(
            lambda: top.request("/readyz").status == 200,
            timeout=60,
            what="gunicorn ready",
        )
    except BaseException:
        drop(top)
        raise
    return top


def drop(top: Topology) -> None:
    top.stop()
    with contextlib.suppress(Exception):
        import psycopg

        with psycopg.connect(
            top.env["BALAI_DATABASE_URL"].rsplit("/", 1)[0] + "/postgres",
            autocommit=True,
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{top.database}" WITH (FORCE)')
