# SPDX-License-Identifier: EUPL-1.2
"""``update_rows``: different values per row in one prepared UPDATE, by key alone;
``update_keys``: the same values on rows chosen by key; ``key_text``."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import connection

import pytest

from balai.registry.integration.constants import StagedStatus
from balai.registry.integration.importing.bulk import (
    prepare_values,
    update_keys,
    update_rows,
)
from balai.registry.integration.models import StagedRecord
from balai.registry.integration.services.frames import key_text, raw_key
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


def test_update_keys_sets_the_values_on_the_keys_given_and_no_other_row():
    batch = factories.batch()
    first, second, untouched = (factories.staged(batch, row) for row in (1, 2, 3))
    when = dt.datetime(2026, 12, 7, 21, 40, tzinfo=dt.UTC)

    update_keys(  # text keys (as a link's plan holds them) and a UUID alike
        StagedRecord,
        [str(first.pk), second.pk],
        {"status": StagedStatus.NEW, "updated_at": when},
    )
    update_keys(StagedRecord, [], {"status": StagedStatus.REVIEW})

    rows = {record.pk: record for record in StagedRecord.objects.filter(batch=batch)}
    for record in (first, second):
        assert rows[record.pk].status == StagedStatus.NEW
        assert rows[record.pk].updated_at == when
    assert rows[untouched.pk].status == StagedStatus.STAGED
    assert rows[untouched.pk].updated_at == untouched.updated_at
    with pytest.raises(TypeError, match="full_name"):
        update_keys(StagedRecord, [str(first.pk)], {"full_name": "Siti"})


def test_prepared_keys_are_what_django_prepares():
    keys = [uuid.uuid4() for _ in range(3)]
    field = StagedRecord._meta.pk
    relation = StagedRecord._meta.get_field("duplicate_of")
    given = [str(keys[0]), keys[1], str(keys[2]).upper(), None]
    expected = [
        None if key is None else field.get_db_prep_value(key, connection)
        for key in given
    ]
    assert prepare_values(field, given, connection) == expected
    assert prepare_values(relation, given, connection) == expected


def test_key_text_is_the_uuid_as_text():
    batch = factories.batch()
    records = [factories.staged(batch, row) for row in (1, 2)]
    read = StagedRecord.objects.filter(batch=batch).order_by("row_number")
    raw = list(read.annotate(key=raw_key()).values_list("key", flat=True))
    assert [key_text(key) for key in raw] == [str(record.pk) for record in records]
    key = uuid.uuid4()
    assert key_text(key) == key_text(key.hex) == str(key)
