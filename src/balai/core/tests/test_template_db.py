# SPDX-License-Identifier: EUPL-1.2
"""The migrated test-database template (balai.core.testing.template_db)."""

from __future__ import annotations

import importlib.util
import sqlite3
import time
from pathlib import Path

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

import pytest

from balai.accounts import roles
from balai.core.testing import template_db


def _disk_migration_files() -> set[Path]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    files = set()
    for app_label, name in loader.disk_migrations:
        module, _explicit = MigrationLoader.migrations_module(app_label)
        spec = importlib.util.find_spec(f"{module}.{name}")
        assert spec is not None and spec.origin
        files.add(Path(spec.origin))
    return files


def test_every_migration_of_every_app_is_in_the_key():
    sources = set(template_db.key_sources())
    missing = _disk_migration_files() - sources
    assert not missing, sorted(missing)
    # Django's own apps too, not only the project's
    assert any(path.parts[-3:-1] == ("auth", "migrations") for path in sources)


def test_modules_that_migrations_import_are_in_the_key():
    sources = {
        path.relative_to(Path(template_db.__file__).parents[3])
        for path in template_db.key_sources()
        if "balai" in path.parts and "migrations" not in path.parts
    }
    assert Path("balai/security/audit/triggers.py") in sources
    assert Path("balai/security/crypto/fields.py") in sources
    assert Path("balai/core/testing/template_db.py") in sources


def test_a_changed_migration_changes_the_key(tmp_path):
    sources = template_db.key_sources()
    index = next(
        i
        for i, path in enumerate(sources)
        if "migrations" in path.parts and path.name.startswith("0001")
    )
    original = sources[index].read_bytes()
    copy = tmp_path / sources[index].name
    copy.write_bytes(original)
    with_copy = [*sources]
    with_copy[index] = copy
    before = template_db.template_key("sqlite", with_copy)
    assert template_db.template_key("sqlite", with_copy) == before

    copy.write_bytes(original + b"\n# one more operation\n")
    assert template_db.template_key("sqlite", with_copy) != before

    copy.write_bytes(original)
    added = tmp_path / "0099_new.py"
    added.write_text("# a new migration\n")
    assert template_db.template_key("sqlite", [*with_copy, added]) != before
    assert template_db.template_key("sqlite", with_copy) == before


def test_the_key_depends_on_the_database_and_the_roles(monkeypatch):
    key = template_db.template_key("sqlite")
    assert template_db.template_key("sqlite") == key
    assert template_db.template_key("postgresql") != key
    assert len(key) == template_db.KEY_LENGTH

    granted = {role: set(perms) for role, perms in roles.ROLE_PERMISSIONS.items()}
    monkeypatch.setattr(roles, "ROLE_PERMISSIONS", granted)
    roles.grant("auditor", "accounts.view_user")
    assert template_db.template_key("sqlite") != key


def _build_tiny(path: Path, value: str) -> None:
    database = sqlite3.connect(path)
    database.execute("CREATE TABLE marker (value TEXT)")
    database.execute("INSERT INTO marker VALUES (?)", [value])
    database.commit()
    database.close()


def _marker(path: Path) -> str:
    database = sqlite3.connect(path)
    try:
        return str(database.execute("SELECT value FROM marker").fetchone()[0])
    finally:
        database.close()


def test_a_sqlite_template_is_built_once_per_key_and_replaced_when_it_changes(
    tmp_path,
):
    builds: list[str] = []

    def build(value: str):
        def make(path: Path) -> None:
            builds.append(value)
            _build_tiny(path, value)

        return make

    first, built = template_db.sqlite_template(tmp_path, "aaaa", build("one"))
    assert built and _marker(first) == "one"
    again, built = template_db.sqlite_template(tmp_path, "aaaa", build("two"))
    assert (again, built) == (first, False)
    assert builds == ["one"]

    # a changed key (a changed migration): migrated afresh, the old one deleted
    other, built = template_db.sqlite_template(tmp_path, "bbbb", build("three"))
    assert built and _marker(other) == "three"
    assert not first.exists()
    assert sorted(p.name for p in tmp_path.glob("sqlite-*")) == ["sqlite-bbbb.sqlite3"]

    # --create-db: rebuilt under the same key
    run_started = time.time()
    rebuilt, built = template_db.sqlite_template(
        tmp_path, "bbbb", build("four"), rebuild_before=run_started
    )
    assert built and rebuilt == other and _marker(other) == "four"
    # ...once: another worker of the same run copies the one just built
    _same, built = template_db.sqlite_template(
        tmp_path, "bbbb", build("five"), rebuild_before=run_started
    )
    assert not built and _marker(other) == "four"
    assert builds == ["one", "three", "four"]


def test_a_failed_build_leaves_no_template(tmp_path):
    def broken(path: Path) -> None:
        _build_tiny(path, "half")
        raise RuntimeError("migration failed")

    with pytest.raises(RuntimeError):
        template_db.sqlite_template(tmp_path, "cccc", broken)
    assert not list(tmp_path.glob("sqlite-*"))


def test_the_copy_holds_the_whole_database(tmp_path):
    _build_tiny(tmp_path / "template.sqlite3", "copied")
    source = sqlite3.connect(tmp_path / "template.sqlite3")
    target = sqlite3.connect("file:copy_test?mode=memory&cache=shared", uri=True)
    try:
        template_db.sqlite_copy(source, target)
        assert target.execute("SELECT value FROM marker").fetchall() == [("copied",)]
    finally:
        source.close()
        target.close()


def test_postgresql_template_names_fit_the_identifier_limit():
    assert (
        template_db.postgresql_template_name("test_balai_ci", "0123456789abcdef")
        == "test_balai_ci_tpl_0123456789abcdef"
    )
    long = template_db.postgresql_template_name("test_" + "x" * 80, "0123456789abcdef")
    assert len(long) == template_db.MAX_NAME
    assert long.endswith("_tpl_0123456789abcdef")


@pytest.mark.django_db
def test_the_test_database_has_every_migration_applied():
    """Whether migrated here or copied from the template, nothing is left to apply."""
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    applied = set(executor.recorder.applied_migrations())
    assert set(executor.loader.disk_migrations) <= applied
