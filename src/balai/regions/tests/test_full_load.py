# SPDX-License-Identifier: EUPL-1.2
"""The whole shipped table, loaded once (about 8 s on SQLite): counts, idempotency."""

from collections import Counter

import pytest

from balai.regions.models import Region, RetiredRegionCode
from balai.regions.services import regions_load


@pytest.mark.django_db
def test_full_table_loads_with_the_documented_counts_and_reloads_unchanged():
    first = regions_load()
    assert (first.created, first.updated, first.unchanged) == (91_599, 0, 0)
    assert first.retired == 620

    levels = Counter(Region.objects.values_list("level", flat=True))
    assert levels == {1: 38, 2: 514, 3: 7_285, 4: 83_762}
    kinds = Counter(Region.objects.values_list("kind", flat=True))
    assert kinds["kabupaten"] == 416
    assert kinds["kota"] == 98
    assert kinds["kecamatan"] == 6_492
    assert kinds["distrik"] == 793
    assert kinds["desa"] == 75_252
    assert kinds["kelurahan"] == 8_496
    assert kinds["desa_adat"] == 14
    assert RetiredRegionCode.objects.count() == 620
    assert not Region.objects.filter(level=4, postal_code="").exists()
    assert not Region.objects.filter(search_name="").exists()

    second = regions_load()
    assert (second.created, second.updated, second.retired) == (0, 0, 0)
    assert second.unchanged == 91_599
    assert second.retired_unchanged == 620
