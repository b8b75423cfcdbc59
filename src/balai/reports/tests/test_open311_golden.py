# SPDX-License-Identifier: EUPL-1.2
"""Open311 list and detail answers stay byte for byte what they were.

``open311_golden.json`` holds the answers (status, the headers clients read, the
body) that the code before the fast list path gave for a fixed set of reports and
queries: JSON and XML, filters, pages, extensions, photos, notes, merged reports,
English. Each test builds the same reports and compares every answer exactly.

Re-record (only when an output change is intended, and say so in the commit):
``BALAI_RECORD_OPEN311_GOLDEN=1 pytest src/balai/reports/tests/test_open311_golden.py``
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest

from balai.accounts.tests.factories import AgencyFactory
from balai.reports.models import Category, Photo, Report, ReportUpdate
from balai.reports.tests.factories import category

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).with_name("open311_golden.json")
RECORD = os.environ.get("BALAI_RECORD_OPEN311_GOLDEN") == "1"
HEADERS = ("Content-Type", "X-Total-Count", "Link", "Access-Control-Allow-Origin")
UTC = dt.UTC
BASE = dt.datetime(2026, 1, 5, 8, 30, 15, tzinfo=UTC)
WINDOW = "start_date=2026-01-01T00:00:00Z&end_date=2026-04-01T00:00:00Z"
REPORTS = 23


def _uuid(n: int) -> uuid.UUID:
    return uuid.UUID(int=0x5EED_0000_0000_0000_0000_0000_0000_0000 + n)


def build_reports() -> list[Report]:
    """23 reports with every field the output shows, at fixed times and ids."""
    pothole = category(
        "jalan-berlubang",
        name_id="Jalan berlubang",
        name_en="Pothole",
        service_notice="Ditangani 3 hari.",
    )
    lamp = category("pju-mati", name_id="PJU mati", name_en="", group="penerangan")
    rubbish = category("sampah", name_id="Sampah & <limbah>", name_en="Rubbish")
    categories = [pothole, lamp, rubbish]
    agency = AgencyFactory(code="dinas-pupr", name="Dinas PU & Penataan Ruang")
    statuses = ["open", "acknowledged", "in_progress", "closed"]
    reports: list[Report] = []
    for n in range(REPORTS):
        status = statuses[n % 4]
        requested = BASE + dt.timedelta(days=3 * n, minutes=7 * n, seconds=n)
        reports.append(
            Report(
                id=_uuid(n),
                public_id=f"LPR-G{n:07d}",
                category=categories[n % 3],
                description=(
                    f"Laporan {n}: jalan <rusak> & \"berbahaya\" di gang 'Melati' — "
                    f"{'sangat ' * (n % 3)}parah"
                ),
                lat=None if n % 7 == 6 else -6.9 + n / 1000,
                lon=None if n % 7 == 6 else 107.6 + n / 997,
                address="" if n % 5 == 4 else f"Jl. Dago No. {n}",
                address_id=f"ADDR-{n}" if n % 4 == 1 else "",
                zipcode="40135" if n % 3 == 0 else "",
                region_code="3273010001" if n % 2 else "",
                status=status,
                status_notes="Sedang dikerjakan" if status == "in_progress" else "",
                agency=agency if n % 3 != 2 else None,
                priority=["low", "normal", "high", "urgent"][n % 4],
                channel=["web", "pwa", "open311"][n % 3],
                media_urls=[f"https://media.example.org/{n}.jpg"] if n % 6 == 5 else [],
                requested_at=requested,
                due_at=requested + dt.timedelta(hours=72) if n % 8 != 7 else None,
                closed_at=requested + dt.timedelta(days=2)
                if status == "closed" and n % 8 != 3
                else None,
            )
        )
    Report.objects.bulk_create(reports)
    Report.objects.filter(pk=reports[4].pk).update(merged_into=reports[2])
    for n, report in enumerate(reports):
        Report.objects.filter(pk=report.pk).update(
            updated_at=report.requested_at + dt.timedelta(hours=5 + n)
        )
    photo_number = 0
    for n in (0, 3, 5, 9, 12):
        for position in range(1 + n % 3):
            Photo.objects.create(
                id=_uuid(1000 + photo_number),
                report=reports[n],
                file=f"reports/photos/{reports[n].pk}/{photo_number}.jpg",
                width=800,
                height=600,
                size=12345,
                position=position,
            )
            photo_number += 1
    kinds = ["created", "comment", "status", "assignment"]
    for n in range(0, REPORTS, 2):
        for step in range(1 + n % 3):
            update = ReportUpdate.objects.create(
                id=_uuid(2000 + 10 * n + step),
                report=reports[n],
                kind=kinds[step % 4],
                is_public=step != 2,
                text="" if step == 0 else f"Catatan {step} <b>&</b>",
            )
            ReportUpdate.objects.filter(pk=update.pk).update(
                created_at=reports[n].requested_at + dt.timedelta(hours=step)
            )
    Category.objects.filter(pk=pothole.pk).update(is_active=True)
    return reports


def queries() -> list[tuple[str, str, dict[str, str]]]:
    """(label, path with query string, extra request headers)."""
    lists = "/open311/v2/requests"
    ids = ",".join(f"LPR-G{n:07d}" for n in (3, 0, 17, 99))
    found: list[tuple[str, str, dict[str, str]]] = []
    for fmt in ("json", "xml"):
        path = f"{lists}.{fmt}"
        found += [
            (f"{fmt} window", f"{path}?{WINDOW}", {}),
            (f"{fmt} extensions", f"{path}?{WINDOW}&extensions=true", {}),
            (f"{fmt} open", f"{path}?{WINDOW}&status=open", {}),
            (f"{fmt} closed", f"{path}?{WINDOW}&status=closed", {}),
            (f"{fmt} both", f"{path}?{WINDOW}&status=open,closed", {}),
            (f"{fmt} code", f"{path}?{WINDOW}&service_code=pju-mati", {}),
            (
                f"{fmt} codes+open",
                f"{path}?{WINDOW}&service_code=sampah,jalan-berlubang&status=open",
                {},
            ),
            (f"{fmt} ids", f"{path}?service_request_id={ids}", {}),
            (f"{fmt} ids ext", f"{path}?service_request_id={ids}&extensions=true", {}),
            (
                f"{fmt} english",
                f"{path}?{WINDOW}",
                {"HTTP_COOKIE": "balai_language=en"},
            ),
            (f"{fmt} default window", path, {}),
        ]
        for page in (1, 2, 3, 5, 6, 7):
            found.append(
                (
                    f"{fmt} page {page} of 4",
                    f"{path}?{WINDOW}&page_size=4&page={page}",
                    {},
                )
            )
        found += [
            (
                f"{fmt} page 2 ext",
                f"{path}?{WINDOW}&page_size=5&page=2&extensions=true",
                {},
            ),
            (
                f"{fmt} open page 2",
                f"{path}?{WINDOW}&status=open&page_size=3&page=2",
                {},
            ),
            (
                f"{fmt} updated_after",
                f"{path}?updated_after=2026-02-15T00:00:00Z",
                {},
            ),
            (
                f"{fmt} updated window",
                f"{path}?updated_after=2026-01-20T00:00:00Z"
                "&updated_before=2026-02-20T00:00:00%2B07:00",
                {},
            ),
            (f"{fmt} start only", f"{path}?start_date=2026-02-20T00:00:00Z", {}),
            (f"{fmt} end only", f"{path}?end_date=2026-02-01T00:00:00Z", {}),
            (
                f"{fmt} jurisdiction",
                f"{path}?{WINDOW}&jurisdiction_id=bandung.go.id&page_size=2",
                {},
            ),
            (f"{fmt} empty", f"{path}?{WINDOW}&service_code=tidak-ada", {}),
            (f"{fmt} bad", f"{path}?{WINDOW}&page_size=0&status=x", {}),
        ]
        for n in (0, 4, 5, 6, 12):
            detail = f"/open311/v2/requests/LPR-G{n:07d}.{fmt}"
            found.append((f"{fmt} detail {n}", detail, {}))
            found.append((f"{fmt} detail {n} ext", detail + "?extensions=true", {}))
    return found


def _answer(response: Any) -> dict[str, Any]:
    return {
        "status": response.status_code,
        "headers": {name: response.get(name) for name in HEADERS},
        "body": response.content.decode("utf-8"),
    }


def test_answers_are_byte_for_byte_the_recorded_ones(client):
    build_reports()
    answers = {
        label: _answer(client.get(path, **headers))
        for label, path, headers in queries()
    }
    if RECORD:
        GOLDEN.write_text(
            json.dumps(answers, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert set(answers) == set(recorded)
    for label, answer in answers.items():
        assert answer == recorded[label], label


def test_cached_answers_are_the_same_bytes(client):
    """A second round (served from the anonymous response cache where it applies)
    gives the same bytes as the first."""
    build_reports()
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for _round in range(2):
        for label, path, headers in queries():
            assert _answer(client.get(path, **headers)) == recorded[label], label


def test_pages_converted_to_a_seek_are_the_same_bytes(client, monkeypatch):
    """With every page past the first read by seeking from its first row's cursor
    (as deep pages are), the answers stay the recorded bytes."""
    from balai.reports.api.open311 import lists

    monkeypatch.setattr(lists, "SEEK_FROM_OFFSET", 0)
    build_reports()
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for label, path, headers in queries():
        assert _answer(client.get(path, **headers)) == recorded[label], label
