# SPDX-License-Identifier: EUPL-1.2
"""``record_many``: a batch of entries that extends the chain like ``record`` does."""

from __future__ import annotations

import itertools
import uuid

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

import pytest

from balai.security.audit import record, seal_pending
from balai.security.audit.service import record_many
from balai.security.audit.verify import verify_chain
from balai.security.models import AuditEntry, AuditHead
from balai.security.tests.audit_support import officer

pytestmark = pytest.mark.django_db


def _batch(actor: object, count: int) -> list[AuditEntry]:
    return record_many(
        actor=actor,
        action="person.verify",
        subject_ids=[uuid.uuid4() for _ in range(count)],
        object_type="registry.resident",
        purpose="health insurance enrolment",
        role="api_client:test",
        actor_kind="api_client",
    )


def test_a_batch_between_single_entries_keeps_the_chain_intact() -> None:
    actor = officer()
    record(actor=actor, action="person.read", purpose="before")
    batch = _batch(actor, 1200)
    record(actor=actor, action="person.read", purpose="after")
    assert seal_pending() == 1202

    result = verify_chain()
    assert result.ok, result.reason
    assert result.checked == 1202
    stored = list(AuditEntry.objects.order_by("seq"))
    first = stored[0].id  # PostgreSQL's sequence does not restart per test
    assert [entry.id for entry in stored] == list(range(first, first + 1202))
    assert [entry.seq for entry in stored] == list(range(1, 1203))
    for previous, entry in itertools.pairwise(stored):
        assert entry.prev_hash == previous.entry_hash
    assert AuditHead.objects.get().last_seq == 1202
    assert stored[1].id == batch[0].id


def test_each_entry_names_its_subject_as_object_with_the_common_fields() -> None:
    actor = officer()
    batch = _batch(actor, 3)
    for entry in AuditEntry.objects.filter(id__in=[e.id for e in batch]):
        assert entry.object_id == str(entry.subject_id)
        assert entry.object_type == "registry.resident"
        assert (entry.actor_kind, entry.actor_id) == ("api_client", actor.pk)
        assert entry.agency_id == actor.agency_id
        assert entry.role == "api_client:test"
        assert entry.purpose == "health insurance enrolment"


def test_the_query_count_does_not_grow_with_the_batch() -> None:
    actor = officer()
    _batch(actor, 1)  # the head row exists from here on
    with CaptureQueriesContext(connection) as small:
        _batch(actor, 10)
    with CaptureQueriesContext(connection) as large:
        _batch(actor, 10)
    assert len(large) == len(small)


def test_nothing_to_record_writes_nothing() -> None:
    assert (
        record_many(
            actor=None, action="person.verify", subject_ids=[], object_type="x.y"
        )
        == []
    )
    assert not AuditEntry.objects.exists()


def test_a_bad_action_is_refused() -> None:
    with pytest.raises(ValueError, match=r"noun\.verb"):
        record_many(
            actor=None, action="Verify", subject_ids=[uuid.uuid4()], object_type="x"
        )


def test_a_rolled_back_caller_leaves_no_entries_and_an_unmoved_head() -> None:
    record(actor=None, action="system.start")
    seal_pending()
    head = AuditHead.objects.get()

    def failing_caller() -> None:
        with transaction.atomic():
            _batch(officer(), 5)
            raise RuntimeError("caller failed")

    with pytest.raises(RuntimeError):
        failing_caller()
    assert AuditEntry.objects.count() == 1
    assert seal_pending() == 0
    assert AuditHead.objects.get().last_hash == head.last_hash
    assert verify_chain().ok
