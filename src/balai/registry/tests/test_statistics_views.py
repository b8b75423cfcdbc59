# SPDX-License-Identifier: EUPL-1.2
"""The public population statistics page: Indonesian, SVG pyramid, drill-down."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

import pytest

from balai.regions.testing import SAMPLE_VILLAGE
from balai.registry.constants import ResidentStatus, Sex
from balai.registry.services import death_register
from balai.registry.statistics.models import PopulationCell
from balai.registry.statistics.selectors import event_monthly_counts
from balai.registry.statistics.services import population_stats_rebuild
from balai.registry.tests.factories import OTHER_VILLAGE, VILLAGE, registered

URL = "registry-statistics:population-detail"


def put(village: str, sex: str, band: int, count: int, day: dt.date | None = None):
    return PopulationCell.objects.create(
        snapshot=day or timezone.localdate(),
        province_code=village[:2],
        regency_code=village[:5],
        district_code=village[:8],
        village_code=village,
        sex=sex,
        age_band=band,
        status=ResidentStatus.ALIVE,
        count=count,
    )


@pytest.fixture
def population(sample_regions) -> None:
    put(VILLAGE, Sex.MALE, 30, 40)
    put(VILLAGE, Sex.FEMALE, 30, 35)
    put(VILLAGE, Sex.MALE, 0, 3)  # small: hidden
    put(VILLAGE, Sex.FEMALE, 0, 12)
    put(OTHER_VILLAGE, Sex.MALE, 30, 25)
    put(OTHER_VILLAGE, Sex.FEMALE, 30, 20)
    put(SAMPLE_VILLAGE, Sex.MALE, 30, 50)
    put(SAMPLE_VILLAGE, Sex.FEMALE, 30, 50)
    # an older snapshot is ignored
    put(VILLAGE, Sex.MALE, 30, 999, day=dt.date(2020, 1, 1))


def _page(client, region: str = "", **headers) -> str:
    url = reverse(URL) + (f"?region={region}" if region else "")
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_page_is_indonesian_with_an_svg_pyramid_and_a_table(client, population):
    html = _page(client)
    assert '<html lang="id">' in html
    assert "<h1>Statistik penduduk</h1>" in html
    assert "Kelahiran" in html
    assert 'role="img"' in html
    assert '<title id="pyramid-title">Piramida penduduk: Semua wilayah</title>' in html
    assert '<desc id="pyramid-desc">' in html
    assert "<caption" in html
    assert "Laki-laki" in html
    assert "Perempuan" in html
    # the whole register: 40+35+3+12+25+20+50+50 residents, 999 is an old snapshot
    assert ">235<" in html
    assert "999" not in html


def test_page_keeps_to_the_content_security_policy(client, population):
    html = _page(client, "32.73")
    assert 'style="' not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_a_small_count_shows_as_below_k_and_is_not_drawn(client, population):
    html = _page(client, VILLAGE)
    rows = re.findall(r'<th scope="row">0-4</th>\s*<td class="num">(.*?)</td>', html)
    assert rows
    assert "&lt;10" in rows[0]
    assert ">3<" not in html


def test_k_comes_from_the_settings(client, population, settings):
    settings.STATS_MIN_CELL = 3
    html = _page(client, VILLAGE)
    rows = re.findall(r'<th scope="row">0-4</th>\s*<td class="num">(.*?)</td>', html)
    assert rows[0] == "3"


def test_drill_down_links_are_real_and_the_partial_answers_htmx(client, population):
    html = _page(client, "32")
    href = reverse(URL) + "?region=32.73"
    assert f'href="{href}" hx-get="{href}"' in html
    assert "Kota Bandung" in html
    assert "Kabupaten Bandung" in html
    partial = _page(client, "32.73", HTTP_HX_REQUEST="true")
    assert partial.lstrip().startswith('<div id="region-stats"')
    assert "<html" not in partial
    assert "Sukasari" in partial  # the district below Kota Bandung
    assert "<svg" in partial


def test_breadcrumbs_lead_back_up(client, population):
    html = _page(client, VILLAGE)
    for code in ("32", "32.73", "32.73.01"):
        assert f'href="{reverse(URL)}?region={code}"' in html
    assert 'aria-current="page">Sukarasa<' in html


def test_unknown_region_is_not_found(client, sample_regions):
    assert client.get(reverse(URL) + "?region=99.99").status_code == 404
    assert client.get(reverse(URL) + "?region=abc").status_code == 404


def test_page_without_a_snapshot_says_so(client, sample_regions):
    html = _page(client)
    assert "belum dihitung" in html


@pytest.mark.parametrize("region", ["", "32", "32.73", "32.73.01", VILLAGE])
def test_query_count_is_bounded_by_the_depth(
    client, population, region, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        _page(client, region)


def test_query_count_does_not_grow_with_regions(
    client, population, django_assert_num_queries
):
    with django_assert_num_queries(8) as first:
        _page(client, "32.73")
    for code in ("32.73.02.1001", "32.73.02.1002", "32.73.03.1001"):
        put(code, Sex.MALE, 40, 30)
    with django_assert_num_queries(len(first.captured_queries)):
        _page(client, "32.73")


def test_births_deaths_and_moves_are_counted_per_month(officer, settings):
    settings.STATS_MIN_CELL = 1
    today = timezone.localdate()
    resident = registered(officer, full_name="Joko", birth_date=dt.date(1940, 1, 1))
    death_register(actor=officer, resident=resident, death_date=today)
    counts = {
        (c.kind, c.month): c.count for c in event_monthly_counts(region_code="32.73")
    }
    assert counts[("death", today.replace(day=1))] == 1
    assert counts[("birth", today.replace(day=1))] == 0
    elsewhere = event_monthly_counts(region_code="32.04")
    assert all(c.count == 0 for c in elsewhere)
    settings.STATS_MIN_CELL = 10
    hidden = event_monthly_counts(region_code="32.73")
    assert {c.count for c in hidden if c.kind == "death"} == {0, None}


def test_no_personal_data_reaches_any_output(client, officer):
    names = ["Sri Wahyuningsih", "Bambang Sutrisno"]
    people = [
        registered(officer, full_name=name, birth_date=dt.date(1970 + i, 4, 9))
        for i, name in enumerate(names)
    ]
    population_stats_rebuild()
    outputs = [
        _page(client),
        _page(client, VILLAGE),
        client.get(reverse("registry-statistics:population-csv")).content.decode(),
        client.get(reverse("registry-statistics:population-json")).content.decode(),
    ]
    secrets = [*names, *(p.nik for p in people), "1970-04-09", "1971-04-09"]
    for output in outputs:
        for secret in secrets:
            assert secret not in output
