# SPDX-License-Identifier: EUPL-1.2
import pytest

from balai.regions.models import Region
from balai.regions.normalise import region_kind_hint
from balai.regions.selectors import (
    district_for_nik_prefix,
    region_children,
    region_descendants,
    region_get,
    region_list,
    region_path,
    region_search,
)

pytestmark = pytest.mark.usefixtures("sample_regions")


@pytest.mark.parametrize("code", ["32.04.05", "320405", " 320405 ", "32-04-05"])
def test_region_get_accepts_dotted_and_undotted_codes(code):
    region = region_get(code)
    assert region is not None
    assert region.code == "32.04.05"
    assert region.name == "Cileunyi"
    assert region.parent.name == "Kabupaten Bandung"


@pytest.mark.parametrize("code", ["33", "99.99", "3204O5", "", "320"])
def test_region_get_unknown_or_malformed_gives_none(code):
    assert region_get(code) is None


def test_region_get_village_by_undotted_code(django_assert_num_queries):
    with django_assert_num_queries(1):
        village = region_get("3204052001")
        assert village.parent.code == "32.04.05"
    assert village.compact_code == "3204052001"


@pytest.mark.parametrize("query", ["kab bandung", "Kabupaten Bandung", "Kab. Bandung"])
def test_search_by_regency_name(query):
    results = region_search(query, level=Region.Level.REGENCY)
    assert [region.code for region in results[:2]] == ["32.04", "32.73"]


def test_search_kind_in_query_ranks_that_kind_first():
    assert [r.code for r in region_search("Kota Bandung", level=2)[:2]] == [
        "32.73",
        "32.04",
    ]
    assert region_search("Kota Bandung")[0].code == "32.73"
    assert region_search("kab. bandung")[0].code == "32.04"


def test_search_ranks_exact_then_prefix_then_contains():
    results = region_search("bandung", limit=50)
    codes = [region.code for region in results]
    assert codes[:2] == ["32.04", "32.73"]
    names = [region.search_name for region in results]
    first_contains = next(
        i for i, name in enumerate(names) if not name.startswith("bandung")
    )
    assert all(not name.startswith("bandung") for name in names[first_contains:])
    assert any(name != "bandung" and name.startswith("bandung") for name in names)


def test_search_filters_by_level_and_parent_subtree():
    districts = region_search("ci", level=Region.Level.DISTRICT, parent_code="3204")
    assert districts
    assert all(r.level == 3 and r.code.startswith("32.04.") for r in districts)
    villages = region_search("cileunyi", parent_code="32.04.05")
    assert {r.code for r in villages} >= {"32.04.05.2001", "32.04.05.2002"}
    assert "32.04.05" not in {r.code for r in villages}


def test_search_limit_blank_and_malformed_parent():
    assert len(region_search("a", limit=5)) == 5
    assert region_search("   ") == []
    assert region_search("kota") != []  # a bare prefix word still searches
    assert region_search("bandung", parent_code="not-a-code") == []
    assert region_search("zzzzqqq") == []


def test_search_by_code_digits():
    assert [r.code for r in region_search("320405", limit=3)] == [
        "32.04.05",
        "32.04.05.2001",
        "32.04.05.2002",
    ]


def test_search_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        results = region_search("bandung")
        assert [r.parent_id for r in results]
        assert results[0].parent.name == "Jawa Barat"


def test_region_list_filters():
    assert list(region_list(level=1).values_list("code", flat=True)) == [
        "31",
        "32",
        "35",
        "51",
        "91",
        "93",
        "95",
    ]
    children = list(region_list(parent_code="3273"))
    assert children
    assert all(region.parent_id == "32.73" for region in children)
    assert list(region_list(parent_code="xx")) == []
    assert region_list(query="kota bandung").first().code == "32.73"


def test_region_children_and_path(django_assert_num_queries):
    children = list(region_children("32.04.05"))
    assert children[0].code == "32.04.05.2001"
    assert all(child.level == 4 for child in children)
    assert list(region_children("32.04.05.2001")) == []
    assert list(region_children("bad")) == []

    with django_assert_num_queries(1):
        path = region_path("3204052001")
    assert [r.code for r in path] == ["32", "32.04", "32.04.05", "32.04.05.2001"]
    assert region_path("33.01") == []
    assert region_path("junk") == []


def test_district_for_nik_prefix_current_retired_and_unknown(django_assert_num_queries):
    with django_assert_num_queries(1):
        district, retired = district_for_nik_prefix("317407")
    assert district.name == "Kebayoran Baru"
    assert retired is None

    with django_assert_num_queries(2):
        district, retired = district_for_nik_prefix("910101")
    assert district.code == "93.01.01"
    assert retired.old_code == "91.01.01"

    assert district_for_nik_prefix("339999") == (None, None)
    assert district_for_nik_prefix("3174") == (None, None)
    assert district_for_nik_prefix("31.74.07") == (
        district_for_nik_prefix("317407")[0],
        None,
    )


def test_region_kind_hint():
    assert region_kind_hint("Kota Bandung") == "kota"
    assert region_kind_hint("kab. bandung") == "kabupaten"
    assert region_kind_hint("Desa Adat Yoboi") == "desa_adat"
    assert region_kind_hint("Bandung") is None
    assert region_kind_hint("kota") is None


def test_region_descendants_are_of_the_level_and_inside_the_region():
    villages = region_descendants("32.73", level=Region.Level.VILLAGE)
    assert villages and all(r.code.startswith("32.73.") for r in villages)
    assert all(r.level == Region.Level.VILLAGE for r in villages)
    assert [r.code for r in villages] == sorted(r.code for r in villages)
    # the same as the children of its districts, nothing of a sibling (32.04)
    districts = region_descendants("3273", level=Region.Level.DISTRICT)
    expected = sorted(
        child.code for d in districts for child in region_children(d.code)
    )
    assert [r.code for r in villages] == expected
    assert region_descendants("32", level=Region.Level.REGENCY)[0].code == "32.04"
    whole = region_descendants(None, level=Region.Level.DISTRICT)
    assert {r.code[:5] for r in whole} >= {"31.74", "32.04", "32.73", "35.78"}
    postal = villages[0].postal_code
    if postal:
        found = region_descendants("32.73", level=4, postal_code=postal)
        assert found and all(r.postal_code == postal for r in found)
    assert region_descendants("99.99", level=4) == []
    assert region_descendants("not a code", level=4) == []
