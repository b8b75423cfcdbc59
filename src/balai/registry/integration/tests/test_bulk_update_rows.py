# SPDX-License-Identifier: EUPL-1.2
"""``update_rows``: different values per row in one prepared UPDATE, by key alone."""

from __future__ import annotations

import datetime as dt

import pytest

from balai.registry.integration.constants import StagedStatus
from balai.registry.integration.importing.bulk import update_rows
from balai.registry.integration.models import StagedRecord
from balai.registry.integration.tests import factories

pytestmark = pytest.mark.django_db


def test_each_row_takes_its_own_values_and_no_other_row_changes():
    batch = factories.batch()
    head, follower, linked, untouched = (
        factories.staged(batch, row) for row in (1, 2, 3, 4)
    )
    when = dt.datetime(2026, 12, 7, 18, 30, tzinfo=dt.UTC)

    update_rows(
        StagedRecord,
        ("status", "duplicate_of_id", "updated_at"),
        [
            (str(follower.pk), StagedStatus.DUPLICATE, str(head.pk), when),
            (linked.pk, StagedStatus.REVIEW, None, when),  # a UUID as well as text
        ],
    )

    rows = {
        record.pk: record
        for record in StagedRecord.objects.filter(batch=batch).order_by("row_number")
    }
    assert rows[follower.pk].status == StagedStatus.DUPLICATE
    assert rows[follower.pk].duplicate_of_id == head.pk
    assert rows[follower.pk].updated_at == when
    assert rows[linked.pk].status == StagedStatus.REVIEW
    assert rows[linked.pk].duplicate_of_id is None
    assert rows[linked.pk].updated_at == when
    for record in (head, untouched):
        assert rows[record.pk].status == StagedStatus.STAGED
        assert rows[record.pk].updated_at == record.updated_at
    # the encrypted and other columns were not rewritten
    assert rows[follower.pk].full_name == follower.full_name


def test_nothing_to_update_sends_nothing_and_encrypted_fields_are_refused():
    update_rows(StagedRecord, ("status",), [])
    with pytest.raises(TypeError, match="full_name"):
        update_rows(StagedRecord, ("full_name",), [("x", "Siti")])
