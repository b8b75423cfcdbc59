# SPDX-License-Identifier: EUPL-1.2
"""Shared pieces of the audit tests: actors, entries and a DBA's tampering tools."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

import pytest

from balai.security.audit import record, seal_pending
from balai.security.models import AuditEntry

TABLE = "security_auditentry"


def officer(**extra: object) -> SimpleNamespace:
    """A duck-typed staff actor (the security app does not know accounts.User)."""
    values: dict[str, object] = {
        "pk": uuid.uuid4(),
        "agency_id": uuid.uuid4(),
        "role_names": frozenset({"officer"}),
        "is_staff": True,
        "is_authenticated": True,
    }
    values.update(extra)
    return SimpleNamespace(**values)


def record_many(
    count: int, *, actor: object | None = None, seal: bool = True
) -> list[AuditEntry]:
    """``count`` person reads; sealed (as after a commit) unless ``seal`` is False.

    The test's transaction never commits, so the on-commit seal is run here.
    """
    actor = actor or officer()
    entries = [
        record(
            actor=actor,
            action="person.read",
            object_type="registry.resident",
            object_id=str(uuid.uuid4()),
            subject_id=uuid.uuid4(),
            purpose=f"checking application {number}",
        )
        for number in range(count)
    ]
    if not seal:
        return entries
    seal_pending()
    by_id = AuditEntry.objects.in_bulk([entry.id for entry in entries])
    return [by_id[entry.id] for entry in entries]


@contextmanager
def as_database_administrator() -> Iterator[object]:
    """A cursor with the append-only triggers lifted, as a DBA could do.

    SQLite: DROP TRIGGER; PostgreSQL: ALTER TABLE ... DISABLE TRIGGER ALL (the test
    role is a superuser). Inside the test's transaction, so it is rolled back after.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER security_auditentry_no_update")
            cursor.execute("DROP TRIGGER security_auditentry_no_delete")
        else:
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER ALL")
        yield cursor
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER ALL")


def verify_failure() -> CommandError:
    """Run ``audit verify`` expecting it to fail; return the error."""
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify")
    assert caught.value.returncode != 0
    return caught.value
