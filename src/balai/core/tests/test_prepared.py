# SPDX-License-Identifier: EUPL-1.2
"""Server-side prepared statements for the hot paths (``core/prepared.py``)."""

from __future__ import annotations

from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

import pytest

from balai.core.prepared import prepared_cursor

postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements: PostgreSQL only"
)

STATEMENT = "SELECT %s::int + 40, %s::text"


def _prepared_texts() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_answers_like_the_usual_cursor() -> None:
    with prepared_cursor(connection) as cursor:
        cursor.execute(STATEMENT.replace("::int", "").replace("::text", ""), [2, "x"])
        assert cursor.fetchone() == (42, "x")


@postgresql
@pytest.mark.django_db
def test_postgresql_prepares_the_statement_once_and_reuses_it() -> None:
    for value in range(3):
        with prepared_cursor(connection) as cursor:
            cursor.execute(STATEMENT, [value, "balai"])
            assert cursor.fetchone() == (40 + value, "balai")
    prepared = [text for text in _prepared_texts() if "+ 40" in text]
    # one statement, bound on the server ($1, $2), whatever the values
    assert prepared == ["SELECT $1::int + 40, $2::text"]
    # Django's own cursors still bind on the client and prepare nothing
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::int + 41", [1])
    assert not [text for text in _prepared_texts() if "+ 41" in text]


@postgresql
@pytest.mark.django_db
def test_off_by_setting(settings) -> None:
    settings.DB_PREPARED_STATEMENTS = False
    with prepared_cursor(connection) as cursor:
        cursor.execute("SELECT %s::int + 43", [1])
    assert not [text for text in _prepared_texts() if "+ 43" in text]


@postgresql
@pytest.mark.django_db
def test_logged_queries_show_their_values() -> None:
    with (
        CaptureQueriesContext(connection) as captured,
        prepared_cursor(connection) as cursor,
    ):
        cursor.execute("SELECT %s::int + 44", [1])
    assert captured.captured_queries[-1]["sql"] == "SELECT 1::int + 44"
    assert not [text for text in _prepared_texts() if "+ 44" in text]


@postgresql
@pytest.mark.django_db
def test_errors_are_djangos_and_leave_the_connection_usable() -> None:
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        prepared_cursor(connection) as cursor,
    ):
        cursor.execute("SELECT 1 / %s::int", [0])
    with prepared_cursor(connection) as cursor:
        cursor.execute("SELECT 1 / %s::int", [1])
        assert cursor.fetchone() == (1,)
