# SPDX-License-Identifier: EUPL-1.2
"""What an import changes for its own time and puts back after: the collector's
thresholds (``importing.collector``) and SQLite's cache and checkpoints
(``importing.bulk.bulk_writes``)."""

from __future__ import annotations

import gc

from django.db import connection

import pytest

from balai.registry.integration.importing.bulk import (
    BULK_CACHE_KIB,
    BULK_CHECKPOINT_PAGES,
    bulk_writes,
)
from balai.registry.integration.importing.collector import (
    THRESHOLDS,
    fewer_collections,
)


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_fewer_collections_meanwhile_and_the_thresholds_back_after(thresholds):
    gc.set_threshold(700, 10, 10)
    with fewer_collections():
        assert gc.get_threshold() == THRESHOLDS
    assert gc.get_threshold() == (700, 10, 10)
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a broken file")
    assert gc.get_threshold() == (700, 10, 10)


def test_fewer_collections_never_lowers_a_higher_threshold(thresholds):
    higher = (THRESHOLDS[0] * 2, 5, 500)
    gc.set_threshold(*higher)
    with fewer_collections():
        assert gc.get_threshold() == (higher[0], THRESHOLDS[1], higher[2])
    assert gc.get_threshold() == higher


def _pragmas() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (cache,) = cursor.fetchone()
        cursor.execute("PRAGMA wal_autocheckpoint")
        (pages,) = cursor.fetchone()
    return int(cache), int(pages)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's pragmas")
def test_sqlite_is_sized_for_bulk_commits_meanwhile_and_put_back_after():
    before = _pragmas()
    with bulk_writes("default"):
        assert _pragmas() == (-BULK_CACHE_KIB, BULK_CHECKPOINT_PAGES)
    assert _pragmas() == before
    with pytest.raises(RuntimeError), bulk_writes("default"):
        raise RuntimeError("a broken file")
    assert _pragmas() == before
