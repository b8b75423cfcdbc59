# SPDX-License-Identifier: EUPL-1.2
"""Recording entries and the HMAC chain over them."""

from __future__ import annotations

import itertools
import json
import uuid

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import transaction

import pytest

from balai.accounts.tests.factories import StaffFactory, UserFactory
from balai.core import middleware
from balai.core.errors import BalaiError
from balai.security.audit import record, record_read, seal_pending, verify
from balai.security.audit.chain import canonical_bytes, canonical_fields
from balai.security.audit.verify import verify_chain
from balai.security.crypto import keyring as keyring_module
from balai.security.models import GENESIS_HASH, AuditEntry, AuditHead
from balai.security.tests.audit_support import officer, record_many

pytestmark = pytest.mark.django_db


def test_chain_over_many_entries_verifies_across_chunks(monkeypatch):
    monkeypatch.setattr(verify, "CHUNK_SIZE", 7)
    entries = record_many(120)

    result = verify_chain()

    assert result.ok, result.reason
    assert result.checked == 120
    stored = list(AuditEntry.objects.order_by("seq"))
    assert [entry.seq for entry in stored] == list(range(1, 121))
    assert [entry.id for entry in stored] == [entry.id for entry in entries]
    assert stored[0].prev_hash == GENESIS_HASH
    for previous, entry in itertools.pairwise(stored):
        assert entry.prev_hash == previous.entry_hash
    head = AuditHead.objects.get()
    assert (head.last_seq, head.last_hash) == (120, entries[-1].entry_hash)
    assert (result.last_id, result.last_hash) == (120, entries[-1].entry_hash)


def test_verify_command_exits_zero_and_prints_the_head(capsys):
    entries = record_many(3)

    call_command("audit", "verify")

    out = capsys.readouterr().out
    assert "intact: 3 entries" in out
    assert f"3:{entries[-1].entry_hash}" in out


def test_an_empty_log_verifies():
    assert verify_chain().ok


def test_every_stored_field_is_covered_by_the_hash():
    stored = {field.attname for field in AuditEntry._meta.concrete_fields}
    covered = set(canonical_fields(record_many(1)[0])) - {"v"}
    # "v" is the chain version; entry_hash is the hash itself; the address is
    # covered through its keyed digest (chain version 4, test_audit_ip_retention)
    assert covered == stored - {"entry_hash", "chain_version", "ip"}


def test_hash_survives_the_database_round_trip_including_ipv6():
    token = middleware._client_ip.set("2001:0db8:0000:0000:0000:0000:0000:0001")
    try:
        written = record(actor=officer(), action="person.read", purpose="check")
    finally:
        middleware._client_ip.reset(token)
    reloaded = AuditEntry.objects.get(pk=written.pk)
    assert canonical_bytes(reloaded) == canonical_bytes(written)
    assert verify_chain().ok


def test_staff_user_is_described_by_id_agency_and_role():
    staff = StaffFactory(roles=["auditor"])
    target = UserFactory()

    entry = record(actor=staff, action="user.update", target=target, changes=["phone"])

    assert entry.actor_id == staff.pk
    assert entry.actor_kind == "staff"
    assert entry.agency_id == staff.agency_id
    assert entry.role == "auditor"
    assert (entry.object_type, entry.object_id) == ("accounts.user", str(target.pk))
    assert entry.changes == ["phone"]


def test_citizen_system_anonymous_and_api_actors():
    citizen = UserFactory()
    assert record(actor=citizen, action="user.update").actor_kind == "citizen"
    system = record(actor=None, action="keys.rotate")
    assert (system.actor_kind, system.actor_id) == ("system", None)
    anonymous = record(actor=AnonymousUser(), action="user.login_failed")
    assert (anonymous.actor_kind, anonymous.actor_id) == ("anonymous", None)
    api = record(actor=citizen, action="person.read", actor_kind="api_client")
    assert api.actor_kind == "api_client"
    assert verify_chain().ok


def test_changes_keep_field_names_and_never_values():
    entry = record(
        actor=officer(),
        action="person.update",
        changes={"full_name": "Budi Santoso", "nik": "3273011205900001"},
    )
    assert entry.changes == ["full_name", "nik"]
    raw = json.dumps(
        list(AuditEntry.objects.values().get(pk=entry.pk).values()), default=str
    )
    assert "Budi" not in raw
    assert "3273011205900001" not in raw
    with pytest.raises(ValueError, match="field names only"):
        record(actor=officer(), action="person.update", changes=["Budi Santoso"])
    with pytest.raises(TypeError):
        record(actor=officer(), action="person.update", changes="full_name")


def test_action_must_be_noun_dot_verb():
    with pytest.raises(ValueError, match=r"noun\.verb"):
        record(actor=None, action="Read person")


def test_record_read_requires_a_purpose():
    with pytest.raises(BalaiError) as caught:
        record_read(actor=officer(), subject_id=uuid.uuid4(), purpose="  ")
    assert caught.value.code == "purpose_required"
    assert not AuditEntry.objects.exists()

    subject = uuid.uuid4()
    entry = record_read(actor=officer(), subject_id=subject, purpose="case 12")
    assert (entry.action, entry.subject_id, entry.purpose) == (
        "person.read",
        subject,
        "case 12",
    )


def test_target_may_name_its_data_subject():
    class Resident:
        pk = uuid.uuid4()
        audit_subject_id = uuid.uuid4()

    entry = record(
        actor=officer(), action="person.read", target=Resident(), object_type="x.y"
    )
    assert entry.subject_id == Resident.audit_subject_id
    assert entry.object_id == str(Resident.pk)


def test_rolled_back_entry_leaves_no_gap():
    record_many(2)

    def failing_business_write() -> None:
        with transaction.atomic():
            record(actor=None, action="user.create")
            raise RuntimeError("the business write failed")

    with pytest.raises(RuntimeError):
        failing_business_write()

    third = record(actor=None, action="user.create")
    seal_pending()

    third.refresh_from_db()
    assert third.seq == 3
    assert verify_chain().ok


def test_chain_does_not_verify_under_another_key(settings):
    record_many(2)
    settings.KEYRING = keyring_module.generate().to_json()

    result = verify_chain()

    assert not result.ok
    assert (result.first_bad_id, result.code) == (1, "modified")


def test_without_a_keyring_nothing_is_written(settings):
    settings.KEYRING = ""
    settings.KEYRING_FILE = ""
    with pytest.raises(ImproperlyConfigured, match="keyring"):
        record(actor=None, action="user.create")
    assert not AuditEntry.objects.exists()


def test_a_record_costs_two_queries_and_never_touches_the_head(
    django_assert_num_queries,
):
    record_many(1)
    # take an id, insert: no shared row is read or locked in the caller's transaction
    with django_assert_num_queries(2) as captured:
        record(actor=officer(), action="person.read", purpose="check")
    assert not any("security_audithead" in q["sql"] for q in captured.captured_queries)
