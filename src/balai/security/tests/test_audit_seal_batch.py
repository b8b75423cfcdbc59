# SPDX-License-Identifier: EUPL-1.2
"""Sealing in batches: pending entries read as rows, a batch chained in one write,
and (PostgreSQL) an entry outside a transaction appended without BEGIN/COMMIT."""

from __future__ import annotations

import uuid

from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.test.utils import CaptureQueriesContext

import pytest

from balai.core import middleware
from balai.security.audit import chain, record, seal_pending
from balai.security.audit import seal as sealing
from balai.security.audit.key import audit_key
from balai.security.audit.verify import verify_chain
from balai.security.models import AuditEntry, AuditHead
from balai.security.tests.audit_support import officer, record_many


def _varied_entries() -> list[AuditEntry]:
    """Entries of every shape the hash covers: with and without an address (IPv4,
    IPv6), subject, agency, changes and purpose; a system actor."""
    entries = []
    for ip in ("192.0.2.7", "2001:db8::1", None):
        token = middleware._client_ip.set(ip)
        try:
            entries.append(
                record(
                    actor=officer(),
                    action="person.read",
                    object_type="registry.resident",
                    object_id=str(uuid.uuid4()),
                    subject_id=uuid.uuid4(),
                    purpose="checking an application",
                    changes=["full_name", "birth_date"],
                )
            )
        finally:
            middleware._client_ip.reset(token)
    entries.append(record(actor=None, action="audit.export"))
    return entries


@pytest.mark.django_db
def test_pending_entries_read_as_rows_hash_exactly_as_the_model_instances():
    entries = _varied_entries()  # the test's transaction never commits: pending
    key = audit_key()

    rows = sealing._pending(DEFAULT_DB_ALIAS, 1, 100)

    assert [row.id for row in rows] == [entry.id for entry in entries]
    stored = AuditEntry.objects.in_bulk([row.id for row in rows])
    for row in rows:
        model = stored[row.id]
        assert chain.canonical_bytes(row) == chain.canonical_bytes(model)
        assert chain.compute_hash(row, key) == chain.compute_hash(model, key)
        assert chain.hash_matches(row, key) and chain.hash_matches(model, key)
        assert row.seq is None and row.prev_hash == ""
    seal_pending()
    result = verify_chain()
    assert (result.ok, result.checked, result.unsealed) == (True, 4, 0)


@pytest.mark.django_db
def test_the_sealed_hash_is_the_check_then_the_chain_hash_of_every_entry():
    """``sealed_hash`` (the fields made once) gives what the two steps gave: the
    entry's own HMAC checked, then its hash at the next position; None for a row
    whose HMAC or address digest does not match."""
    import copy

    _varied_entries()
    key = audit_key()
    rows = sealing._pending(DEFAULT_DB_ALIAS, 1, 100)
    prev = chain.GENESIS_HASH
    for position, row in enumerate(rows, start=1):
        assert chain.hash_matches(row, key)
        sealed = copy.copy(row)
        sealed.seq, sealed.prev_hash = position, prev
        expected = chain.compute_hash(sealed, key)
        assert chain.sealed_hash(row, key, position, prev) == expected
        prev = expected
    changed = copy.copy(rows[0])
    changed.purpose = "something else"
    assert chain.sealed_hash(changed, key, 1, chain.GENESIS_HASH) is None
    with_ip = next(row for row in rows if row.ip)
    moved = copy.copy(with_ip)
    moved.ip = "10.9.9.9" if with_ip.ip != "10.9.9.9" else "10.9.9.8"
    assert not chain.hash_matches(moved, key)
    assert chain.sealed_hash(moved, key, 1, chain.GENESIS_HASH) is None
    broken = copy.copy(rows[0])
    broken.chain_version = 99  # not even well formed
    assert chain.sealed_hash(broken, key, 1, chain.GENESIS_HASH) is None


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the batched statements and autocommit append are PostgreSQL's")


def _statements(captured: CaptureQueriesContext) -> list[str]:
    return [query["sql"].split()[0].upper() for query in captured.captured_queries]


@pytest.mark.django_db(transaction=True)
def test_a_batch_is_sealed_in_one_read_and_one_write_on_postgresql(monkeypatch):
    _postgresql_only()
    monkeypatch.setattr(sealing, "seal_after_commit", lambda using=None: None)
    record_many(1)  # the chain and its head exist
    entries = record_many(6, seal=False)  # committed, left pending

    with CaptureQueriesContext(connection) as captured:
        assert seal_pending(look_first=False) == 6

    # BEGIN, lock the head and read the pending entries, chain them and move the
    # head, COMMIT; then one look for entries whose sealer found the head busy
    assert _statements(captured) == ["BEGIN", "SELECT", "WITH", "COMMIT", "SELECT"]
    stored = AuditEntry.objects.in_bulk([entry.id for entry in entries])
    assert [stored[entry.id].seq for entry in entries] == [2, 3, 4, 5, 6, 7]
    assert AuditHead.objects.get().last_seq == 7
    result = verify_chain()
    assert (result.ok, result.checked, result.unsealed) == (True, 7, 0)


@pytest.mark.django_db(transaction=True)
def test_a_seal_whose_entries_were_chained_meanwhile_writes_nothing(monkeypatch):
    """The guard against a stale read: the head moves only if every entry the seal
    read was still pending, else the whole seal rolls back."""
    _postgresql_only()
    monkeypatch.setattr(sealing, "seal_after_commit", lambda using=None: None)
    entry = record_many(1, seal=False)[0]
    assert seal_pending() == 1
    head = AuditHead.objects.get()

    with pytest.raises(sealing.SealRaced), transaction.atomic():
        # what a seal working from an old read of the same entry would write
        sealing._write_seals(DEFAULT_DB_ALIAS, 1, [(entry.id, 2, head.last_hash, "0")])

    assert AuditHead.objects.get().last_seq == head.last_seq == 1
    assert AuditEntry.objects.get(pk=entry.pk).seq == 1
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_an_entry_outside_a_transaction_needs_no_begin_on_postgresql(monkeypatch):
    _postgresql_only()
    monkeypatch.setattr(sealing, "seal_after_commit", lambda using=None: None)

    with CaptureQueriesContext(connection) as captured:
        entry = record(actor=officer(), action="person.read", purpose="a check")

    # its id from the sequence, then one INSERT that commits on its own
    assert _statements(captured) == ["SELECT", "INSERT"]
    assert "nextval" in captured.captured_queries[0]["sql"]
    assert AuditEntry.objects.get(pk=entry.pk).entry_hash == entry.entry_hash

    # inside a caller's transaction the entry still belongs to it
    def failing_caller() -> AuditEntry:
        with transaction.atomic():
            kept.append(record(actor=officer(), action="person.read", purpose="x"))
            raise RuntimeError("the caller fails")

    kept: list[AuditEntry] = []
    with pytest.raises(RuntimeError):
        failing_caller()
    assert not AuditEntry.objects.filter(pk=kept[0].pk).exists()
    seal_pending()
    result = verify_chain()
    assert (result.ok, result.checked, result.unsealed) == (True, 1, 0)
