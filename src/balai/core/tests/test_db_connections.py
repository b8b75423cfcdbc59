# SPDX-License-Identifier: EUPL-1.2
"""Persistent database connections: reused across requests, each one set up fully.

Each test runs a fresh process on its own SQLite file. Migrating that file is most of
the work, so each test starts from a copy of one migrated file (``migrated``): the
test run's migrated SQLite template (``balai.core.testing.template_db``, what
``migrate`` leaves in a new database), or, where none has been built yet (a fresh
checkout run with ``--nomigrations``, ``--reuse-db`` or on PostgreSQL), one file the
module migrates once. The process still runs
``migrate``, which then has nothing to do.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.core.management import call_command
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import RequestFactory

    call_command("migrate", verbosity=0, interactive=False)
    # A real WSGI handler (the test Client keeps connections open on purpose).
    handler, factory = WSGIHandler(), RequestFactory(HTTP_HOST="localhost")
    seen = []
    for _ in range(3):
        environ = factory.get("/open311/v2/services.json").environ
        response = handler(environ, lambda status, headers: None)
        assert response.status_code == 200
        response.close()  # request_finished: Django closes connections past max age
        seen.append(id(connection.connection) if connection.connection else None)
    connection.ensure_connection()
    with connection.cursor() as cursor:
        pragmas = {}
        for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous"):
            cursor.execute(f"PRAGMA {name}")
            pragmas[name] = cursor.fetchone()[0]
    settings = connection.settings_dict
    print(json.dumps({
        "seen": seen,
        "pragmas": pragmas,
        "max_age": settings["CONN_MAX_AGE"],
        "health": settings["CONN_HEALTH_CHECKS"],
    }))
    """
)


MIGRATE = "import django; django.setup(); " + (
    "from django.core.management import call_command; "
    "call_command('migrate', verbosity=0, interactive=False)"
)


def _environment(var_dir: Path, **env: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BALAI_")}
    clean.update(
        {
            "BALAI_VAR_DIR": str(var_dir),
            "BALAI_ENV": "test",
            "DJANGO_SETTINGS_MODULE": "balai.settings",
            **env,
        }
    )
    return clean


@pytest.fixture(scope="module")
def migrated(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """A var directory whose SQLite database is migrated: a copy of the run's
    template (built by ``django_db_setup`` on SQLite; on PostgreSQL one is there if
    an SQLite run built it), else migrated once for the module."""
    from balai.core.testing.template_db import copy_sqlite_template, template_folder

    folder = tmp_path_factory.mktemp("migrated")
    target = folder / "balai.sqlite3"
    if copy_sqlite_template(template_folder(request.config.rootpath), target):
        return folder
    result = subprocess.run(
        [sys.executable, "-c", MIGRATE],
        env=_environment(folder),
        capture_output=True,
        text=True,
        timeout=600,  # a loaded machine stretches wall time
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (folder / "balai.sqlite3").exists()
    return folder


def _run(migrated: Path, tmp_path: Path, **env: str) -> dict:
    var_dir = tmp_path / "var"
    shutil.copytree(migrated, var_dir)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=_environment(var_dir, **env),
        capture_output=True,
        text=True,
        timeout=600,  # a loaded machine stretches wall time
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_requests_reuse_one_sqlite_connection_with_its_pragmas(migrated, tmp_path):
    found = _run(migrated, tmp_path)
    assert (found["max_age"], found["health"]) == (60, True)
    first, *rest = found["seen"]
    assert first is not None and all(seen == first for seen in rest)
    assert found["pragmas"] == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 5000,
        "synchronous": 1,  # NORMAL
    }


def test_max_age_zero_closes_the_connection_after_each_request(migrated, tmp_path):
    found = _run(migrated, tmp_path, BALAI_DB_CONN_MAX_AGE="0")
    assert found["max_age"] == 0
    assert found["seen"] == [None, None, None]
    assert found["pragmas"]["foreign_keys"] == 1  # a new connection is set up too
