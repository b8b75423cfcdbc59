# SPDX-License-Identifier: EUPL-1.2
"""The Open311 list's fast path (hand-written SQL and encoders, ``fastlist``) gives
byte for byte the answers of the generic path (ORM values, ``serialize``,
``render``; ``lists.REFERENCE``) over many reports and query strings: both formats,
filters, statuses, service codes, windows, pages and sizes, deep pages and cursors,
extensions, English, and bad input. ``test_open311_golden.py`` holds both to the
answers recorded before either existed.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

import pytest

from balai.accounts.tests.factories import AgencyFactory
from balai.reports.api.open311 import lists
from balai.reports.models import Photo, Report, ReportUpdate
from balai.reports.tests.factories import category

pytestmark = pytest.mark.django_db

HEADERS = ("Content-Type", "X-Total-Count", "Link", "Access-Control-Allow-Origin")
BASE = dt.datetime(2026, 2, 1, 0, 0, tzinfo=dt.UTC)
TEXTS = [
    "",
    "biasa",
    "tanda <b>&amp;</b> \"kutip\" 'satu'",
    "émoji 🚧 dan aksara ꦗꦮ",
    "baris\nbaru\ttab \\ garis miring / \u2028 \x7f",
    "]]> <![CDATA[ x",
]


def _build(rng: random.Random) -> None:
    cats = [
        category("jalan-berlubang", name_id="Jalan berlubang", name_en="Pothole"),
        category("pju-mati", name_id="PJU <mati>", name_en="", service_notice="3 hari"),
        category("sampah", name_id="Sampah & limbah", name_en="Rubbish & waste"),
    ]
    agencies = [
        AgencyFactory(code="dinas-a", name="Dinas A & <B>"),
        AgencyFactory(code="dinas-b", name="Dinas \"B\" 'C'"),
    ]
    statuses = ["open", "acknowledged", "in_progress", "closed"]
    reports = []
    for n in range(90):
        # pairs of reports at the same instant, to test the order's tie-break
        requested = BASE - dt.timedelta(
            hours=(n // 2) * 13, microseconds=rng.choice([0, 0, 1, 999_999])
        )
        status = rng.choice(statuses)
        reports.append(
            Report(
                id=uuid.UUID(int=rng.getrandbits(128)),
                public_id=f"LPR-F{n:07d}",
                category=rng.choice(cats),
                description=rng.choice(TEXTS) or "x",
                lat=None if n % 9 == 0 else rng.choice([0.0, -6.9 + n / 1000, 1e-7]),
                lon=None if n % 9 == 0 else rng.choice([107.6 + n / 997, -0.0, 180.0]),
                address=rng.choice(TEXTS),
                address_id=rng.choice(["", "A-1", "<id>"]),
                zipcode=rng.choice(["", "40135"]),
                region_code=rng.choice(["", "3273010001"]),
                status=status,
                status_notes=rng.choice(TEXTS),
                agency=rng.choice([None, *agencies]),
                priority=rng.choice(["low", "normal", "high", "urgent"]),
                channel=rng.choice(["web", "pwa", "open311"]),
                media_urls=rng.choice(
                    [[], [], ["https://m.example.org/1.jpg", "https://m.example.org/2"]]
                ),
                requested_at=requested,
                due_at=rng.choice([None, requested + dt.timedelta(days=3)]),
                closed_at=rng.choice([None, requested + dt.timedelta(days=1)])
                if status == "closed"
                else None,
                is_hidden=n % 17 == 16,
            )
        )
    Report.objects.bulk_create(reports)
    Report.objects.filter(pk=reports[5].pk).update(merged_into=reports[3])
    Report.objects.filter(pk=reports[8].pk).update(merged_into=reports[16])
    for n, report in enumerate(reports):
        Report.objects.filter(pk=report.pk).update(
            updated_at=report.requested_at + dt.timedelta(hours=n % 30)
        )
    for n in rng.sample(range(90), 25):
        for position in range(rng.choice([1, 1, 2, 3])):
            Photo.objects.create(
                id=uuid.UUID(int=rng.getrandbits(128)),
                report=reports[n],
                file=f"reports/photos/{n}-{position}.jpg",
                width=10,
                height=10,
                size=10,
                position=rng.choice([0, position]),
            )
    for n in rng.sample(range(90), 30):
        for step in range(rng.choice([1, 2, 3])):
            update = ReportUpdate.objects.create(
                report=reports[n],
                kind=rng.choice(["created", "comment", "status", "assignment"]),
                is_public=rng.random() < 0.8,
                text=rng.choice(TEXTS),
            )
            ReportUpdate.objects.filter(pk=update.pk).update(
                created_at=reports[n].requested_at + dt.timedelta(minutes=7 * step + 1)
            )


def _queries(rng: random.Random) -> list[tuple[str, dict[str, str]]]:
    windows = [
        "",
        "start_date=2026-01-01T00:00:00Z",
        "start_date=2026-01-10T00:00:00Z&end_date=2026-01-25T12:00:00%2B07:00",
        "end_date=2026-01-20T00:00:00Z",
        "start_date=2025-12-01T00:00:00Z&end_date=2026-03-01T00:00:00Z",
        "updated_after=2026-01-15T00:00:00Z",
        "updated_after=2026-01-05T00:00:00Z&updated_before=2026-01-28T00:00:00Z",
        "start_date=2026-01-31T00:00:00Z&end_date=2026-01-01T00:00:00Z",
    ]
    statuses = ["", "open", "closed", "open,closed", "CLOSED", " open "]
    codes = ["", "pju-mati", "sampah,jalan-berlubang", "tidak-ada", "sampah,tidak-ada"]
    found: list[tuple[str, dict[str, str]]] = []
    for fmt in ("json", "xml"):
        for window in windows:
            for status in statuses:
                for code in codes:
                    parts = [window] if window else []
                    if status:
                        parts.append(f"status={status}")
                    if code:
                        parts.append(f"service_code={code}")
                    size = rng.choice(["", "1", "3", "7", "50"])
                    if size:
                        parts.append(f"page_size={size}")
                        parts.append(f"page={rng.choice([1, 1, 2, 3, 5, 9, 40])}")
                    if rng.random() < 0.3:
                        parts.append("extensions=true")
                    if rng.random() < 0.2:
                        parts.append("jurisdiction_id=bandung.go.id")
                    headers = (
                        {"HTTP_COOKIE": "balai_language=en"}
                        if rng.random() < 0.15
                        else {}
                    )
                    found.append(
                        (f"/open311/v2/requests.{fmt}?{'&'.join(parts)}", headers)
                    )
        ids = "LPR-F0000003,LPR-F0000000,LPR-F0000016,LPR-F0000005,LPR-X"
        for extra in ("", "&extensions=true", "&page_size=2&page=2"):
            found.append(
                (f"/open311/v2/requests.{fmt}?service_request_id={ids}{extra}", {})
            )
        for bad in (
            "page=0",
            "page_size=1001",
            "page=x&page_size=y",
            "start_date=yesterday",
            "status=pending",
            "after=abc",
            "after=12.",
            "after=99999999999999999999999.LPR-1",
            "jurisdiction_id=elsewhere",
        ):
            found.append((f"/open311/v2/requests.{fmt}?{bad}", {}))
    return found


def _answer(response: Any) -> dict[str, Any]:
    return {
        "status": response.status_code,
        "headers": {name: response.get(name) for name in HEADERS},
        "body": response.content,
    }


def _explain(path: str, reference: dict, fast: dict) -> None:
    for name in ("status", "headers"):
        assert fast[name] == reference[name], (path, name)
    a, b = reference["body"], fast["body"]
    at = next(
        (i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b))
    )
    raise AssertionError(
        f"{path}: at {at}: {a[at - 120 : at + 80]!r} != {b[at - 120 : at + 80]!r}"
    )


def _both(client: Any, path: str, headers: dict[str, str], monkeypatch: Any) -> tuple:
    monkeypatch.setattr(lists, "REFERENCE", True)
    reference = _answer(client.get(path, **headers))
    monkeypatch.setattr(lists, "REFERENCE", False)
    fast = _answer(client.get(path, **headers))
    return reference, fast


@pytest.mark.parametrize("seek_from", [lists.SEEK_FROM_OFFSET, 0])
def test_the_fast_path_gives_the_generic_paths_bytes(
    client, settings, monkeypatch, seek_from
):
    settings.OPEN311_CACHE_SECONDS = 0  # every answer built, never served from cache
    monkeypatch.setattr(lists, "SEEK_FROM_OFFSET", seek_from)
    rng = random.Random(20261207)
    _build(rng)
    queries = _queries(rng)
    assert len(queries) > 500
    if seek_from == 0:  # every page a seek: a sample is enough (the shapes repeat)
        queries = rng.sample(queries, 250)
    shapes = {"rows": 0, "empty": 0, "errors": 0, "next": 0}
    followed = 0
    for path, headers in queries:
        reference, fast = _both(client, path, headers, monkeypatch)
        if fast != reference:
            _explain(path, reference, fast)
        if reference["status"] != 200:
            shapes["errors"] += 1
            continue
        body = reference["body"]
        shapes[
            "empty"
            if body in (b"[]", b"") or body.endswith(b"<service_requests/>")
            else "rows"
        ] += 1
        link = reference["headers"]["Link"] or ""
        if 'rel="next"' in link:
            shapes["next"] += 1
        # follow next links carrying a cursor (deep pages), as a client would
        if "after=" in link and followed < 40:
            followed += 1
            next_url = link.split(">", 1)[0].lstrip("<").split("testserver", 1)[1]
            reference, fast = _both(client, next_url, headers, monkeypatch)
            assert fast == reference, next_url
            assert reference["status"] == 200
    # the comparison covered each kind of answer
    assert min(shapes.values()) > 5, shapes


def test_keyset_cursors_are_followed_the_same_way(client, settings, monkeypatch):
    """Cursor links appear once pages pass ``KEYSET_FROM_ROWS``; walk every page."""
    settings.OPEN311_CACHE_SECONDS = 0
    monkeypatch.setattr(lists, "KEYSET_FROM_ROWS", 4)
    _build(random.Random(5))
    for fmt in ("json", "xml"):
        path = f"/open311/v2/requests.{fmt}?start_date=2025-12-01T00:00:00Z&page_size=3"
        pages = cursors = 0
        while path:
            reference, fast = _both(client, path, {}, monkeypatch)
            assert fast == reference, path
            pages += 1
            link = reference["headers"]["Link"] or ""
            path = ""
            for part in link.split(", "):
                if part.endswith('rel="next"'):
                    path = part.split(">", 1)[0].lstrip("<").split("testserver", 1)[1]
                    cursors += "after=" in path
        assert pages > 20 and cursors > 15


def _every_report_queries() -> list[tuple[str, dict[str, str]]]:
    """Query strings whose answers hold every visible report, in each variant of a
    kept entry: format, language, extensions (and pages that cut through them)."""
    window = "start_date=2025-12-01T00:00:00Z"
    found = []
    for fmt in ("json", "xml"):
        for extra in ("", "&extensions=true", "&page_size=7&page=3", "&status=open"):
            for headers in ({}, {"HTTP_COOKIE": "balai_language=en"}):
                found.append((f"/open311/v2/requests.{fmt}?{window}{extra}", headers))
    return found


def test_kept_entries_give_the_same_bytes_and_follow_every_change(
    client, settings, monkeypatch
):
    """Entries kept by ``rowcache`` are joined byte for byte as the reference path
    writes them, and after each kind of change (report, photo, note, category,
    agency, hiding, deleting) no kept entry of the old state is served."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from balai.reports.api.open311 import rowcache

    settings.OPEN311_CACHE_SECONDS = 0
    rng = random.Random(31)
    _build(rng)
    every = _every_report_queries()
    queries = every + rng.sample(_queries(rng), 120)
    # after a change: every kept entry in each of its variants, plus a sample of the
    # other query strings (a stale entry shows in the first group whatever it is)
    after_change = every + queries[len(every) :: 6]

    def compare(chosen: list[tuple[str, dict[str, str]]] = queries) -> None:
        for path, headers in chosen:
            reference, fast = _both(client, path, headers, monkeypatch)
            if fast != reference:
                _explain(path, reference, fast)

    compare()
    assert rowcache.size() > 90  # every report, in several variants
    # a repeated answer reads the page's keys only: no report row, photo or note
    path = "/open311/v2/requests.xml?start_date=2025-12-01T00:00:00Z&extensions=true"
    with CaptureQueriesContext(connection) as run:
        first = client.get(path).content
    assert len(first) > 10_000
    assert not [q for q in run.captured_queries if "JOIN" in q["sql"].upper()]
    assert not [q for q in run.captured_queries if "reports_photo" in q["sql"]]

    report = Report.objects.get(public_id="LPR-F0000004")
    photo_report = Report.objects.get(public_id="LPR-F0000010")
    changes = [
        lambda: _changed(report, description="diubah <baru> & 🚧").save(),
        lambda: Photo.objects.create(
            report=photo_report,
            file="reports/photos/new.jpg",
            width=1,
            height=1,
            size=1,
            position=0,
        ),
        lambda: ReportUpdate.objects.create(
            report=report, kind="comment", is_public=True, text="catatan baru"
        ),
        lambda: _rename_category(report),
        lambda: _rename_agency(),
        lambda: _changed(report, is_hidden=True).save(),
        lambda: Photo.objects.filter(report=photo_report).first().delete(),
    ]
    for change in changes:
        before = client.get(path).content
        change()
        compare(after_change)
        assert client.get(path).content != before


def _changed(report: Report, **values: Any) -> Report:
    report.refresh_from_db()
    for name, new in values.items():
        setattr(report, name, new)
    return report


def _rename_category(report: Report) -> None:
    found = report.category
    found.name_id = found.name_id + " (baru)"
    found.name_en = "Renamed"
    found.save()


def _rename_agency() -> None:
    from balai.accounts.models import Agency

    agency = Agency.objects.get(code="dinas-a")
    agency.name = "Dinas A, nama baru"
    agency.save()
