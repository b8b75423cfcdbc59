# SPDX-License-Identifier: EUPL-1.2
"""Parsing Open311 arguments: empty means absent, errors name the parameter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from balai.reports.dates import parse_w3c

MAX_RESULTS = 1000
DEFAULT_WINDOW = dt.timedelta(days=90)
STATUSES = {"open", "closed"}


class Open311Error(Exception):
    """An error answer: HTTP status plus one or more descriptions."""

    def __init__(
        self, status: int, *descriptions: str, headers: dict[str, Any] | None = None
    ) -> None:
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = list(descriptions)
        self.headers = headers or {}


def value(source: Any, name: str) -> str | None:
    """The stripped argument, or None when absent or empty (spec 1.3)."""
    raw = source.get(name)
    if raw is None:
        return None
    text = str(raw).strip()
    return text or None


def csv(source: Any, name: str) -> list[str]:
    raw = value(source, name)
    return [part.strip() for part in raw.split(",") if part.strip()] if raw else []


def check_jurisdiction(source: Any) -> None:
    """Spec 1.3: with several jurisdictions it is required; unknown is always 404."""
    known = [j.lower() for j in settings.OPEN311_JURISDICTIONS]
    given = value(source, "jurisdiction_id")
    if given is None:
        if len(known) > 1:
            raise Open311Error(400, "jurisdiction_id is required")
        return
    if known and given.lower() not in known:
        raise Open311Error(404, f"jurisdiction_id {given[:80]} is not served here")


def date(source: Any, name: str) -> dt.datetime | None:
    raw = value(source, name)
    if raw is None:
        return None
    try:
        # in UTC: a zone such as +21:12 is valid ISO 8601 but beyond what PostgreSQL
        # accepts, and year 1 with a zone east of UTC falls before year 1
        return parse_w3c(raw).astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise Open311Error(
            400,
            f"{name} must be a W3C date-time with a zone, e.g. 2025-03-01T00:00:00Z",
        ) from None


def positive_int(source: Any, name: str, *, maximum: int | None = None) -> int | None:
    raw = value(source, name)
    if raw is None:
        return None
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if number < 1 or (maximum is not None and number > maximum):
        limit = f"1..{maximum}" if maximum else "a positive integer"
        raise Open311Error(400, f"{name} must be {limit}")
    return number


@dataclass
class RequestQuery:
    """The filters of GET /requests, parsed and checked."""

    ids: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    updated_after: dt.datetime | None = None
    updated_before: dt.datetime | None = None
    page: int = 1
    page_size: int = MAX_RESULTS
    extensions: bool = False


def request_query(source: Any) -> RequestQuery:
    """Parse every filter (errors are collected, so each bad one is named)."""
    query = RequestQuery()
    problems: list[str] = []

    def attempt(fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Open311Error as error:
            problems.extend(error.descriptions)
            return None

    query.ids = csv(source, "service_request_id")
    query.codes = csv(source, "service_code")
    query.statuses = [s.lower() for s in csv(source, "status")]
    bad = [s for s in query.statuses if s not in STATUSES]
    if bad:
        problems.append("status must be open, closed or both (comma-separated)")
    query.start = attempt(date, source, "start_date")
    query.end = attempt(date, source, "end_date")
    query.updated_after = attempt(date, source, "updated_after")
    query.updated_before = attempt(date, source, "updated_before")
    query.page = attempt(positive_int, source, "page") or 1
    query.page_size = (
        attempt(positive_int, source, "page_size", maximum=MAX_RESULTS) or MAX_RESULTS
    )
    query.extensions = (value(source, "extensions") or "").lower() == "true"
    if problems:
        raise Open311Error(400, *problems)
    return query


def requested_window(
    query: RequestQuery,
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Section 7's window: 90 days back by default, unless updated_* is used."""
    start, end = query.start, query.end
    if start is None and end is None:
        if query.updated_after or query.updated_before:
            return None, None
        return timezone.now() - DEFAULT_WINDOW, None
    if start is not None and end is None:
        return start, None
    if start is None and end is not None:
        return end - DEFAULT_WINDOW, end
    return start, end
