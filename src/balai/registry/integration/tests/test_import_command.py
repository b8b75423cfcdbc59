# SPDX-License-Identifier: EUPL-1.2
"""``balai registry import`` and ``rejections``: output, exit codes, a killed import."""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

import pytest

from balai.registry.integration.constants import BatchStatus
from balai.registry.integration.models import ImportBatch, StagedRecord
from balai.security.models import AuditEntry

DATA = Path(__file__).parent / "data"
CSV = str(DATA / "peserta_bad_rows.csv")
MAPPING = str(DATA / "peserta.yaml")


@pytest.fixture(autouse=True)
def _english():
    """Assertions below read the English messages (pages default to Indonesian)."""
    with translation.override("en"):
        yield


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("registry", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_a_summary_and_how_to_see_rejections(db, sample_regions):
    out, _err = _run("import", "bpjs-test", CSV, "--mapping", MAPPING, "--no-progress")
    batch = ImportBatch.objects.get()
    assert f"batch {batch.pk}" in out
    assert "rows read:     11" in out
    assert "staged:        4" in out
    assert "with warnings: 3" in out
    assert "rejected:      7" in out
    assert f"balai registry rejections {batch.pk}" in out


def test_fatal_errors_exit_with_a_clear_message(db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("source: {code: bpjs-test}\ncolumns: {sexx: JK}\n")
    with pytest.raises(CommandError) as error:
        _run("import", "bpjs-test", CSV, "--mapping", str(bad), "--no-progress")
    assert "columns.sexx" in str(error.value)
    with pytest.raises(CommandError) as error:
        _run("import", "bpjs-test", str(tmp_path / "none.csv"), "--mapping", MAPPING)
    assert "Cannot read the file" in str(error.value)
    _run("import", "bpjs-test", CSV, "--mapping", MAPPING, "--no-progress")
    with pytest.raises(CommandError) as error:
        _run("import", "bpjs-test", CSV, "--mapping", MAPPING, "--no-progress")
    assert "--force" in str(error.value)
    with pytest.raises(CommandError):
        _run("rejections", "not-a-batch")


def test_command_exit_code_is_non_zero_on_a_bad_mapping(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("source: [\n")
    utility = ManagementUtility(
        ["balai", "registry", "import", "x", CSV, "--mapping", str(bad)]
    )
    with pytest.raises(SystemExit) as exit_:
        utility.execute()
    assert exit_.value.code == 1
    assert "not valid YAML" in capsys.readouterr().err


def test_rejection_report_lists_every_reason(db, sample_regions, tmp_path):
    _run("import", "bpjs-test", CSV, "--mapping", MAPPING, "--no-progress")
    batch = ImportBatch.objects.get()
    report = tmp_path / "report.csv"
    _out, err = _run("rejections", str(batch.pk)[:8], "--output", str(report))
    assert "for 7 rows" in err
    lines = list(csv.DictReader(report.open(encoding="utf-8")))
    assert set(lines[0]) == {"row_number", "field", "code", "message", "detail"}
    reasons = {(line["row_number"], line["field"], line["code"]) for line in lines}
    assert ("4", "full_name", "invalid_name") in reasons
    assert ("4", "birth_date", "impossible_date") in reasons
    assert ("7", "sex", "invalid_sex") in reasons
    assert {line["row_number"] for line in lines} == {
        "3",
        "4",
        "5",
        "6",
        "7",
        "9",
        "11",
    }
    assert all(line["message"] for line in lines)
    assert "SITI" not in report.read_text() and "12345" not in report.read_text()
    assert not AuditEntry.objects.filter(action="registry.import_rejections_export")

    out, _err = _run("rejections", str(batch.pk), "--with-data")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert "12345" in next(r["raw"] for r in rows if r["row_number"] == "4")
    assert (
        AuditEntry.objects.filter(action="registry.import_rejections_export").count()
        == 1
    )


# --- a real process killed mid-import, then resumed -----------------------------------


def _child_env(tmp_path: Path, database_url: str | None) -> dict[str, str]:
    from django.conf import settings

    env = {
        **os.environ,
        "BALAI_ENV": "test",
        "BALAI_VAR_DIR": str(tmp_path / "var"),
        "BALAI_KEYRING_FILE": settings.KEYRING_FILE,
        "BALAI_REGISTRY_IMPORT_CHUNK_ROWS": "100",
        "DJANGO_SETTINGS_MODULE": "balai.settings",
    }
    env.pop("BALAI_KEYRING", None)
    if database_url:
        env["BALAI_DATABASE_URL"] = database_url
    return env


def _database(tmp_path: Path) -> tuple[str, object]:
    """A database the child can reach, and a function running SQL on it.

    PostgreSQL: the test database itself. SQLite: the in-memory test database copied
    to a file (schema and all), since another process cannot see memory.
    """
    if connection.vendor == "sqlite":
        path = tmp_path / "child.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()

        def query(sql: str) -> list[tuple]:
            with sqlite3.connect(path) as conn:
                return conn.execute(sql).fetchall()

        return f"sqlite:///{path}", query
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
        f":{db['PORT'] or 5432}/{db['NAME']}"
    )

    def query(sql: str) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    return url, query


def _big_file(path: Path, count: int) -> None:
    lines = ["NO_KARTU;NIK;NAMA_PESERTA;TGL_LAHIR;JENIS_KELAMIN"]
    lines += [f"{n:06d};;Warga Nomor {n};01-02-1980;L" for n in range(1, count + 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


BATCH_SQL = "SELECT last_row, status, rows_total FROM registry_integration_importbatch"
ROWS_SQL = (
    "SELECT COUNT(*), COUNT(DISTINCT row_number), MIN(row_number), MAX(row_number) "
    "FROM registry_integration_stagedrecord"
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("workers", ["0", "1"])
def test_killed_import_resumes_without_duplicates(tmp_path, workers):
    """Killed with SIGKILL, inline or with a sealing process (``pool``), then run
    again: every row exactly once."""
    rows = 2500
    source = tmp_path / "besar.csv"
    _big_file(source, rows)
    url, query = _database(tmp_path)
    command = [
        sys.executable,
        "-m",
        "balai.cli",
        "registry",
        "import",
        "bpjs-test",
        str(source),
        "--mapping",
        MAPPING,
        "--no-progress",
    ]
    env = _child_env(tmp_path, url) | {"BALAI_REGISTRY_IMPORT_WORKERS": workers}
    child = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    # a worker starts Django before its first block; a CI machine may be busy
    deadline = time.monotonic() + 180
    try:
        while time.monotonic() < deadline:
            found = _poll(query)
            if found and found[0] > 0:
                break
            assert child.poll() is None, child.stderr.read().decode()
            time.sleep(0.02)
    finally:
        children = _children(child.pid)
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert bool(children) == (workers != "0")  # a sealing worker (and its tracker)
    _no_orphans(children)
    last_row, status, total = query(BATCH_SQL)[0]
    assert status == BatchStatus.STAGING
    assert 0 < last_row < rows and last_row % 100 == 0
    assert total == last_row
    assert query(ROWS_SQL)[0][:2] == (last_row, last_row)

    resumed = subprocess.run(
        command, env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"rows read:     {rows}" in resumed.stdout
    assert query(BATCH_SQL)[0] == (rows, BatchStatus.STAGED, rows)
    assert query(ROWS_SQL)[0] == (rows, rows, 1, rows)
    if connection.vendor != "sqlite":
        assert StagedRecord.objects.count() == rows


def _poll(query) -> tuple | None:
    try:
        found = query(BATCH_SQL)
    except sqlite3.OperationalError:
        return None
    return found[0] if found else None


def _children(pid: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-eo", "pid=,ppid="], capture_output=True, text=True, check=True
    ).stdout
    pairs = [line.split() for line in out.splitlines() if line.strip()]
    return [int(child) for child, parent in pairs if int(parent) == pid]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _no_orphans(children: list[int]) -> None:
    """The killed importer's worker processes end by themselves within seconds."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)]
