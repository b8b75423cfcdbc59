# SPDX-License-Identifier: EUPL-1.2
"""The fast Open311 list: no count per page, keyset links, a brief anonymous cache."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

import pytest

from balai.reports.api.open311 import lists
from balai.reports.api.open311.params import request_query, requested_window
from balai.reports.models import Report
from balai.reports.tests.factories import submitted
from balai.reports.tests.open311_support import json_body
from balai.reports.tests.test_open311_golden import WINDOW, build_reports

pytestmark = pytest.mark.django_db
LIST = "/open311/v2/requests.json"
NEXT = re.compile(r'<([^>]+)>; rel="next"')


def _queries(client, path: str, **headers: str) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200, response.content
    return response, [q["sql"] for q in captured.captured_queries]


def _ids(response) -> list[str]:
    return [item["service_request_id"] for item in json_body(response)]


def test_a_page_costs_two_queries_and_the_total_is_counted_once_per_filter(client):
    build_reports()
    first, sql = _queries(client, f"{LIST}?{WINDOW}&page_size=5")
    assert first["X-Total-Count"] == "23"
    # the page's keys (limit 6), the entries of the reports not kept yet
    # (open311/rowcache.py) written by the database with their first photo
    # (open311/sqlencode.py), then the total: the per-day histogram and the two
    # partial edge days (never a count of the whole window)
    assert len(sql) == 5
    assert sum("GROUP BY" in q.upper() for q in sql) == 1

    second, sql = _queries(client, f"{LIST}?{WINDOW}&page_size=5&page=2")
    assert second["X-Total-Count"] == "23"
    assert not any("COUNT(" in q.upper() for q in sql)
    assert len(sql) == 2  # keys, then the entries of five more reports
    assert re.search(r"LIMIT 6 OFFSET 5", sql[0])


def test_the_last_page_knows_its_total_without_counting(client):
    build_reports()
    response, sql = _queries(client, f"{LIST}?{WINDOW}&page_size=5&page=5")
    assert response["X-Total-Count"] == "23"
    assert len(_ids(response)) == 3
    assert not any("COUNT(" in q.upper() for q in sql)
    assert 'rel="next"' not in response["Link"]


def test_deep_pages_link_with_a_cursor_and_seek_without_offset(client, monkeypatch):
    reports = build_reports()
    monkeypatch.setattr(lists, "KEYSET_FROM_ROWS", 6)
    everything = _ids(client.get(f"{LIST}?{WINDOW}"))
    assert len(everything) == len(reports)

    seen, path, pages = [], f"{LIST}?{WINDOW}&page_size=3", 0
    while path:
        response, sql = _queries(client, path)
        seen += _ids(response)
        pages += 1
        if "after=" in path:
            assert "OFFSET" not in sql[0]
        match = NEXT.search(response.get("Link") or "")
        path = match.group(1) if match else ""
        if pages >= 2 and path:
            assert "after=" in path and f"page={pages + 1}" in path
    assert seen == everything
    assert pages == 8


def test_a_deep_page_number_seeks_from_its_first_row_read_from_the_index(
    client, monkeypatch
):
    build_reports()
    monkeypatch.setattr(lists, "SEEK_FROM_OFFSET", 1)
    everything = _ids(client.get(f"{LIST}?{WINDOW}"))
    for filters in ("", "&status=open", "&status=closed", "&service_code=sampah"):
        whole = _ids(client.get(f"{LIST}?{WINDOW}{filters}"))
        assert len(whole) >= 4, filters
        path = f"{LIST}?{WINDOW}{filters}&page_size=1&page=3"
        response, sql = _queries(client, path)
        assert _ids(response) == whole[2:3]
        # the first row's cursor (LIMIT 1 OFFSET 2), then the page without OFFSET
        cursor = next(q for q in sql if "LIMIT 1 OFFSET 2" in q)
        page = next(q for q in sql if "LIMIT 2" in q)
        assert "OFFSET" not in page
        if connection.vendor == "sqlite":
            with connection.cursor() as plan:
                plan.execute("EXPLAIN QUERY PLAN " + cursor)
                steps = " ".join(str(step[-1]) for step in plan.fetchall())
            assert "COVERING INDEX" in steps, steps
    assert everything
    past_end, _sql = _queries(client, f"{LIST}?{WINDOW}&page_size=3&page=30")
    assert json_body(past_end) == []
    assert past_end["X-Total-Count"] == "23"


def test_service_codes_are_resolved_without_a_query_per_request(client):
    build_reports()
    client.get(f"{LIST}?{WINDOW}&service_code=sampah")
    _response, sql = _queries(client, f"{LIST}?{WINDOW}&service_code=sampah&page=2")
    assert not any('FROM "reports_category"' in q for q in sql)


def test_a_cursor_that_is_not_one_is_refused(client):
    response = client.get(f"{LIST}?after=yesterday")
    assert response.status_code == 400
    assert "after" in json_body(response)[0]["description"]


def test_anonymous_answers_are_cached_until_a_report_changes(client):
    build_reports()
    path = f"{LIST}?{WINDOW}&status=open"
    first, _sql = _queries(client, path)
    again, sql = _queries(client, path)
    assert sql == []  # from the cache
    assert again.content == first.content
    assert again["X-Total-Count"] == first["X-Total-Count"] == "18"

    fresh = submitted(description="Lampu jalan padam sejak semalam")
    Report.objects.filter(pk=fresh.pk).update(requested_at="2026-03-30T00:00:00Z")
    fresh.refresh_from_db()
    fresh.save(update_fields=["updated_at"])  # any save of a report invalidates

    after, sql = _queries(client, path)
    assert sql
    assert _ids(after)[0] == fresh.public_id
    assert after["X-Total-Count"] == "19"


def test_signed_in_callers_are_not_served_from_the_cache(client):
    build_reports()
    path = f"{LIST}?{WINDOW}"
    _queries(client, path, HTTP_COOKIE="sessionid=abc")
    _response, sql = _queries(client, path, HTTP_COOKIE="sessionid=abc")
    assert sql  # built again (and the session looked up)


def test_caching_can_be_switched_off(client, settings):
    settings.OPEN311_CACHE_SECONDS = 0
    build_reports()
    path = f"{LIST}?{WINDOW}&page_size=2"
    _queries(client, path)
    _response, sql = _queries(client, path)
    # the page's keys only: its reports' entries are kept and the total stays cached
    assert len(sql) == 1


def test_totals_are_exact_for_any_window(client):
    build_reports()

    moments = [
        "2026-01-05T08:30:15Z",
        "2026-01-05T20:00:00Z",
        "2026-01-20T00:00:00Z",
        "2026-02-11T10:11:12%2B07:00",
        "2026-03-10T23:59:59Z",
        "2026-04-01T00:00:00Z",
    ]
    checked = 0
    for start in ["", *moments]:
        for end in ["", *moments]:
            for extra in ("", "&status=open", "&status=closed&service_code=sampah"):
                query = f"page_size=1{extra}"
                if start:
                    query += f"&start_date={start}"
                if end:
                    query += f"&end_date={end}"
                response = client.get(f"{LIST}?{query}")
                assert response.status_code == 200, response.content
                rows = Report.objects.filter(is_hidden=False)
                params = dict(p.split("=", 1) for p in query.split("&"))
                parsed = request_query(QueryDict(query))
                low, high = requested_window(parsed)
                if low:
                    rows = rows.filter(requested_at__gte=low)
                if high:
                    rows = rows.filter(requested_at__lte=high)
                if "status" in params:
                    rows = (
                        rows.filter(status="closed")
                        if params["status"] == "closed"
                        else rows.exclude(status="closed")
                    )
                if "service_code" in params:
                    rows = rows.filter(category__code=params["service_code"])
                assert response["X-Total-Count"] == str(rows.count()), query
                checked += 1
    assert checked == 147


def test_an_emptied_cache_never_brings_back_an_older_total(client):
    build_reports()
    path = f"{LIST}?{WINDOW}&page_size=5"
    assert client.get(path)["X-Total-Count"] == "23"
    # a change that sends no signal, then the cache is emptied (restart, eviction)
    Report.objects.filter(public_id="LPR-G0000000").update(is_hidden=True)
    cache.clear()
    assert client.get(path)["X-Total-Count"] == "22"
