# SPDX-License-Identifier: EUPL-1.2
"""The Open311 list's hot path in hand-written SQL and hand-written encoders.

``lists._build`` serves every uncached GET /requests through this module: the
page's rows come from one SQL statement (the joins and the order the covering
indexes keep), its photos (and, with ``extensions=true``, public notes) from one
more each, and the answer is encoded straight to JSON or XML text. No query is
compiled by the ORM and no intermediate value tree is built.

The output is byte for byte what the generic path gives (``lists.REFERENCE``:
``values()`` rows, ``serialize.service_request_row`` and ``render.respond``);
``tests/test_open311_fast_path.py`` compares the two over many query strings and
reports, and ``tests/test_open311_golden.py`` holds both to recorded answers.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, cast
from xml.sax.saxutils import escape

from django.db import connection

from balai.reports.constants import OPEN_STATUSES, UpdateKind
from balai.reports.dates import format_w3c

encode_string: Callable[[str], str] = json.encoder.encode_basestring

# the columns of lists.ROW_FIELDS (+ EXTENSION_FIELDS), in that order
ROW_COLUMNS = (
    "r.id",
    "r.public_id",
    "r.status",
    "r.status_notes",
    "r.description",
    "r.requested_at",
    "r.updated_at",
    "r.closed_at",
    "r.due_at",
    "r.address",
    "r.address_id",
    "r.zipcode",
    "r.lat",
    "r.lon",
    "r.media_urls",
    "r.agency_id",
    "a.name",
    "c.code",
    "c.name_id",
    "c.name_en",
    "c.service_notice",
)
EXTENSION_COLUMNS = ("r.channel", "r.region_code", "r.priority", "m.public_id")
OPEN = frozenset(str(status) for status in OPEN_STATUSES)


def _tables() -> dict[str, str]:
    return _tables_for(connection.vendor)


@functools.cache
def _tables_for(vendor: str) -> dict[str, str]:
    from balai.accounts.models import Agency
    from balai.reports.models import Category, Photo, Report, ReportUpdate

    quote = connection.ops.quote_name
    return {
        "report": quote(Report._meta.db_table),
        "category": quote(Category._meta.db_table),
        "agency": quote(Agency._meta.db_table),
        "photo": quote(Photo._meta.db_table),
        "update": quote(ReportUpdate._meta.db_table),
    }


class Where:
    """The WHERE of a list page as SQL text over ``r`` (the reports) and parameters."""

    def __init__(self) -> None:
        # exactly the condition of the partial (covering) indexes, as the ORM
        # writes it: a parameter would keep SQLite from using them
        self.clauses: list[str] = ["NOT r.is_hidden"]
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def within(self, column: str, values: Sequence[Any]) -> None:
        if not values:
            self.clauses.append("1 = 0")
            return
        self.add(f"{column} IN ({', '.join(['%s'] * len(values))})", *values)

    def copy(self) -> Where:
        other = Where()
        other.clauses, other.params = list(self.clauses), list(self.params)
        return other

    def sql(self) -> str:
        return " AND ".join(f"({clause})" for clause in self.clauses)


def moment(value: dt.datetime) -> Any:
    """A datetime as the database stores it (SQLite: UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)


def key(value: Any) -> Any:
    """A UUID primary key as the database stores it (SQLite: 32 hex digits)."""
    if connection.vendor == "sqlite":
        return value.hex if isinstance(value, uuid.UUID) else uuid.UUID(str(value)).hex
    return value


def _order_sql(limit: int, offset: int) -> str:
    sql = f"ORDER BY r.requested_at DESC, r.public_id DESC LIMIT {int(limit)}"
    return f"{sql} OFFSET {int(offset)}" if offset else sql


def count(where: Where) -> int:
    """COUNT(*) of the visible reports that ``where`` selects."""
    sql = f"SELECT COUNT(*) FROM {_tables()['report']} r WHERE {where.sql()}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, where.params)
        return int(cursor.fetchone()[0])


def first_of_page(where: Where, offset: int) -> tuple[Any, str] | None:
    """(requested_at as stored, public id) of the row at ``offset``, from the index."""
    tables = _tables()
    sql = (
        f"SELECT r.requested_at, r.public_id FROM {tables['report']} r "  # noqa: S608 - our own names; values are parameters
        f"WHERE {where.sql()} {_order_sql(1, offset)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, where.params)
        found = cursor.fetchone()
    if not found:
        return None
    return moment(cast(dt.datetime, aware(found[0]))), str(found[1])


def rows(
    where: Where, limit: int, offset: int, *, extensions: bool
) -> list[tuple[Any, ...]]:
    tables = _tables()
    columns = _row_columns(connection.vendor) + (
        EXTENSION_COLUMNS if extensions else ()
    )
    joins = (
        f"INNER JOIN {tables['category']} c ON r.category_id = c.id "
        f"LEFT OUTER JOIN {tables['agency']} a ON r.agency_id = a.id"
    )
    if extensions:
        joins += f" LEFT OUTER JOIN {tables['report']} m ON r.merged_into_id = m.id"
    sql = (
        f"SELECT {', '.join(columns)} FROM {tables['report']} r {joins} "  # noqa: S608 - our own names; values are parameters
        f"WHERE {where.sql()} {_order_sql(limit, offset)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, where.params)
        return list(cursor.fetchall())


def page_keys(where: Where, limit: int, offset: int) -> list[tuple[str, Any]]:
    """(public id, requested_at as returned) of the page's rows, in list order: from
    the covering index alone (no table row is read for the visible filters). On
    SQLite the time is the stored text (no converter builds a datetime per row:
    only the last key's is needed, for the cursor; ``aware`` reads either)."""
    sql = (
        f"SELECT r.public_id, {_text('r.requested_at')} "  # noqa: S608 - our own names; values are parameters
        f"FROM {_tables()['report']} r "
        f"WHERE {where.sql()} {_order_sql(limit, offset)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, where.params)
        return list(cursor.fetchall())


def rows_by_public_id(
    public_ids: Sequence[str], *, extensions: bool
) -> list[tuple[Any, ...]]:
    """The full rows (as ``rows`` returns them) of these visible reports, any order."""
    where = Where()
    where.within("r.public_id", list(public_ids))
    return rows(where, len(public_ids), 0, extensions=extensions)


DATETIME_COLUMNS = ("r.requested_at", "r.updated_at", "r.closed_at", "r.due_at")


@functools.cache
def _row_columns(vendor: str) -> tuple[str, ...]:
    """SQLite: datetimes as their stored UTC text (no converter, no datetime built;
    ``w3c`` slices them)."""
    if vendor != "sqlite":
        return ROW_COLUMNS
    return tuple(
        f"CAST({column} AS TEXT)" if column in DATETIME_COLUMNS else column
        for column in ROW_COLUMNS
    )


def _in(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def photos(ids: list[Any]) -> dict[Any, list[str]]:
    """Report id (as returned by ``rows``) -> its photo ids as UUID text, in order."""
    found: dict[Any, list[str]] = defaultdict(list)
    if not ids:
        return found
    sql = (
        f"SELECT report_id, id FROM {_tables()['photo']} "  # noqa: S608 - our own names; values are parameters
        f"WHERE report_id IN ({_in(ids)}) "
        "ORDER BY report_id ASC, position ASC, created_at ASC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        for report_id, photo_id in cursor.fetchall():
            found[report_id].append(_uuid_text(photo_id))
    return found


def notes(ids: list[Any]) -> dict[Any, list[tuple[Any, str, str]]]:
    """Report id -> its public notes as (created_at, kind, text), oldest first."""
    found: dict[Any, list[tuple[Any, str, str]]] = defaultdict(list)
    if not ids:
        return found
    sql = (
        f"SELECT report_id, {_text('created_at')}, kind, text "  # noqa: S608 - our own names; values are parameters
        f"FROM {_tables()['update']} "
        f"WHERE report_id IN ({_in(ids)}) AND is_public = %s "
        "ORDER BY created_at ASC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, True])
        for report_id, created_at, kind, text in cursor.fetchall():
            found[report_id].append((created_at, kind, text))
    return found


def _text(column: str) -> str:
    return f"CAST({column} AS TEXT)" if connection.vendor == "sqlite" else column


def _uuid_text(value: Any) -> str:
    if isinstance(value, uuid.UUID):
        return str(value)
    text = str(value)
    if len(text) == 32:  # SQLite: hex without dashes
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
    return str(uuid.UUID(text))


def aware(value: Any) -> dt.datetime | None:
    """A datetime as the database returned it, made aware as the ORM makes it
    (SQLite gives naive datetimes in the connection's zone, UTC by default)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=connection.timezone or dt.UTC)
    return cast(dt.datetime, value)


def w3c(value: Any, utc_naive: bool = False) -> str | None:
    """``format_w3c`` of a datetime as the database returned it; ``utc_naive``:
    naive values and texts are known to be UTC (``naive_is_utc``)."""
    if value is None:
        return None
    if utc_naive:
        # already UTC: format_w3c without building or converting a datetime
        if value.__class__ is str:
            if len(value) >= 19 and value[0] != "0":
                return f"{value[:10]}T{value[11:19]}Z"
        elif value.tzinfo is None and value.year >= 1000:
            return str(value.isoformat(timespec="seconds")) + "Z"
    return format_w3c(aware(value))


def naive_is_utc() -> bool:
    """Whether naive datetimes from the connection are UTC (SQLite with USE_TZ)."""
    return connection.timezone is dt.UTC


def _media(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        if raw == "[]":
            return []
        raw = json.loads(raw)
    return list(raw)


# --- one row, as the encoders need it ----------------------------------------------


class Item:
    """One report of the page with every output value resolved (no encoding yet)."""

    __slots__ = (
        "address",
        "address_id",
        "agency",
        "description",
        "expected",
        "extended",
        "lat",
        "lon",
        "media_url",
        "notes",
        "notice",
        "public_id",
        "requested",
        "requested_raw",
        "service_code",
        "service_name",
        "status",
        "status_notes",
        "updated",
        "zipcode",
    )

    address: str
    address_id: str | None
    agency: str | None
    description: str
    expected: str | None
    extended: tuple[Any, ...] | None
    lat: float | None
    lon: float | None
    media_url: str | None
    notes: list[tuple[Any, ...]] | None
    notice: str | None
    public_id: str
    requested: str | None
    requested_raw: Any
    service_code: str
    service_name: str
    status: str
    status_notes: str | None
    updated: str | None
    zipcode: str | None


def items(
    page: list[tuple[Any, ...]],
    photo_ids: dict[Any, list[str]],
    photo_url: Callable[[str, str], str],
    notes_by_report: dict[Any, list[tuple[Any, str, str]]] | None,
    *,
    english: bool,
) -> list[Item]:
    """The page's rows as ``serialize.service_request_row`` would see them."""
    kinds = (
        {str(k): str(v) for k, v in UpdateKind.choices}
        if notes_by_report is not None
        else {}
    )
    utc = naive_is_utc()
    found: list[Item] = []
    for row in page:
        (
            report_id,
            public_id,
            status,
            status_notes,
            description,
            requested_at,
            updated_at,
            closed_at,
            due_at,
            address,
            address_id,
            zipcode,
            lat,
            lon,
            media_urls,
            agency_id,
            agency_name,
            code,
            name_id,
            name_en,
            notice,
        ) = row[:21]
        media = _media(media_urls)
        urls = [photo_url(public_id, p) for p in photo_ids.get(report_id, ())]
        item = Item()
        closed = status not in OPEN
        item.public_id = public_id
        item.status = "closed" if closed else "open"
        item.status_notes = status_notes or None
        item.service_name = str(name_en) if english and name_en else str(name_id)
        item.service_code = code
        item.description = description
        item.agency = agency_name if agency_id else None
        item.notice = notice or None
        item.requested = w3c(requested_at, utc)
        item.updated = w3c(closed_at if closed and closed_at else updated_at, utc)
        item.expected = w3c(due_at, utc)
        item.address = address
        item.address_id = address_id or None
        item.zipcode = zipcode or None
        item.lat = lat
        item.lon = lon
        first = urls[0] if urls else ""
        if not first and media:
            first = media[0]
        item.media_url = first or None
        item.requested_raw = requested_at
        if notes_by_report is not None:
            channel, region_code, priority, duplicate_of = row[21:25]
            item.extended = (
                channel,
                region_code or None,
                priority,
                duplicate_of,
                urls + media,
            )
            item.notes = [
                (
                    w3c(created_at, utc),
                    kind,
                    kinds.get(kind, kind),
                    text or None,
                )
                for created_at, kind, text in notes_by_report.get(report_id, ())
            ]
        else:
            item.extended = None
            item.notes = None
        found.append(item)
    return found


# --- JSON ---------------------------------------------------------------------------


def _j(value: Any) -> str:
    """One scalar as ``json.dumps(..., ensure_ascii=False)`` writes it."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return encode_string(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float) and math.isfinite(value):
        return float.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


def to_json(page: list[Item]) -> str:
    return "[" + ",".join([json_row(item) for item in page]) + "]"


def json_row(item: Item) -> str:
    """One report of the list as JSON (an element of the top-level array)."""
    j = _j
    text = (
        '{"service_request_id":'
        + j(item.public_id)
        + ',"status":'
        + j(item.status)
        + ',"status_notes":'
        + j(item.status_notes)
        + ',"service_name":'
        + j(item.service_name)
        + ',"service_code":'
        + j(item.service_code)
        + ',"description":'
        + j(item.description)
        + ',"agency_responsible":'
        + j(item.agency)
        + ',"service_notice":'
        + j(item.notice)
        + ',"requested_datetime":'
        + j(item.requested)
        + ',"updated_datetime":'
        + j(item.updated)
        + ',"expected_datetime":'
        + j(item.expected)
        + ',"address":'
        + j(item.address)
        + ',"address_id":'
        + j(item.address_id)
        + ',"zipcode":'
        + j(item.zipcode)
        + ',"lat":'
        + j(item.lat)
        + ',"long":'
        + j(item.lon)
        + ',"media_url":'
        + j(item.media_url)
    )
    if item.extended is not None:
        channel, region_code, priority, duplicate_of, urls = item.extended
        text += (
            ',"extended_attributes":{"channel":'
            + j(channel)
            + ',"region_code":'
            + j(region_code)
            + ',"priority":'
            + j(priority)
            + ',"duplicate_of":'
            + j(duplicate_of)
            + ',"photos":['
            + ",".join(j(url) for url in urls)
            + "]}"
            + ',"notes":['
            + ",".join(
                '{"datetime":'
                + j(when)
                + ',"type":'
                + j(kind)
                + ',"summary":'
                + j(summary)
                + ',"description":'
                + j(description)
                + "}"
                for when, kind, summary, description in item.notes or ()
            )
            + "]"
        )
    return text + "}"


# --- XML ----------------------------------------------------------------------------


def _x(name: str, value: Any) -> str:
    """One scalar element as ``render._element`` writes it."""
    if value is None or value == "":
        return f"<{name}/>"
    if value is True:
        return f"<{name}>true</{name}>"
    if value is False:
        return f"<{name}>false</{name}>"
    if isinstance(value, float):
        return f"<{name}>{value!r}</{name}>"
    return f"<{name}>{escape(str(value))}</{name}>"


def to_xml(page: list[Item]) -> str:
    from balai.reports.api.open311.render import XML_DECLARATION

    if not page:
        return XML_DECLARATION + "<service_requests/>"
    return (
        XML_DECLARATION
        + "<service_requests>"
        + "".join([xml_row(item) for item in page])
        + "</service_requests>"
    )


def xml_row(item: Item) -> str:
    """One report of the list as its ``<request>`` element."""
    x = _x
    parts: list[str] = []
    parts.append(
        "<request>"
        + x("service_request_id", item.public_id)
        + x("status", item.status)
        + x("status_notes", item.status_notes)
        + x("service_name", item.service_name)
        + x("service_code", item.service_code)
        + x("description", item.description)
        + x("agency_responsible", item.agency)
        + x("service_notice", item.notice)
        + x("requested_datetime", item.requested)
        + x("updated_datetime", item.updated)
        + x("expected_datetime", item.expected)
        + x("address", item.address)
        + x("address_id", item.address_id)
        + x("zipcode", item.zipcode)
        + x("lat", item.lat)
        + x("long", item.lon)
        + x("media_url", item.media_url)
    )
    if item.extended is not None:
        channel, region_code, priority, duplicate_of, urls = item.extended
        photos_xml = (
            "<photos>" + "".join(x("photo", url) for url in urls) + "</photos>"
            if urls
            else "<photos/>"
        )
        parts.append(
            "<extended_attributes>"
            + x("channel", channel)
            + x("region_code", region_code)
            + x("priority", priority)
            + x("duplicate_of", duplicate_of)
            + photos_xml
            + "</extended_attributes>"
        )
        if item.notes:
            parts.append(
                "<notes>"
                + "".join(
                    "<note>"
                    + x("datetime", when)
                    + x("type", kind)
                    + x("summary", summary)
                    + x("description", description)
                    + "</note>"
                    for when, kind, summary, description in item.notes
                )
                + "</notes>"
            )
        else:
            parts.append("<notes/>")
    parts.append("</request>")
    return "".join(parts)
