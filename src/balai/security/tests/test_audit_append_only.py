# SPDX-License-Identifier: EUPL-1.2
"""The log refuses updates and deletes: in the ORM and, below it, in the database."""

from __future__ import annotations

from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

import pytest

from balai.security.audit import record, triggers
from balai.security.audit.verify import verify_chain
from balai.security.models import AuditEntry, AuditLogAppendOnly
from balai.security.tests.audit_support import TABLE, record_many


@pytest.mark.django_db
def test_orm_refuses_to_change_or_delete_entries():
    entry = record_many(2)[0]
    loaded = AuditEntry.objects.get(pk=entry.pk)
    loaded.purpose = "something else"
    with pytest.raises(AuditLogAppendOnly):
        loaded.save()
    with pytest.raises(AuditLogAppendOnly):
        entry.save(update_fields=["purpose"])
    with pytest.raises(AuditLogAppendOnly):
        loaded.delete()
    with pytest.raises(AuditLogAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(purpose="x")
    with pytest.raises(AuditLogAppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditLogAppendOnly):
        AuditEntry.objects.bulk_create([AuditEntry(action="person.read")])
    with pytest.raises(AuditLogAppendOnly):
        AuditEntry.objects.bulk_update([loaded], ["purpose"])
    assert AuditEntry.objects.count() == 2
    assert verify_chain().ok


@pytest.mark.django_db
def test_database_refuses_raw_update_and_delete():
    entry = record_many(2)[0]
    assert triggers.installed(connection)
    statements = [
        f"UPDATE {TABLE} SET purpose = 'covered up' WHERE id = {entry.pk}",
        f"DELETE FROM {TABLE} WHERE id = {entry.pk}",
        f"DELETE FROM {TABLE}",
    ]
    if connection.vendor == "postgresql":
        statements.append(f"TRUNCATE {TABLE}")
    for statement in statements:
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert AuditEntry.objects.get(pk=entry.pk).purpose == entry.purpose
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_keeps_the_triggers():
    record_many(3)

    call_command("flush", interactive=False, verbosity=0)

    assert not AuditEntry.objects.exists()
    assert triggers.installed(connection)
    entry = record(actor=None, action="user.create")  # autocommit: sealed at once
    entry.refresh_from_db()
    assert entry.seq == 1
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_migrations_install_and_remove_the_triggers():
    assert triggers.installed(connection)
    call_command("migrate", "security", "0001", verbosity=0)
    try:
        assert not triggers.installed(connection)
    finally:
        call_command("migrate", "security", verbosity=0)
    assert triggers.installed(connection)
