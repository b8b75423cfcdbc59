# SPDX-License-Identifier: EUPL-1.2
"""The replica router: read-only selectors read from ``replica``, the rest from the
primary. The ``replica`` alias here is a second connection to the test database
itself (as ``BALAI_REPLICA_DATABASE_URL`` pointing at the primary would be), so what
it reads must be committed: the tests run with real transactions."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext

import pytest

from balai.core.replicas import (
    REPLICA,
    ReplicaRouter,
    read_alias,
    replica_read,
    replica_reads,
)
from balai.reports import selectors as report_selectors
from balai.reports.models import Category
from balai.reports.tests.factories import category as make_category


@pytest.fixture
def replica(transactional_db: None, settings: Any) -> Iterator[str]:
    """``replica``: a second connection to the test database, as a replica whose
    URL points at the primary would be."""
    conf = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
    with warnings.catch_warnings():  # "overriding DATABASES": only the router reads it
        warnings.simplefilter("ignore")
        settings.DATABASES = {**settings.DATABASES, REPLICA: conf}
    backend = load_backend(conf["ENGINE"])
    connections[REPLICA] = backend.DatabaseWrapper(conf, REPLICA)
    try:
        yield REPLICA
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]


CODE = "replica-probe"


@replica_read
def _category_codes() -> list[str]:
    return list(Category.objects.filter(code=CODE).values_list("code", flat=True))


def test_without_a_replica_everything_stays_on_the_primary(db: None) -> None:
    assert read_alias() == DEFAULT_DB_ALIAS
    with replica_reads() as alias:
        assert alias == DEFAULT_DB_ALIAS
    assert report_selectors.public_report_list().db == DEFAULT_DB_ALIAS


def test_a_read_only_selector_reads_from_the_replica(replica: str) -> None:
    category = make_category(CODE)
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary,
    ):
        codes = _category_codes()
    assert codes == [category.code]
    assert len(on_replica.captured_queries) == 1
    assert not on_primary.captured_queries


def test_a_returned_queryset_is_bound_to_the_replica(replica: str) -> None:
    rows = report_selectors.public_report_list()
    assert rows.db == REPLICA
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert list(rows) == []
    assert len(on_replica.captured_queries) == 1


def test_inside_a_transaction_reads_stay_on_the_primary(replica: str) -> None:
    with transaction.atomic():
        category = make_category(CODE)  # not committed: the replica cannot see it
        assert read_alias() == DEFAULT_DB_ALIAS
        assert _category_codes() == [category.code]


def test_unmarked_reads_and_every_write_go_to_the_primary(replica: str) -> None:
    make_category(CODE)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert Category.objects.filter(code=CODE).count() == 1
        with replica_reads():
            found = Category.objects.get(code=CODE)  # read from the replica ...
        found.save()  # ... written back to the primary
    assert len(on_replica.captured_queries) == 1
    assert found._state.db == DEFAULT_DB_ALIAS


def test_the_replica_is_never_migrated() -> None:
    router = ReplicaRouter()
    assert router.allow_migrate(REPLICA, "registry") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "registry") is None
