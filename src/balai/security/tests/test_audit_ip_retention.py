# SPDX-License-Identifier: EUPL-1.2
"""Audit chain version 4: the hash covers a keyed digest of the client's address, so
`balai retention purge` blanks the address after RETENTION_IP_DAYS and the chain still
verifies; changing the address (before the purge) or the digest is still caught, and
entries of older chain versions keep their address and verify as before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

import pytest

from balai.core import middleware
from balai.security.audit import chain, seal_pending, service
from balai.security.audit.key import audit_key
from balai.security.audit.verify import verify_chain
from balai.security.models import AuditEntry
from balai.security.retention import retention_purge
from balai.security.tests.audit_support import (
    TABLE,
    as_database_administrator,
    record_many,
    verify_failure,
)

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"
LATER = timezone.now() + dt.timedelta(days=120)  # "now" for a purge 120 days on


@contextmanager
def client_address(ip: str | None) -> Iterator[None]:
    token = middleware._client_ip.set(ip)
    try:
        yield
    finally:
        middleware._client_ip.reset(token)


def _entries(count: int, ip: str | None = ADDRESS) -> list[AuditEntry]:
    with client_address(ip):
        return record_many(count)


@pytest.fixture
def days(settings):
    settings.RETENTION_IP_DAYS = 90
    settings.RETENTION_SECURITY_EVENTS_DAYS = 365
    settings.RETENTION_TASK_LOGS_DAYS = 30


def _audit_ip_item(items):
    return next(item for item in items if item.what == "audit_ips")


def test_the_hash_covers_a_keyed_digest_not_the_address():
    entry = _entries(1)[0]
    assert entry.chain_version == chain.CHAIN_VERSION == 4
    assert entry.ip == ADDRESS
    assert entry.ip_digest == chain.ip_digest(ADDRESS, audit_key())
    assert len(entry.ip_digest) == 64 and ADDRESS not in entry.ip_digest
    fields = chain.canonical_fields(entry)
    assert "ip" not in fields and fields["ip_digest"] == entry.ip_digest
    # keyed: another key gives another digest; the same address in another
    # spelling (IPv6) gives the same one
    assert chain.ip_digest(ADDRESS, b"k" * 32) != entry.ip_digest
    assert chain.ip_digest("2001:db8::1", b"k" * 32) == chain.ip_digest(
        "2001:0db8:0000:0000:0000:0000:0000:0001", b"k" * 32
    )
    assert chain.ip_digest(None, audit_key()) == ""
    assert _entries(1, ip=None)[0].ip_digest == ""


def test_purge_blanks_old_addresses_and_the_chain_still_verifies(days, capsys):
    old = _entries(3)
    no_address = _entries(1, ip=None)[0]
    items = retention_purge(now=LATER)
    item = _audit_ip_item(items)
    assert (item.rows, item.kept, item.days) == (3, 0, 90)

    for entry in old:
        stored = AuditEntry.objects.get(pk=entry.pk)
        assert stored.ip is None  # the address is gone
        assert stored.ip_digest == entry.ip_digest  # its digest and hash stay
        assert stored.entry_hash == entry.entry_hash
    assert AuditEntry.objects.get(pk=no_address.pk).ip_digest == ""
    logged = AuditEntry.objects.get(action="retention.purge", object_id="audit_ips")
    assert logged.changes == ["ip"] and "3 rows" in logged.purpose
    seal_pending()
    result = verify_chain()
    assert result.ok, result.reason
    assert result.checked == 5  # the four entries and the purge's own entry
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out

    # an investigator holding the keyring can still test a given address
    assert chain.ip_digest(ADDRESS, audit_key()) == old[0].ip_digest


def test_only_addresses_past_the_retention_period_go(days):
    old = _entries(2)
    cut = timezone.now() + dt.timedelta(days=90)  # the entries are "just" younger
    item = _audit_ip_item(retention_purge(now=cut - dt.timedelta(minutes=5)))
    assert item.rows == 0
    assert all(AuditEntry.objects.get(pk=e.pk).ip == ADDRESS for e in old)
    assert not AuditEntry.objects.filter(object_id="audit_ips").exists()


def test_dry_run_and_zero_days_keep_the_addresses(days, settings, capsys):
    _entries(2)
    call_command("retention", "purge", "--dry-run")
    assert AuditEntry.objects.filter(ip=ADDRESS).count() == 2
    settings.RETENTION_IP_DAYS = 0
    assert _audit_ip_item(retention_purge(now=LATER)).rows == 0
    assert AuditEntry.objects.filter(ip=ADDRESS).count() == 2


def test_changing_the_address_before_the_purge_is_caught():
    entry = _entries(3)[1]
    with as_database_administrator() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET ip = %s WHERE id = %s", ["198.51.100.9", entry.id]
        )
    result = verify_chain()
    assert (result.ok, result.first_bad_id, result.code) == (False, 2, "modified")
    assert "modified" in str(verify_failure())


def test_changing_the_digest_is_caught_before_and_after_the_purge(days):
    entry = _entries(2)[0]
    other = chain.ip_digest("198.51.100.9", audit_key())
    with as_database_administrator() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET ip = NULL, ip_digest = %s WHERE id = %s",
            [other, entry.id],
        )
    result = verify_chain()
    assert (result.ok, result.first_bad_id, result.code) == (False, 1, "modified")


def test_putting_an_address_back_after_the_purge_is_caught(days):
    entry = _entries(2)[0]
    retention_purge(now=LATER)
    assert verify_chain().ok
    with as_database_administrator() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET ip = %s WHERE id = %s", ["198.51.100.9", entry.id]
        )
    result = verify_chain()
    assert (result.ok, result.first_bad_id, result.code) == (False, 1, "modified")


def _refused(sql: str, params: list) -> None:
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


def test_the_triggers_let_through_only_the_purge():
    entry = _entries(1)[0]
    # another address, or the digest, or the purge with anything else changed
    _refused(f"UPDATE {TABLE} SET ip = %s WHERE id = %s", ["198.51.100.9", entry.id])
    _refused(f"UPDATE {TABLE} SET ip_digest = '' WHERE id = %s", [entry.id])
    _refused(f"UPDATE {TABLE} SET ip = NULL, ip_digest = '' WHERE id = %s", [entry.id])
    _refused(f"UPDATE {TABLE} SET ip = NULL, purpose = 'x' WHERE id = %s", [entry.id])
    # the purge itself, in plain SQL
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET ip = NULL WHERE id = %s", [entry.id])
    # and a purged address cannot come back
    _refused(f"UPDATE {TABLE} SET ip = %s WHERE id = %s", [ADDRESS, entry.id])
    assert verify_chain().ok


@pytest.fixture
def version_3(monkeypatch):
    """Write entries as the version 3 service did: the address inside the hash."""
    monkeypatch.setattr(service, "CHAIN_VERSION", 3)
    monkeypatch.setattr(service, "ip_digest", lambda ip, key: "")


def test_older_chain_versions_keep_their_address_and_still_verify(
    days, version_3, monkeypatch, capsys
):
    old = _entries(2)
    assert [e.chain_version for e in old] == [3, 3]
    assert chain.canonical_fields(old[0])["ip"] == ADDRESS
    monkeypatch.undo()  # the service writes version 4 again
    newer = _entries(1)
    assert newer[0].chain_version == 4

    call_command("retention", "purge")  # nothing is old enough today
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("balai.security.retention.timezone.now", lambda: LATER)
        call_command("retention", "purge")
    out = capsys.readouterr().out
    assert "audit_ips: purged 1 older than 90 days" in out
    assert "audit_ips: kept 2 (audit chain versions before 4" in out
    assert [AuditEntry.objects.get(pk=e.pk).ip for e in old] == [ADDRESS, ADDRESS]
    assert AuditEntry.objects.get(pk=newer[0].pk).ip is None
    # the triggers refuse to blank a version 3 address: its hash covers it
    _refused(f"UPDATE {TABLE} SET ip = NULL WHERE id = %s", [old[0].id])
    seal_pending()
    assert verify_chain().ok
