# SPDX-License-Identifier: EUPL-1.2
"""A migrated test database built once and copied, instead of migrated per process.

Creating the test database runs every migration (15-20 s of CPU), once per pytest
process: once per xdist worker, once per ``pytest some_test.py``. Here the first
process to need it migrates as Django does and keeps the result as a *template*;
every later one copies the template (milliseconds):

- SQLite: the template is a file, ``var/test-db/sqlite-<key>.sqlite3``, copied into
  the worker's in-memory test database with SQLite's backup API (or over its file,
  when ``BALAI_TEST_DATABASE_NAME`` names one).
- PostgreSQL: the template is a database, ``<test name>_tpl_<key>``, and each test
  database is made with ``CREATE DATABASE ... TEMPLATE`` it.

The key is a hash of everything that decides what migrating writes: every migration
file of every installed app, the project modules those migrations import (custom
fields, audit and journal triggers), the permissions the roles receive after
migrating (``accounts.roles``), the Django version and this module. Change any of it
and the next run migrates afresh and replaces the template (older templates of the
same database are deleted then). Processes share the work under a lock: one builds,
the others wait and copy. ``pytest --create-db`` rebuilds the template (once per
run: a template built after the run started is kept);
``--reuse-db`` (pytest-django's keepdb) and ``--nomigrations`` leave Django's own way
in place. ``balai.conftest`` installs this for ``django_db_setup``.
"""

from __future__ import annotations

import ast
import fcntl
import hashlib
import importlib.util
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connections

# Bump to throw every template away (e.g. when what is copied changes).
FORMAT = 1

SQLITE_VENDOR = "sqlite"
POSTGRESQL_VENDOR = "postgresql"
SUPPORTED = {SQLITE_VENDOR, POSTGRESQL_VENDOR}
# PostgreSQL's identifier limit, bytes
MAX_NAME = 63
KEY_LENGTH = 16


# --- the key --------------------------------------------------------------------------


def migration_files() -> list[Path]:
    """Every file of every installed app's migrations package."""
    files: list[Path] = []
    for config in apps.get_app_configs():
        spec = importlib.util.find_spec(f"{config.name}.migrations")
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            files.extend(sorted(Path(folder).glob("*.py")))
    return files


def imported_project_modules(files: Iterable[Path]) -> list[Path]:
    """The source files of the ``balai`` modules these files import (fields whose
    column types they name, triggers whose SQL they run)."""
    names: set[str] = set()
    for path in files:
        tree = ast.parse(path.read_bytes(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                # ``from balai.x import y`` may name a module y
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    sources: set[Path] = set()
    for name in names:
        if name.split(".")[0] != "balai":
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is not None and spec.origin and spec.origin.endswith(".py"):
            sources.add(Path(spec.origin))
    return sorted(sources)


def key_sources() -> list[Path]:
    """The files the template key hashes."""
    migrations = migration_files()
    return [*migrations, *imported_project_modules(migrations), Path(__file__)]


def post_migrate_state() -> str:
    """What the post-migrate receivers write beyond the migrations: the permissions of
    each role group (extended by the apps' ``ready()``)."""
    from balai.accounts.roles import ROLE_PERMISSIONS

    return repr(sorted((str(role), sorted(p)) for role, p in ROLE_PERMISSIONS.items()))


def template_key(
    vendor: str, sources: Iterable[Path] | None = None, extra: str | None = None
) -> str:
    """A short hash of the sources (``key_sources()`` by default) and their context."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR).parent
    for part in (
        f"format {FORMAT}",
        f"django {django.__version__}",
        f"vendor {vendor}",
        f"sqlite {sqlite3.sqlite_version}" if vendor == SQLITE_VENDOR else "",
        post_migrate_state() if extra is None else extra,
    ):
        digest.update(part.encode() + b"\0")
    for path in key_sources() if sources is None else sources:
        try:
            shown = str(path.relative_to(base))
        except ValueError:
            shown = path.name  # an installed package: its files by name and content
        digest.update(shown.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:KEY_LENGTH]


# --- SQLite: a file -------------------------------------------------------------------


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes on this machine (xdist workers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sqlite_template(
    folder: Path,
    key: str,
    build: Callable[[Path], None],
    rebuild_before: float | None = None,
) -> tuple[Path, bool]:
    """The template file for ``key`` in ``folder``, made by ``build(path)`` if missing
    (or older than the ``rebuild_before`` timestamp); returns it and whether it was
    built. Templates of other keys are deleted when one is built."""
    template = folder / f"sqlite-{key}.sqlite3"
    with file_lock(folder / ".lock"):
        if template.exists() and not (
            rebuild_before is not None and template.stat().st_mtime < rebuild_before
        ):
            return template, False
        partial = folder / f".sqlite-{key}.{os.getpid()}.partial"
        partial.unlink(missing_ok=True)
        build(partial)
        os.replace(partial, template)
        for stale in folder.glob("sqlite-*.sqlite3"):
            if stale != template:
                stale.unlink(missing_ok=True)
        return template, True


def template_folder(rootpath: Path) -> Path:
    """Where a project keeps its templates: ``var/test-db`` (the root conftest)."""
    return rootpath / "var" / "test-db"


def copy_sqlite_template(folder: Path, target: Path) -> bool:
    """Copy the current SQLite template (migrated, as ``migrate`` leaves a new
    database) to the file ``target``; False when none has been built for the
    current key (no SQLite run with migrations since the migrations changed)."""
    template = folder / f"sqlite-{template_key(SQLITE_VENDOR)}.sqlite3"
    with file_lock(folder / ".lock"):
        if not template.exists():
            return False
        source, copy = sqlite3.connect(template), sqlite3.connect(target)
        try:
            sqlite_copy(source, copy)
        finally:
            copy.close()
            source.close()
    return True


def sqlite_copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Copy a whole database, page by page (SQLite's online backup)."""
    source.backup(target)


# --- creating the test databases ------------------------------------------------------


def _migrated(creation: Any, verbosity: int, autoclobber: bool) -> str:
    """Django's own way: create and migrate (serialising is done by the caller)."""
    return str(
        creation.__class__.create_test_db(
            creation, verbosity, autoclobber, serialize=False, keepdb=False
        )
    )


def _switch_to(connection: Any, name: str) -> None:
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


def _sqlite_create(
    connection: Any,
    verbosity: int,
    autoclobber: bool,
    folder: Path,
    rebuild_before: float | None,
) -> str:
    creation = connection.creation
    migrated: list[str] = []

    def build(path: Path) -> None:
        migrated.append(_migrated(creation, verbosity, autoclobber))
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            sqlite_copy(connection.connection, target)
        finally:
            target.close()

    key = template_key(SQLITE_VENDOR)
    template, _built = sqlite_template(folder, key, build, rebuild_before)
    if migrated:
        return migrated[0]
    if verbosity >= 1:
        creation.log(f"Copying test database '{connection.alias}' from {template}")
    name = str(creation._create_test_db(verbosity, autoclobber, keepdb=False))
    _switch_to(connection, name)
    connection.ensure_connection()
    source = sqlite3.connect(template)
    try:
        sqlite_copy(source, connection.connection)
    finally:
        source.close()
    return name


def postgresql_template_name(test_name: str, key: str) -> str:
    """``<test name>_tpl_<key>``, the test name cut so it fits PostgreSQL's limit."""
    suffix = f"_tpl_{key}"
    return test_name[: MAX_NAME - len(suffix)] + suffix


def _template_base(connection: Any) -> str:
    """The test database's name without the xdist/tox suffix (shared by workers)."""
    return f"test_{connection.settings_dict['NAME']}"


def _postgresql_create(
    connection: Any,
    verbosity: int,
    autoclobber: bool,
    base: str,
    rebuild_before: float | None,
) -> str:
    creation = connection.creation
    quote = connection.ops.quote_name
    key = template_key(POSTGRESQL_VENDOR)
    template = postgresql_template_name(base, key)
    lock_id = int.from_bytes(hashlib.sha256(base.encode()).digest()[:8], "big") >> 1
    with creation._nodb_cursor() as lock:
        # held on this connection until it closes; the other workers wait here
        lock.execute("SELECT pg_advisory_lock(%s)", [lock_id])
        lock.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            [base.replace("_", r"\_") + r"\_tpl\_%"],
        )
        existing = {row[0] for row in lock.fetchall()}
        if rebuild_before is not None and template in existing:
            lock.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                " WHERE datname = %s",
                [template],
            )
            built = (lock.fetchone()[0] or "").rpartition(" ")[2]
            if not built.replace(".", "", 1).isdigit() or float(built) < rebuild_before:
                lock.execute(f"DROP DATABASE {quote(template)}")
                existing.discard(template)
        if template not in existing:
            name = _migrated(creation, verbosity, autoclobber)
            connection.close()
            connection.close_pool()
            lock.execute(f"CREATE DATABASE {quote(template)} TEMPLATE {quote(name)}")
            lock.execute(
                f"COMMENT ON DATABASE {quote(template)} IS "
                f"'balai test database template, built {time.time():.3f}'"
            )
            for stale in existing:
                lock.execute(f"DROP DATABASE IF EXISTS {quote(stale)}")
            return name
        if verbosity >= 1:
            creation.log(
                f"Copying test database for alias '{connection.alias}' from {template}"
            )
        test = connection.settings_dict["TEST"]
        had = "TEMPLATE" in test
        previous = test.get("TEMPLATE")
        test["TEMPLATE"] = template
        try:
            name = str(creation._create_test_db(verbosity, autoclobber, keepdb=False))
        finally:
            if had:
                test["TEMPLATE"] = previous
            else:
                del test["TEMPLATE"]
        _switch_to(connection, name)
        return name


def create_test_db(
    connection: Any,
    *,
    verbosity: int,
    autoclobber: bool,
    serialize: bool,
    folder: Path,
    base: str,
    rebuild_before: float | None,
) -> str:
    """``BaseDatabaseCreation.create_test_db`` with the migrations done once."""
    if connection.vendor == SQLITE_VENDOR:
        name = _sqlite_create(
            connection, verbosity, autoclobber, folder, rebuild_before
        )
    else:
        name = _postgresql_create(
            connection, verbosity, autoclobber, base, rebuild_before
        )
    if serialize:
        connection._test_serialized_contents = (
            connection.creation.serialize_db_to_string()
        )
    call_command("createcachetable", database=connection.alias)
    connection.ensure_connection()
    return name


@contextmanager
def templates_for_setup(
    *, folder: Path, rebuild_before: float | None = None
) -> Iterator[None]:
    """While Django sets up the test databases, create them from templates (rebuilt
    first if built before ``rebuild_before``, a timestamp)."""
    patched: list[Any] = []
    for alias in connections:
        connection: Any = connections[alias]
        test = connection.settings_dict.get("TEST", {})
        if connection.vendor not in SUPPORTED or test.get("MIRROR"):
            continue
        if test.get("MIGRATE") is False:
            continue
        base = _template_base(connection)

        def create(
            verbosity: int = 1,
            autoclobber: bool = False,
            serialize: bool = True,
            keepdb: bool = False,
            *,
            _connection: Any = connection,
            _base: str = base,
        ) -> str:
            if keepdb:
                return str(
                    _connection.creation.__class__.create_test_db(
                        _connection.creation, verbosity, autoclobber, serialize, keepdb
                    )
                )
            return create_test_db(
                _connection,
                verbosity=verbosity,
                autoclobber=autoclobber,
                serialize=serialize,
                folder=folder,
                base=_base,
                rebuild_before=rebuild_before,
            )

        connection.creation.create_test_db = create
        patched.append(connection)
    try:
        yield
    finally:
        for connection in patched:
            del connection.creation.create_test_db
