# SPDX-License-Identifier: EUPL-1.2
"""Open data: the population CSV and JSON, their shape and their suppression."""

from __future__ import annotations

import csv
import io
import json

from django.urls import reverse

import pytest

from balai.regions.models import Region
from balai.registry.constants import Sex
from balai.registry.tests.factories import OTHER_VILLAGE, VILLAGE
from balai.registry.tests.test_statistics_views import put

CSV_URL = reverse("registry-statistics:population-csv")
JSON_URL = reverse("registry-statistics:population-json")
HEADER = ["region_code", "region_name", "sex", "age_band", "count", "suppressed"]


@pytest.fixture
def population(sample_regions) -> None:
    put(VILLAGE, Sex.MALE, 30, 40)
    put(VILLAGE, Sex.FEMALE, 30, 35)
    put(VILLAGE, Sex.MALE, 0, 3)  # primary: hidden
    put(VILLAGE, Sex.MALE, 10, 12)
    put(OTHER_VILLAGE, Sex.MALE, 30, 25)
    put(OTHER_VILLAGE, Sex.FEMALE, 30, 20)
    put(OTHER_VILLAGE, Sex.MALE, 10, 11)


def _csv(client, **params) -> list[dict[str, str]]:
    response = client.get(CSV_URL, params)
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == HEADER
    return list(reader)


def test_csv_is_utf8_with_the_documented_columns(client, population):
    Region.objects.filter(code=VILLAGE).update(name="Sukarasa Ñusantara")
    response = client.get(CSV_URL, {"region": "32.73.01", "level": "village"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="penduduk-327301-village-'
    )
    assert "public" in response["Cache-Control"]
    text = response.content.decode("utf-8")
    assert text.splitlines()[0] == ",".join(HEADER)
    assert "Sukarasa Ñusantara" in text
    rows = _csv(client, region="32.73.01", level="village")
    assert {row["region_code"] for row in rows} == {VILLAGE, OTHER_VILLAGE}
    # 2 sexes × 16 bands, a total per sex and an overall total, per village
    assert len(rows) == 2 * 35


def test_a_cell_of_three_is_empty_and_flagged(client, population):
    rows = _csv(client, region="32.73.01", level="village")
    cell = next(
        r
        for r in rows
        if r["region_code"] == VILLAGE and r["sex"] == "M" and r["age_band"] == "0-4"
    )
    assert cell["count"] == ""
    assert cell["suppressed"] == "true"
    zero = next(
        r
        for r in rows
        if r["region_code"] == VILLAGE and r["sex"] == "F" and r["age_band"] == "0-4"
    )
    assert (zero["count"], zero["suppressed"]) == ("0", "false")


def _grid(rows: list[dict[str, str]]) -> dict[tuple[str, str, str], int | None]:
    return {
        (r["region_code"], r["sex"], r["age_band"]): (
            None if r["suppressed"] == "true" else int(r["count"])
        )
        for r in rows
    }


def test_a_hidden_cell_cannot_be_recovered_from_any_published_total(client, population):
    grid = _grid(_csv(client, region="32.73.01", level="village"))
    district = _grid(_csv(client, region="32.73", level="district"))
    bands = sorted({band for _r, _s, band in grid if band != "total"})
    for village in (VILLAGE, OTHER_VILLAGE):
        for sex in ("M", "F"):
            line = [grid[(village, sex, band)] for band in bands]
            line.append(grid[(village, sex, "total")])
            assert line.count(None) != 1, (village, sex)
        overall = [grid[(village, s, "total")] for s in ("M", "F", "total")]
        assert overall.count(None) != 1
    # columns: the two villages add up to the district, published one level up
    for sex in ("M", "F", "total"):
        for band in [*bands, "total"]:
            if (sex, band) == ("total", "total") or (sex == "total") != (
                band == "total"
            ):
                continue
            column = [grid[(v, sex, band)] for v in (VILLAGE, OTHER_VILLAGE)]
            column.append(district[("32.73.01", sex, band)])
            assert column.count(None) != 1, (sex, band)
    # the small cell's complement is the next smallest in its line (12, aged 10-14)
    assert grid[(VILLAGE, "M", "10-14")] is None
    assert grid[(VILLAGE, "M", "30-34")] == 40


def test_k_is_configurable(client, population, settings):
    settings.STATS_MIN_CELL = 3
    grid = _grid(_csv(client, region="32.73.01", level="village"))
    assert grid[(VILLAGE, "M", "0-4")] == 3
    settings.STATS_MIN_CELL = 50
    grid = _grid(_csv(client, region="32.73.01", level="village"))
    assert grid[(VILLAGE, "M", "30-34")] is None


def test_level_defaults_and_validation(client, population):
    assert {r["region_code"] for r in _csv(client, region="32.73")} == {"32.73.01"}
    assert {r["region_code"] for r in _csv(client)} == {"32.73.01"}
    villages = _csv(client, region="32", level="village")
    assert {r["region_code"] for r in villages} == {VILLAGE, OTHER_VILLAGE}
    assert client.get(CSV_URL, {"level": "province"}).status_code == 400
    bad = client.get(CSV_URL, {"region": "32.73.01", "level": "district"})
    assert bad.status_code == 400
    assert client.get(CSV_URL, {"region": VILLAGE}).status_code == 400
    assert client.get(CSV_URL, {"region": "99.99"}).status_code == 404


def test_json_carries_the_same_rows_and_the_threshold(client, population):
    response = client.get(JSON_URL, {"region": "32.73.01", "level": "village"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content.decode("utf-8"))
    assert body["min_cell"] == 10
    assert body["level"] == "village"
    assert body["region"] == {"code": "32.73.01", "name": "Sukasari"}
    csv_rows = _grid(_csv(client, region="32.73.01", level="village"))
    json_rows = {
        (r["region_code"], r["sex"], r["age_band"]): r["count"] for r in body["rows"]
    }
    assert json_rows == csv_rows
    hidden = [r for r in body["rows"] if r["suppressed"]]
    assert hidden
    assert all(r["count"] is None for r in hidden)


def test_json_errors_are_json(client, sample_regions):
    response = client.get(JSON_URL, {"level": "kabupaten"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_level"


def test_before_the_first_rebuild_the_files_are_empty(client, sample_regions):
    assert _csv(client) == []
    assert client.get(JSON_URL).json()["snapshot"] is None
