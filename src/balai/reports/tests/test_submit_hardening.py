# SPDX-License-Identifier: EUPL-1.2
"""Offline replays, crashes mid-submission and non-ASCII coordinates (issue #10)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from balai.reports.geo import validate_point
from balai.reports.models import Category, Report, ReportUpdate
from balai.reports.tests.test_pwa_submit import JSON, jpeg, make_category, report_data


@pytest.fixture
def category(db) -> Category:
    return make_category()


def test_created_comes_from_who_inserted_the_row(client: Client, category: Category):
    """A replay that lost the race sees the winner's row, inserted after the replay
    started: it must still answer created=false."""
    data = report_data()
    first = client.post(reverse("reports:pwa-submit"), data, **JSON)
    assert first.status_code == 201 and first.json()["created"] is True
    # as if a concurrent request had inserted the row a moment after this one began
    Report.objects.update(created_at=timezone.now() + dt.timedelta(minutes=1))
    replay = client.post(reverse("reports:pwa-submit"), data, **JSON)
    assert replay.status_code == 200
    assert replay.json()["created"] is False
    assert Report.objects.count() == 1


def test_a_crash_mid_submission_leaves_no_photo_files(
    client: Client, category: Category, settings, monkeypatch
):
    def crash(*args, **kwargs):
        raise RuntimeError("the server died here")

    monkeypatch.setattr(ReportUpdate.objects, "create", crash)
    with pytest.raises(RuntimeError):
        client.post(
            reverse("reports:pwa-submit"),
            {**report_data(), "photos": [jpeg(), jpeg("dua.jpg")]},
            **JSON,
        )
    assert Report.objects.count() == 0
    private = Path(settings.MEDIA_ROOT) / "private"
    leftovers = (
        [p for p in private.rglob("*") if p.is_file()] if private.exists() else []
    )
    assert leftovers == []


@pytest.mark.parametrize("lat", ["-٦.٩١٤٧", "−6.9147", "-６.９１４７", "1e400", "nan"])
def test_coordinates_take_ascii_digits_only(client: Client, category: Category, lat):
    response = client.post(reverse("reports:pwa-submit"), report_data(lat=lat), **JSON)
    assert response.status_code == 400
    assert "lat" in response.json()["errors"]
    assert Report.objects.count() == 0


def test_the_service_refuses_non_ascii_digits_too():
    with pytest.raises(ValueError, match="number"):
        validate_point("-٦.٩١٤٧", "107.6")
    assert validate_point("-6.9147", " 107.6098 ") == (-6.9147, 107.6098)


def test_phone_numbers_and_codes_take_ascii_digits_only():
    from balai.accounts.identifiers import normalise_phone

    assert normalise_phone("0812 3456 7890") == "+6281234567890"
    assert normalise_phone("٠٨١٢٣٤٥٦٧٨٩٠") is None
