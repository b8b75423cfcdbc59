# SPDX-License-Identifier: EUPL-1.2
"""A person's own view of who accessed their data ("Data Saya")."""

from __future__ import annotations

import uuid

import pytest

from balai.security.audit import record, record_read
from balai.security.policies import visible_audit_entries
from balai.security.selectors import audit_accesses_for_subject
from balai.security.tests.audit_support import officer

pytestmark = pytest.mark.django_db


def test_accesses_show_agency_role_time_and_purpose_but_not_the_officer():
    person = uuid.uuid4()
    clerk = officer(role_names=frozenset({"officer"}))
    record_read(actor=clerk, subject_id=person, purpose="birth certificate")
    record(actor=clerk, action="person.update", subject_id=person, changes=["address"])
    record_read(actor=officer(), subject_id=uuid.uuid4(), purpose="someone else")
    record(actor=officer(pk=person), action="person.read", subject_id=person)

    accesses = list(audit_accesses_for_subject(person))

    assert [row["action"] for row in accesses] == ["person.update", "person.read"]
    assert accesses[1]["purpose"] == "birth certificate"
    assert accesses[1]["agency_id"] == clerk.agency_id
    assert accesses[1]["role"] == "officer"
    assert accesses[1]["occurred_at"] is not None
    for row in accesses:
        assert "actor_id" not in row
        assert clerk.pk not in row.values()


def test_only_audit_readers_see_any_entries():
    record(actor=None, action="user.create")
    assert not visible_audit_entries(officer()).exists()
    assert not visible_audit_entries(None).exists()
