# SPDX-License-Identifier: EUPL-1.2
"""Production settings refuse to start insecurely; the deploy check passes clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from balai.security.crypto.keyring import generate

STRONG_SECRET = "k7#Qz9!mP2$vL8@xR4^tW6&yB1*nC3(dF5)gH0_jK-=+aS;eU:iO"


def _run(
    args: list[str], env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BALAI_")}
    clean.update({"BALAI_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret(tmp_path):
    result = _run(
        ["import balai.settings"],
        {"BALAI_ENV": "production", "BALAI_ALLOWED_HOSTS": "balai.example.go.id"},
        tmp_path,
    )
    assert result.returncode != 0
    assert "BALAI_SECRET_KEY" in result.stderr
    assert not (tmp_path / "dev-secret-key").exists()


def test_production_refuses_a_short_secret(tmp_path):
    result = _run(
        ["import balai.settings"],
        {
            "BALAI_ENV": "production",
            "BALAI_SECRET_KEY": "short",
            "BALAI_ALLOWED_HOSTS": "balai.example.go.id",
        },
        tmp_path,
    )
    assert result.returncode != 0
    assert "BALAI_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = _run(
        ["import balai.settings"],
        {"BALAI_ENV": "production", "BALAI_SECRET_KEY": STRONG_SECRET},
        tmp_path,
    )
    assert result.returncode != 0
    assert "BALAI_ALLOWED_HOSTS" in result.stderr


def test_check_deploy_passes_with_zero_warnings_in_production(tmp_path):
    result = _run(
        [
            "from balai.cli import main; "
            "main(['check', '--deploy', '--fail-level', 'WARNING'])"
        ],
        {
            "BALAI_ENV": "production",
            "BALAI_SECRET_KEY": STRONG_SECRET,
            "BALAI_ALLOWED_HOSTS": "balai.example.go.id",
            "BALAI_KEYRING": generate().to_json(),
            "BALAI_SMS_GATEWAY_URL": "https://sms.example.go.id/send",
            "BALAI_WHATSAPP_GATEWAY_URL": "https://wa.example.go.id/send",
            "BALAI_PUBLIC_BASE_URL": "https://balai.example.go.id",
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("given", "needle"),
    [(None, "core.E001"), ("http://balai.example.go.id", "core.E002")],
)
def test_check_deploy_requires_an_https_public_address(tmp_path, given, needle):
    env = {
        "BALAI_ENV": "production",
        "BALAI_SECRET_KEY": STRONG_SECRET,
        "BALAI_ALLOWED_HOSTS": "balai.example.go.id",
        "BALAI_KEYRING": generate().to_json(),
        "BALAI_SMS_GATEWAY_URL": "https://sms.example.go.id/send",
        "BALAI_WHATSAPP_GATEWAY_URL": "https://wa.example.go.id/send",
    }
    if given:
        env["BALAI_PUBLIC_BASE_URL"] = given
    result = _run(
        ["from balai.cli import main; main(['check', '--deploy'])"], env, tmp_path
    )
    assert result.returncode != 0
    assert needle in result.stdout + result.stderr
    assert "BALAI_PUBLIC_BASE_URL" in result.stdout + result.stderr


def test_production_refuses_the_plaintext_file_outbox(tmp_path):
    """The file backend writes recipients and codes in plaintext: demo only."""
    result = _run(
        ["import balai.settings"],
        {
            "BALAI_ENV": "production",
            "BALAI_SECRET_KEY": STRONG_SECRET,
            "BALAI_ALLOWED_HOSTS": "balai.example.go.id",
            "BALAI_NOTIFY_SMS_BACKEND": "file",
        },
        tmp_path,
    )
    assert result.returncode != 0
    assert "file notification backend" in result.stderr


def test_development_generates_a_secret_once(tmp_path):
    code = ["import balai.settings as s; print(s.SECRET_KEY)"]
    first = _run(code, {"BALAI_ENV": "development"}, tmp_path)
    second = _run(code, {"BALAI_ENV": "development"}, tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert oct((tmp_path / "dev-secret-key").stat().st_mode)[-3:] == "600"


def test_sqlite_runs_in_wal_mode(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # the in-memory test database cannot use WAL; the file database does
    assert mode in {"wal", "memory"}


def test_bad_tasks_backend_name_is_refused(tmp_path):
    result = _run(
        ["import balai.settings"], {"BALAI_TASKS_BACKEND": "celery"}, tmp_path
    )
    assert result.returncode != 0
    assert "BALAI_TASKS_BACKEND" in result.stderr
