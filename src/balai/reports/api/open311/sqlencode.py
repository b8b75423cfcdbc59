# SPDX-License-Identifier: EUPL-1.2
"""Open311 list entries encoded by the database (round 5, docs/performance.md).

A list entry (a report's JSON object or XML ``<request>``) is mostly text the
database already holds: ids, names, dates, addresses. Here one statement makes the
database write each entry's text around its two coordinates: strings escaped by
SQLite's ``json_quote`` or PostgreSQL's ``to_json(text)`` (the same escapes as
``json.dumps(ensure_ascii=False)``: ``\\"``, ``\\\\``, ``\\b\\f\\n\\r\\t`` and
``\\u00xx`` for the other control characters; tested), XML text by the three
replacements of ``xml.sax.saxutils.escape``, datetimes by slicing the stored UTC
text (SQLite) or ``to_char`` in UTC (PostgreSQL), the first photo's URL by
concatenation. Python only joins that text with the coordinates, because only
Python's ``repr`` writes a float as the answers always did (shortest round trip;
SQLite's and PostgreSQL's number output differ).

What the statement cannot write exactly as ``fastlist`` does, it flags instead
(``odd``: a datetime before year 1000, ``media_urls`` that is not a list of texts);
those reports are encoded by ``fastlist`` as before. ``extensions=true`` entries
(photos and notes lists) stay with ``fastlist`` too.

The answers are byte for byte those of ``fastlist`` and of the generic path
(``tests/test_open311_fast_path.py``, ``tests/test_open311_sql_encoding.py``, on
SQLite and PostgreSQL).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence

from django.db import connection

from balai.reports.api.open311.fastlist import OPEN, _j, _tables, _x

EMPTY = "''"

# the statuses that list as "open", as SQL literals (the Status enum's fixed
# lower-case identifiers: no quote can occur in them)
_OPEN_SQL = ", ".join(f"'{status}'" for status in sorted(OPEN))


class _Sql:
    """The expressions of one database vendor."""

    def __init__(self, vendor: str) -> None:
        self.pg = vendor == "postgresql"

    def quote(self, expr: str) -> str:
        """A JSON string of a non-null text expression."""
        return f"to_json(({expr})::text)::text" if self.pg else f"json_quote({expr})"

    def json(self, expr: str) -> str:
        """A JSON string, or null."""
        return f"COALESCE({self.quote(expr)}, 'null')"

    def when(self, column: str) -> str:
        """A datetime column as ``format_w3c`` writes it (NULL stays NULL)."""
        if self.pg:
            return (
                f"to_char({column} AT TIME ZONE 'UTC', "
                """'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
            )
        # the stored UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]"
        return f"(substr({column}, 1, 10) || 'T' || substr({column}, 12, 8) || 'Z')"

    def odd_when(self, column: str) -> str:
        """True where ``when`` would not write what ``format_w3c`` writes."""
        if self.pg:
            return f"(EXTRACT(YEAR FROM {column} AT TIME ZONE 'UTC') < 1000)"
        return f"(length({column}) < 19 OR substr({column}, 1, 1) = '0')"

    def uuid_text(self, column: str) -> str:
        if self.pg:
            return f"({column})::text"
        return (
            f"(substr({column}, 1, 8) || '-' || substr({column}, 9, 4) || '-' || "
            f"substr({column}, 13, 4) || '-' || substr({column}, 17, 4) || '-' || "
            f"substr({column}, 21, 12))"
        )

    def media_first(self) -> str:
        """The first text of ``media_urls`` (NULL if none)."""
        if self.pg:
            return "(r.media_urls ->> 0)"
        return "json_extract(r.media_urls, '$[0]')"

    def odd_media(self) -> str:
        """True where ``media_urls`` is not a list whose first item (if any) is text."""
        if self.pg:
            return (
                "(jsonb_typeof(r.media_urls) <> 'array' OR "
                "COALESCE(jsonb_typeof(r.media_urls -> 0), 'string') <> 'string')"
            )
        return (
            "(json_type(r.media_urls) <> 'array' OR "
            "COALESCE(json_type(r.media_urls, '$[0]'), 'text') <> 'text')"
        )

    def param(self) -> str:
        return "CAST(%s AS TEXT)"


def _xml_text(expr: str) -> str:
    """``xml.sax.saxutils.escape``: ``&``, ``<`` and ``>``, in that order."""
    return f"replace(replace(replace({expr}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"


def _xml(name: str, expr: str) -> str:
    """``fastlist._x`` for a text expression: empty or NULL -> ``<name/>`` (the
    expression is written once: it may be a subquery)."""
    return (
        f"COALESCE('<{name}>' || {_xml_text(f'NULLIF({expr}, {EMPTY})')} "
        f"|| '</{name}>', '<{name}/>')"
    )


def _fields(sql: _Sql, *, english: bool) -> list[tuple[str, str]]:
    """(name, text expression or NULL) of an entry before the coordinates."""
    closed = f"r.status NOT IN ({_OPEN_SQL})"
    name = (
        "(CASE WHEN c.name_en IS NOT NULL AND c.name_en <> '' "
        "THEN c.name_en ELSE c.name_id END)"
        if english
        else "c.name_id"
    )
    return [
        ("service_request_id", "r.public_id"),
        ("status", f"(CASE WHEN {closed} THEN 'closed' ELSE 'open' END)"),
        ("status_notes", "NULLIF(r.status_notes, '')"),
        ("service_name", name),
        ("service_code", "c.code"),
        ("description", "r.description"),
        ("agency_responsible", "(CASE WHEN r.agency_id IS NOT NULL THEN a.name END)"),
        ("service_notice", "NULLIF(c.service_notice, '')"),
        ("requested_datetime", sql.when("r.requested_at")),
        (
            "updated_datetime",
            f"(CASE WHEN {closed} AND r.closed_at IS NOT NULL "
            f"THEN {sql.when('r.closed_at')} ELSE {sql.when('r.updated_at')} END)",
        ),
        ("expected_datetime", sql.when("r.due_at")),
        ("address", "r.address"),
        ("address_id", "NULLIF(r.address_id, '')"),
        ("zipcode", "NULLIF(r.zipcode, '')"),
    ]


def _media_url(sql: _Sql) -> str:
    """The first photo's URL (head, public id, middle, photo id, tail: three
    parameters), else the first of ``media_urls``; NULL if neither (or empty)."""
    photo = (
        f"(SELECT {sql.param()} || r.public_id || {sql.param()} || "  # noqa: S608 - our own names; values are parameters
        f"{sql.uuid_text('p.id')} || {sql.param()} "
        f"FROM {_tables()['photo']} p WHERE p.report_id = r.id "
        "ORDER BY p.position ASC, p.created_at ASC LIMIT 1)"
    )
    return f"COALESCE({photo}, NULLIF({sql.media_first()}, ''))"


@functools.cache
def _statement(vendor: str, fmt: str, english: bool) -> str:
    sql = _Sql(vendor)
    fields = _fields(sql, english=english)
    media = _media_url(sql)
    if fmt == "xml":
        head = " || ".join(
            ["'<request>'", *(_xml(name, expr) for name, expr in fields)]
        )
        tail = f"{_xml('media_url', media)} || '</request>'"
    else:
        parts = [
            f"'{',' if index else '{'}\"{name}\":' || {sql.json(expr)}"
            for index, (name, expr) in enumerate(fields)
        ]
        head = " || ".join([*parts, "',\"lat\":'"])
        tail = f"',\"media_url\":' || {sql.json(media)} || '}}'"
    odd = " OR ".join(
        [
            *(
                sql.odd_when(column)
                for column in ("r.requested_at", "r.updated_at", "r.closed_at")
            ),
            f"(r.due_at IS NOT NULL AND {sql.odd_when('r.due_at')})",
            sql.odd_media(),
        ]
    )
    tables = _tables()
    # the ids as one parameter (a JSON array on SQLite, an array on PostgreSQL):
    # one statement text per format and language, prepared once and cached by
    # the driver, whatever the number of ids
    ids = (
        "r.public_id = ANY(%s)"
        if sql.pg
        else "r.public_id IN (SELECT value FROM json_each(%s))"
    )
    return (
        f"SELECT r.public_id, CASE WHEN {odd} THEN 1 ELSE 0 END, {head}, "  # noqa: S608 - our own names; values are parameters
        f"r.lat, r.lon, {tail} "
        f"FROM {tables['report']} r "
        f"INNER JOIN {tables['category']} c ON r.category_id = c.id "
        f"LEFT OUTER JOIN {tables['agency']} a ON r.agency_id = a.id "
        f"WHERE (NOT r.is_hidden) AND {ids}"
    )


def entries(
    public_ids: Sequence[str],
    *,
    fmt: str,
    english: bool,
    photo_base: tuple[str, str, str],
) -> tuple[dict[str, str], list[str]]:
    """The entries of these visible reports (``extensions`` off), encoded by the
    database: (public id -> text, public ids it flagged for ``fastlist``). A report
    hidden or gone is in neither."""
    made: dict[str, str] = {}
    odd: list[str] = []
    if not public_ids:
        return made, odd
    statement = _statement(connection.vendor, fmt, english)
    # the photo URL's three parts, then the ids
    ids = list(public_ids)
    params = [
        *photo_base,
        ids if connection.vendor == "postgresql" else json.dumps(ids),
    ]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        found = cursor.fetchall()
    if fmt == "xml":
        x = _x
        for public_id, flagged, head, lat, lon, tail in found:
            if flagged:
                odd.append(public_id)
            elif lat is None and lon is None:
                made[public_id] = head + "<lat/><long/>" + tail
            else:
                made[public_id] = head + x("lat", lat) + x("long", lon) + tail
    else:
        j = _j
        for public_id, flagged, head, lat, lon, tail in found:
            if flagged:
                odd.append(public_id)
            elif lat is None and lon is None:
                made[public_id] = head + 'null,"long":null' + tail
            else:
                made[public_id] = head + j(lat) + ',"long":' + j(lon) + tail
    return made, odd
