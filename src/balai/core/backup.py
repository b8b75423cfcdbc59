# SPDX-License-Identifier: EUPL-1.2
"""``balai backup DIR`` and ``balai restore DIR``: the database, the files, a manifest.

A backup directory holds

- ``database.pgdump`` (PostgreSQL: ``pg_dump --format=custom``, taken in an exported
  snapshot) or ``database.sqlite3`` (SQLite: the online backup API, safe on a live
  WAL database);
- ``media/``: a copy of ``MEDIA_ROOT`` (the private files stay encrypted as they are
  on disk);
- ``manifest.json``: format, versions (Balai, Django, Python, database server and
  tool), the applied migrations, the row count of every table *in the same snapshot as
  the dump*, and the size and SHA-256 of every file.

The keyring is never part of it: without the keyring the personal data in a backup
(encrypted fields, encrypted files) cannot be read and the audit chain cannot be
verified, so the two are stored apart (docs/operations.md, Backups).

Restoring checks every checksum first, then refuses a system that holds data (a
database with rows beyond what ``migrate`` writes, or files under ``MEDIA_ROOT``),
restores, compares every table's row count with the manifest and walks the audit
chain. Floor 1: it names no app's models, only tables.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

import balai

FORMAT = "balai-backup/1"
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
PG_DUMP = "database.pgdump"
SQLITE_DUMP = "database.sqlite3"
_CHUNK = 1024 * 1024

# Tables that ``migrate`` itself fills: a system holding rows only there is empty.
MIGRATION_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group",
        "auth_group_permissions",
        "django_site",
        "security_audithead",
        "sqlite_sequence",
    }
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for operators."""


@dataclasses.dataclass(frozen=True)
class RestoreReport:
    manifest: dict[str, Any]
    tables: int
    rows: int
    files: int
    audit_ok: bool
    audit_checked: int
    audit_reason: str
    pending_migrations: int


# --- helpers --------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _vendor(conn: BaseDatabaseWrapper | None = None) -> str:
    vendor = (conn or connection).vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _pg_env() -> dict[str, str]:
    """libpq's variables for the default database (the test database under pytest)."""
    params = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    return env


def _run(command: list[str], *, env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(  # noqa: S603 (a fixed tool, our own arguments)
            command, env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} is not installed (apt install postgresql-client)."
        ) from exc
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


def _tool_version(tool: str) -> str:
    return _run([tool, "--version"]).strip()


def _quote(conn: BaseDatabaseWrapper, table: str) -> str:
    return conn.ops.quote_name(table)


def table_counts(conn: BaseDatabaseWrapper | None = None) -> dict[str, int]:
    """The row count of every table of the database (in the current transaction)."""
    conn = conn or connection
    with conn.cursor() as cursor:
        names = sorted(conn.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(conn, name)}")  # noqa: S608
            counts[name] = int(cursor.fetchone()[0])
    return counts


def _sqlite_counts(path: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {
            name: int(db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0])  # noqa: S608
            for name in names
        }


def _applied_migrations() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return {}
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        applied: dict[str, list[str]] = {}
        for app, name in cursor.fetchall():
            applied.setdefault(app, []).append(name)
    return applied


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _walk_files(root: Path) -> Iterator[Path]:
    if not root.exists():
        return
    for directory, _dirs, names in os.walk(root):
        for name in sorted(names):
            yield Path(directory) / name


# --- backup ---------------------------------------------------------------------------


def _dump_sqlite(target: Path) -> dict[str, Any]:
    connection.ensure_connection()
    source = connection.connection
    with contextlib.closing(sqlite3.connect(target)) as copy:
        source.backup(copy)  # a consistent snapshot, page by page, while others write
    return {
        "vendor": "sqlite",
        "file": SQLITE_DUMP,
        "server_version": sqlite3.sqlite_version,
        "tool": f"sqlite3 online backup API {sqlite3.sqlite_version}",
        "tables": _sqlite_counts(target),
    }


def _dump_postgresql(target: Path) -> dict[str, Any]:
    # The counts and the dump read one snapshot: export it from a repeatable-read
    # transaction held open while pg_dump runs with --snapshot.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute(
                "SELECT pg_export_snapshot(), current_setting('server_version')"
            )
            snapshot, server_version = cursor.fetchone()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            env=_pg_env(),
        )
        counts = table_counts()
    return {
        "vendor": "postgresql",
        "file": PG_DUMP,
        "server_version": server_version,
        "tool": _tool_version("pg_dump"),
        "tables": counts,
    }


def create_backup(directory: Path) -> dict[str, Any]:
    """Write a backup into ``directory`` (new or empty) and return its manifest."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: back up into a new directory.")
    vendor = _vendor()
    directory.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    migrations = _applied_migrations()
    if vendor == "postgresql":
        database = _dump_postgresql(directory / PG_DUMP)
    else:
        database = _dump_sqlite(directory / SQLITE_DUMP)
    tables = database.pop("tables")
    # Files after the dump: every row the dump holds finds its file (an upload written
    # meanwhile is at worst an orphan, which ``balai storage sweep`` removes).
    media = _media_root()
    for source in _walk_files(media):
        relative = source.relative_to(media)
        copy = directory / MEDIA_DIR / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy)
    files = [
        {
            "path": path.relative_to(directory).as_posix(),
            "size": path.stat().st_size,
            "sha256": sha256_file(path),
        }
        for path in sorted(p for p in _walk_files(directory) if p.name != MANIFEST)
    ]
    manifest = {
        "format": FORMAT,
        "created_at": started.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": {
            "balai": balai.__version__,
            "django": django.get_version(),
            "python": platform.python_version(),
        },
        "database": database,
        "migrations": migrations,
        "tables": tables,
        "files": files,
        "keyring": "not included: restore needs the keyring backed up apart",
    }
    (directory / MANIFEST).write_text(
        json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8"
    )
    return manifest


# --- restore --------------------------------------------------------------------------


def read_manifest(directory: Path) -> dict[str, Any]:
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{path} is missing: not a Balai backup.") from exc
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} cannot be read: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a {FORMAT} manifest.")
    return manifest


def verify_files(directory: Path, manifest: dict[str, Any]) -> list[str]:
    """Every problem with the files the manifest lists (empty: all intact)."""
    directory = Path(directory).resolve()
    problems = []
    for entry in manifest.get("files", []):
        path = (directory / entry["path"]).resolve()
        if directory not in path.parents:
            problems.append(f"{entry['path']}: outside the backup directory")
        elif not path.is_file():
            problems.append(f"{entry['path']}: missing")
        elif path.stat().st_size != entry["size"]:
            problems.append(f"{entry['path']}: size differs")
        elif sha256_file(path) != entry["sha256"]:
            problems.append(f"{entry['path']}: checksum differs")
    return problems


def data_tables() -> dict[str, int]:
    """The tables holding rows beyond what ``migrate`` writes (empty: no data)."""
    return {
        name: count
        for name, count in table_counts().items()
        if count and name not in MIGRATION_TABLES
    }


def _check_migrations(manifest: dict[str, Any]) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            "The backup was made by a newer Balai (unknown migrations: "
            f"{', '.join(unknown[:5])}); install that release and restore again."
        )


def _restore_sqlite(path: Path) -> None:
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(path)) as source:
        source.backup(connection.connection)


def _restore_postgresql(path: Path) -> None:
    connection.close()  # hold no lock while pg_restore replaces the tables
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ],
        env=_pg_env(),
    )


def _pending_migrations() -> int:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def restore_backup(directory: Path) -> RestoreReport:
    """Restore ``directory`` into this empty system; raise BackupError if it cannot."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    problems = verify_files(directory, manifest)
    if problems:
        raise BackupError(
            "The backup is damaged; nothing was restored: " + "; ".join(problems[:10])
        )
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"The backup is of a {manifest['database']['vendor']} database; "
            f"this system runs {vendor}."
        )
    _check_migrations(manifest)
    holding = data_tables()
    if holding:
        named = ", ".join(
            f"{name} ({count})" for name, count in sorted(holding.items())
        )
        raise BackupError(
            "This system is not empty; restore only into a new, empty database. "
            f"Tables with data: {named[:500]}"
        )
    media = _media_root()
    if any(True for _ in _walk_files(media)):
        raise BackupError(
            f"{media} holds files; restore only into an empty MEDIA_ROOT."
        )

    dump = directory / manifest["database"]["file"]
    if vendor == "postgresql":
        _restore_postgresql(dump)
    else:
        _restore_sqlite(dump)
    restored_files = 0
    prefix = MEDIA_DIR + "/"
    for entry in manifest["files"]:
        if entry["path"].startswith(prefix):
            target = media / entry["path"][len(prefix) :]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(directory / entry["path"], target)
            restored_files += 1

    counts = table_counts()
    expected: dict[str, int] = manifest["tables"]
    differ = [
        f"{name}: {counts.get(name)} rows, the backup has {rows}"
        for name, rows in sorted(expected.items())
        if counts.get(name) != rows
    ]
    if differ:
        raise BackupError("The restored database differs: " + "; ".join(differ[:10]))

    from balai.security.audit.verify import verify_chain

    result = verify_chain()
    return RestoreReport(
        manifest=manifest,
        tables=len(expected),
        rows=sum(expected.values()),
        files=restored_files,
        audit_ok=result.ok,
        audit_checked=result.checked,
        audit_reason=result.reason,
        pending_migrations=_pending_migrations(),
    )
