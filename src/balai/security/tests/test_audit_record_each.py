# SPDX-License-Identifier: EUPL-1.2
"""``record_each``: one entry per target, the entries ``record`` would write."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from balai.security.audit import record, record_each, seal_pending
from balai.security.audit.verify import verify_chain
from balai.security.models import AuditEntry
from balai.security.tests.audit_support import officer

pytestmark = pytest.mark.django_db

FIELDS = (
    "action",
    "actor_kind",
    "actor_id",
    "agency_id",
    "role",
    "object_type",
    "object_id",
    "subject_id",
    "changes",
    "purpose",
)


def _target(subject: bool = True) -> SimpleNamespace:
    """A duck-typed model instance (the security app knows no other app's models)."""
    return SimpleNamespace(
        pk=uuid.uuid4(),
        _meta=SimpleNamespace(label_lower="finance.journalentry"),
        audit_subject_id=uuid.uuid4() if subject else None,
    )


def _row(entry: AuditEntry) -> tuple:
    return tuple(getattr(entry, name) for name in FIELDS)


def test_the_entries_are_those_record_writes_one_by_one() -> None:
    actor = officer()
    targets = [_target(), _target(subject=False), _target()]
    for target in targets:
        record(actor=actor, action="user.touch", target=target, changes=["a", "b"])
    single = [_row(e) for e in AuditEntry.objects.order_by("id")]
    batch = record_each(
        actor=actor, action="user.touch", targets=targets, changes=["b", "a"]
    )
    stored = list(
        AuditEntry.objects.filter(id__in=[e.id for e in batch]).order_by("id")
    )
    assert [_row(e) for e in stored] == single
    assert single[0][5:8] == (
        "finance.journalentry",
        str(targets[0].pk),
        targets[0].audit_subject_id,
    )
    assert single[1][7] is None
    first = stored[0].id
    assert [e.id for e in stored] == [first, first + 1, first + 2]
    assert seal_pending() == 6
    result = verify_chain()
    assert result.ok, result.reason


def test_the_query_count_does_not_grow_with_the_batch() -> None:
    actor = officer()
    targets = [_target() for _ in range(10)]
    record_each(actor=actor, action="user.touch", targets=targets[:1])
    with CaptureQueriesContext(connection) as small:
        record_each(actor=actor, action="user.touch", targets=targets[:2])
    with CaptureQueriesContext(connection) as large:
        record_each(actor=actor, action="user.touch", targets=targets)
    assert len(large) == len(small)


def test_nothing_to_record_writes_nothing_and_a_bad_action_is_refused() -> None:
    assert record_each(actor=None, action="user.touch", targets=[]) == []
    assert not AuditEntry.objects.exists()
    with pytest.raises(ValueError, match=r"noun\.verb"):
        record_each(actor=None, action="Touch", targets=[_target()])
