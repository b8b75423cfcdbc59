# SPDX-License-Identifier: EUPL-1.2
"""GET /requests: the Open311 list, built for speed (docs/performance.md).

* No ``COUNT(*)`` per page: a page reads ``size + 1`` rows, which says whether there
  is a next one. ``X-Total-Count`` is exact from the page itself on the last page and
  otherwise comes from a total cached per filter set (not per page, size or format),
  itself summed from a per-day histogram plus the two partial edge days (``totals``).
* The page's keys (public id, request time) come from one hand-written statement
  that reads the covering index only; each report's encoded entry is kept per
  process and list generation (``rowcache``), and only the reports not kept yet are
  read (categories and agency joined, photos and, with ``extensions=true``, public
  notes) and encoded straight to text (``fastlist``); no ORM query is compiled and
  no model instance built. ``REFERENCE`` switches to the generic ORM path, which the
  tests hold the fast path to byte for byte.
* Deep pages: once the next page starts past ``KEYSET_FROM_ROWS`` rows, the ``next``
  link carries ``after=<cursor>`` (the last row's time and id), so the server seeks
  there through the index instead of skipping rows with ``OFFSET``. A client that
  asks for ``page=N`` past ``SEEK_FROM_OFFSET`` rows gets the same rows the same
  way: one query reads the first row's cursor from a covering index (no table row
  is read for the skipped ones), the page then seeks from it.
* Service codes come from a per-process map (``categories``), not a query.
* Anonymous answers are cached briefly (``OPEN311_CACHE_SECONDS``) under a generation
  that ``reports.receivers`` moves whenever a report, photo, note or category changes.

The output is byte for byte what the model-based serializer gave
(tests/test_open311_golden.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import time
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

from balai.reports import policies
from balai.reports.api.open311 import (
    categories,
    fastlist,
    rowcache,
    serialize,
    sqlencode,
    totals,
)
from balai.reports.api.open311.params import (
    Open311Error,
    RequestQuery,
    request_query,
    requested_window,
    value,
)
from balai.reports.api.open311.render import (
    JSON_TYPE,
    XML_DECLARATION,
    XML_TYPE,
    respond,
)
from balai.reports.constants import OPEN_STATUSES, Status
from balai.reports.models import Photo, ReportUpdate

GENERATION_KEY = "open311:generation"
KEYSET_FROM_ROWS = 1000
# page=N starting past this many rows: seek from the first row's cursor (see above)
SEEK_FROM_OFFSET = 200
# serve lists by the generic ORM path (the fast path's reference in tests)
REFERENCE = False
# entries without extensions written by the database (``sqlencode``); off: every
# entry encoded by ``fastlist`` in Python (tests compare the two)
DATABASE_ENCODES = True
ORDER = ("-requested_at", "-public_id")
ROW_FIELDS = (
    "id",
    "public_id",
    "status",
    "status_notes",
    "description",
    "requested_at",
    "updated_at",
    "closed_at",
    "due_at",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "lon",
    "media_urls",
    "agency_id",
    "agency__name",
    "category__code",
    "category__name_id",
    "category__name_en",
    "category__service_notice",
)
EXTENSION_FIELDS = ("channel", "region_code", "priority", "merged_into__public_id")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def generation() -> int:
    """The current generation of public report data (moved on every change).

    A missing key (a new or emptied cache, an eviction) starts from the clock in
    nanoseconds, never from a number used before: processes keep per-generation
    data of their own (``totals``), which must not match a newer state.
    """
    found = cache.get(GENERATION_KEY)
    if found is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        found = cache.get(GENERATION_KEY, 0)
    return int(found)


def bump_generation() -> None:
    """Invalidate every cached list answer and total (reports.receivers calls it)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (yet, or evicted): start anew from the clock
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _cacheable(request: HttpRequest) -> bool:
    """Anonymous callers only: no session cookie and no credentials."""
    seconds = int(getattr(settings, "OPEN311_CACHE_SECONDS", 0) or 0)
    return (
        seconds > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def list_response(request: HttpRequest, fmt: str) -> HttpResponse:
    """The answer to GET /requests.<fmt>, from the cache when it may be."""
    if not _cacheable(request):
        return _build(request, fmt, generation())
    current = generation()
    key = "open311:list:" + _digest(
        "|".join(
            (
                str(current),
                fmt,
                str(getattr(request, "LANGUAGE_CODE", "")),
                str(request.scheme),
                request.get_host(),
                request.META.get("QUERY_STRING", ""),
            )
        )
    )
    cached = cache.get(key)
    if cached is not None:
        body, headers = cached
        return respond_bytes(fmt, body, headers)
    response = _build(request, fmt, current)
    if response.status_code == 200:
        kept = ("X-Total-Count", "Link")
        headers = {name: response[name] for name in kept if name in response}
        cache.set(key, (response.content, headers), settings.OPEN311_CACHE_SECONDS)
    return response


def respond_bytes(fmt: str, body: bytes, headers: dict[str, str]) -> HttpResponse:
    response = HttpResponse(body, content_type=XML_TYPE if fmt == "xml" else JSON_TYPE)
    for name, header in headers.items():
        response[name] = header
    return response


def _filters(query: RequestQuery, current: int) -> tuple[Q, str]:
    """The WHERE of the list (without paging) and a stable text naming it."""
    where = Q()
    parts: list[str] = []
    if query.ids:
        ids = query.ids[:1000]
        where &= Q(public_id__in=ids)
        parts.append("ids=" + ",".join(sorted(set(ids))))
        return where, ";".join(parts)
    if query.codes:
        category_ids = categories.category_ids(query.codes, current)
        where &= Q(category_id__in=category_ids)
        parts.append("categories=" + ",".join(str(pk) for pk in category_ids))
    if query.statuses and set(query.statuses) != {"open", "closed"}:
        if query.statuses[0] == "open":
            # exactly the condition of the partial indexes rep_open_*
            where &= Q(status__in=OPEN_STATUSES)
        else:
            where &= Q(status=Status.CLOSED)
        parts.append("status=" + query.statuses[0])
    start, end = requested_window(query)
    for name, bound, lookup in (
        ("start", start, "requested_at__gte"),
        ("end", end, "requested_at__lte"),
        ("updated_after", query.updated_after, "updated_at__gte"),
        ("updated_before", query.updated_before, "updated_at__lte"),
    ):
        if bound is not None:
            where &= Q(**{lookup: bound})
            parts.append(f"{name}={bound.isoformat()}")
    return where, ";".join(parts)


def _cursor(row: dict[str, Any]) -> str:
    micros = (row["requested_at"] - _EPOCH) // dt.timedelta(microseconds=1)
    return f"{micros}.{row['public_id']}"


def _parse_cursor(raw: str) -> Q:
    micros, _sep, public_id = raw.partition(".")
    try:
        moment = _EPOCH + dt.timedelta(microseconds=int(micros))
    except (ValueError, OverflowError):
        raise Open311Error(400, "after must be a cursor from a Link header") from None
    if not public_id or len(public_id) > 20:
        raise Open311Error(400, "after must be a cursor from a Link header")
    # requested_at <= t first, so the index range starts at the cursor
    return Q(requested_at__lte=moment) & (
        Q(requested_at__lt=moment) | Q(requested_at=moment, public_id__lt=public_id)
    )


def _seek_from(row: tuple[dt.datetime, str]) -> Q:
    """Rows from ``row`` (included) onwards in list order."""
    moment, public_id = row
    return Q(requested_at__lte=moment) & (
        Q(requested_at__lt=moment) | Q(requested_at=moment, public_id__lte=public_id)
    )


def _total(query: RequestQuery, where: Q, label: str, current: int) -> int:
    """The exact number of rows of the filter set, without counting them all.

    Cached per filter set; on a miss, windows by request time are summed from a
    per-day histogram (``totals``) plus two small counts for the partial first and
    last days. Other filters (ids, updated_*) are counted.
    """
    key = "open311:count:" + _digest(f"{current}|{label}")
    found = cache.get(key)
    if found is None:
        found = None if query.ids else totals.window_total(query, current)
        if found is None:
            found = policies.public_reports().filter(where).count()
        cache.set(key, found, int(getattr(settings, "OPEN311_COUNT_SECONDS", 60)))
    return int(found)


def _build(request: HttpRequest, fmt: str, current: int) -> HttpResponse:
    """The answer, built by the fast path (``fastlist``) unless ``REFERENCE`` is set."""
    if REFERENCE:
        return _build_reference(request, fmt, current)
    query = request_query(request.GET)
    after = value(request.GET, "after")
    where, label = _filters(query, current)
    sql_where = _sql_filters(query, current)
    size = query.page_size
    offset = (query.page - 1) * size
    start = offset
    page: list[tuple[Any, ...]] | None = None
    if after is not None:
        _sql_cursor(sql_where, after)
        offset = start = 0
    elif offset > SEEK_FROM_OFFSET:
        first = fastlist.first_of_page(sql_where, offset)
        if first is None:
            page = []  # past the end
        else:
            moment, public_id = first
            sql_where.add(
                "r.requested_at <= %s AND (r.requested_at < %s"
                " OR (r.requested_at = %s AND r.public_id <= %s))",
                moment,
                moment,
                moment,
                public_id,
            )
            start = 0
    keys = page
    if keys is None:
        keys = fastlist.page_keys(sql_where, size + 1, start)
    has_next = len(keys) > size
    keys = keys[:size]
    if after is None and not has_next and (keys or offset == 0):
        total = offset + len(keys)  # this is the last page: no count needed
    else:
        total = _total(query, where, label, current)
    headers = {"X-Total-Count": str(total)}
    last = None
    if has_next and keys:
        last = {"requested_at": fastlist.aware(keys[-1][1]), "public_id": keys[-1][0]}
    links = _links(
        request,
        query.page,
        size,
        has_next,
        [last] if last else [],
        deep=after is not None,
    )
    if links:
        headers["Link"] = links
    entries = _entries(request, fmt, [key[0] for key in keys], query, current)
    if fmt == "xml":
        body = (
            fastlist.to_xml([])
            if not entries
            else XML_DECLARATION
            + "<service_requests>"
            + "".join(entries)
            + "</service_requests>"
        )
    else:
        body = "[" + ",".join(entries) + "]"
    return respond_bytes(fmt, body.encode("utf-8"), headers)


def _entries(
    request: HttpRequest,
    fmt: str,
    public_ids: list[str],
    query: RequestQuery,
    current: int,
) -> list[str]:
    """The page's reports encoded, in order: kept ones from ``rowcache``, the others
    read, built and encoded now (and kept)."""
    photo_url = _photo_url_maker(request)
    english = serialize.english_active()
    # the notes' kind labels follow the active language, beyond ``english``
    variant = (fmt, english, get_language(), query.extensions, photo_url.base)
    kept = rowcache.entries(current, variant)
    missing = [public_id for public_id in public_ids if public_id not in kept]
    made: dict[str, str] = {}
    if missing and not query.extensions and DATABASE_ENCODES:
        # the database writes the entries' text (``sqlencode``); what it flags
        # as odd is encoded below, as before
        made, missing = sqlencode.entries(
            missing, fmt=fmt, english=english, photo_base=photo_url.base
        )
    if missing:
        rows = fastlist.rows_by_public_id(missing, extensions=query.extensions)
        ids = [row[0] for row in rows]
        found = fastlist.items(
            rows,
            fastlist.photos(ids),
            photo_url,
            fastlist.notes(ids) if query.extensions else None,
            english=english,
        )
        encode = fastlist.xml_row if fmt == "xml" else fastlist.json_row
        made.update((item.public_id, encode(item)) for item in found)
    rowcache.keep(current, variant, made)
    # a report hidden or deleted between the two statements is left out
    if not kept:
        return [made[p] for p in public_ids if p in made]
    return [
        text
        for text in (kept.get(p) or made.get(p) for p in public_ids)
        if text is not None
    ]


def _sql_filters(query: RequestQuery, current: int) -> fastlist.Where:
    """``_filters`` as SQL over the reports (``r``) for the fast path."""
    where = fastlist.Where()
    if query.ids:
        where.within("r.public_id", query.ids[:1000])
        return where
    if query.codes:
        ids = categories.category_ids(query.codes, current)
        where.within("r.category_id", [fastlist.key(pk) for pk in ids])
    if query.statuses and set(query.statuses) != {"open", "closed"}:
        if query.statuses[0] == "open":
            where.within("r.status", [str(status) for status in OPEN_STATUSES])
        else:
            where.add("r.status = %s", str(Status.CLOSED))
    start, end = requested_window(query)
    for bound, clause in (
        (start, "r.requested_at >= %s"),
        (end, "r.requested_at <= %s"),
        (query.updated_after, "r.updated_at >= %s"),
        (query.updated_before, "r.updated_at <= %s"),
    ):
        if bound is not None:
            where.add(clause, fastlist.moment(bound))
    return where


def _sql_cursor(where: fastlist.Where, raw: str) -> None:
    """``_parse_cursor`` as SQL: rows strictly after the cursor in list order."""
    _parse_cursor(raw)  # the same checks and errors
    micros, _sep, public_id = raw.partition(".")
    moment = fastlist.moment(_EPOCH + dt.timedelta(microseconds=int(micros)))
    where.add(
        "r.requested_at <= %s AND (r.requested_at < %s"
        " OR (r.requested_at = %s AND r.public_id < %s))",
        moment,
        moment,
        moment,
        public_id,
    )


def _build_reference(request: HttpRequest, fmt: str, current: int) -> HttpResponse:
    """The generic path (ORM values, ``serialize``, ``render``): the fast path's
    reference, byte for byte."""
    query = request_query(request.GET)
    after = value(request.GET, "after")
    where, label = _filters(query, current)
    rows = policies.public_reports().filter(where)
    size = query.page_size
    offset = (query.page - 1) * size
    page: list[dict[str, Any]] | None = None
    if after is not None:
        rows, offset = rows.filter(_parse_cursor(after)), 0
    elif offset > SEEK_FROM_OFFSET:
        # the page's first row from the index alone, then a seek from it
        first = list(
            rows.order_by(*ORDER).values_list("requested_at", "public_id")[
                offset : offset + 1
            ]
        )
        if first:
            rows = rows.filter(_seek_from(first[0]))
        else:
            page = []  # past the end
    fields = ROW_FIELDS + (EXTENSION_FIELDS if query.extensions else ())
    if page is None:
        start = 0 if after is not None or offset > SEEK_FROM_OFFSET else offset
        page = list(rows.order_by(*ORDER).values(*fields)[start : start + size + 1])
    has_next = len(page) > size
    page = page[:size]
    if after is None and not has_next and (page or offset == 0):
        total = offset + len(page)  # this is the last page: no count needed
    else:
        total = _total(query, where, label, current)
    headers = {"X-Total-Count": str(total)}
    links = _links(request, query.page, size, has_next, page, deep=after is not None)
    if links:
        headers["Link"] = links
    body = _serialize(request, page, extensions=query.extensions)
    return respond(fmt, "service_requests", body, headers=headers)


def _links(
    request: HttpRequest,
    page: int,
    size: int,
    has_next: bool,
    rows: list[dict[str, Any]],
    *,
    deep: bool,
) -> str:
    parts = []
    params = _copy(request.GET)
    if has_next:
        params["page"] = str(page + 1)
        if deep or page * size >= KEYSET_FROM_ROWS:
            params["after"] = _cursor(rows[-1])
        parts.append(
            f'<{request.build_absolute_uri("?" + params.urlencode())}>; rel="next"'
        )
    if page > 1:
        params = _copy(request.GET)
        params.pop("after", None)
        params["page"] = str(page - 1)
        parts.append(
            f'<{request.build_absolute_uri("?" + params.urlencode())}>; rel="prev"'
        )
    return ", ".join(parts)


def _copy(query: QueryDict) -> QueryDict:
    """A mutable copy of the query string (``QueryDict.copy`` deep-copies: slower)."""
    copied = QueryDict(mutable=True, encoding=query.encoding)
    for name, values in query.lists():
        copied.setlist(name, list(values))
    return copied


def _serialize(
    request: HttpRequest, rows: list[dict[str, Any]], *, extensions: bool
) -> list[dict[str, Any]]:
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    photos: dict[Any, list[Any]] = defaultdict(list)
    for report_id, photo_id in (
        Photo.objects.filter(report_id__in=ids)
        .order_by("report_id", "position", "created_at")
        .values_list("report_id", "id")
    ):
        photos[report_id].append(photo_id)
    notes: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    if extensions:
        for note in (
            ReportUpdate.objects.filter(report_id__in=ids, is_public=True)
            .order_by("created_at")
            .values("report_id", "created_at", "kind", "text")
        ):
            notes[note["report_id"]].append(dict(note))
    photo_url = _photo_url_maker(request)
    english = serialize.english_active()
    return [
        serialize.service_request_row(
            row,
            [photo_url(row["public_id"], p) for p in photos.get(row["id"], ())],
            notes.get(row["id"], []) if extensions else None,
            english=english,
        )
        for row in rows
    ]


_PHOTO_MARK = "00000000-0000-0000-0000-000000000000"


@functools.lru_cache(maxsize=64)
def _photo_path_template(prefix: str, language: str | None) -> str:
    """The photo URL path with marks, resolved once per script prefix and language."""
    return reverse(
        "reports:public-photo",
        kwargs={"public_id": "PUBLIC-ID-MARK", "photo_id": _PHOTO_MARK},
    )


def _photo_url_maker(request: HttpRequest) -> PhotoUrl:
    """``(public_id, photo_id) -> absolute URL`` without a reverse() per request."""
    template = request.build_absolute_uri(
        _photo_path_template(get_script_prefix(), get_language())
    )
    head, _sep, rest = template.partition("PUBLIC-ID-MARK")
    middle, _sep, tail = rest.partition(_PHOTO_MARK)
    return PhotoUrl(head, middle, tail)


class PhotoUrl:
    """``(public_id, photo_id) -> absolute URL``; ``base`` names what it depends on
    (the encoded rows are kept per base)."""

    __slots__ = ("base", "head", "middle", "tail")

    def __init__(self, head: str, middle: str, tail: str) -> None:
        self.head, self.middle, self.tail = head, middle, tail
        self.base = (head, middle, tail)

    def __call__(self, public_id: str, photo_id: Any) -> str:
        return f"{self.head}{public_id}{self.middle}{photo_id}{self.tail}"
