# SPDX-License-Identifier: EUPL-1.2
import dataclasses
import io

from django.core.management import call_command
from django.utils import translation

import pytest

from balai.regions.models import Region, RetiredRegionCode
from balai.regions.reference import (
    RegionDataError,
    RegionRow,
    RetiredRow,
    read_region_rows,
    read_retired_rows,
)
from balai.regions.services import regions_load, regions_load_rows
from balai.regions.testing import SAMPLE_PREFIXES, load_sample_regions

pytestmark = pytest.mark.django_db


def test_sample_load_is_idempotent():
    first = load_sample_regions()
    assert first.created == Region.objects.count() > 1000
    assert first.updated == 0
    assert first.unchanged == 0
    assert first.retired == RetiredRegionCode.objects.count() > 0

    second = load_sample_regions()
    assert (second.created, second.updated, second.retired) == (0, 0, 0)
    assert second.unchanged == first.created
    assert second.retired_unchanged == first.retired
    assert not second.changed


def test_sample_contains_the_promised_subtrees():
    load_sample_regions()
    codes = set(Region.objects.values_list("code", flat=True))
    assert {"31", "32", "35", "51", "91", "93", "95"} <= codes
    for prefix in SAMPLE_PREFIXES:
        assert prefix in codes
    assert not Region.objects.filter(code="33").exists()
    village = Region.objects.get(code="32.04.05.2001")
    assert (village.name, village.search_name) == ("Cileunyi Kulon", "cileunyi kulon")
    assert village.kind == Region.Kind.DESA
    assert village.postal_code == "40621"
    assert village.parent_id == "32.04.05"
    assert Region.objects.filter(kind=Region.Kind.DESA_ADAT).exists()
    # only retired codes whose target is loaded
    targets = RetiredRegionCode.objects.values_list("new_region__code", flat=True)
    assert all(code.startswith(("93.01", "95.01")) for code in targets)
    assert (
        RetiredRegionCode.objects.get(old_code="91.01.01").new_region_id == "93.01.01"
    )


def test_changed_name_is_updated_and_others_untouched():
    load_sample_regions()
    rows = read_region_rows(["32.73"])
    renamed = [
        dataclasses.replace(row, name="Kota Bandung Raya")
        if row.code == "32.73"
        else row
        for row in rows
    ]
    result = regions_load_rows(renamed)
    assert (result.created, result.updated) == (0, 1)
    assert result.unchanged == len(rows) - 1
    region = Region.objects.get(code="32.73")
    assert region.name == "Kota Bandung Raya"
    assert region.search_name == "bandung raya"

    # The shipped data puts it back.
    assert regions_load(prefixes=["32.73"]).updated == 1
    assert Region.objects.get(code="32.73").name == "Kota Bandung"


def test_changed_postal_code_and_retired_target_are_updated():
    load_sample_regions()
    row = next(row for row in read_region_rows(["32.04.05"]) if row.level == 4)
    result = regions_load_rows([dataclasses.replace(row, postal_code="40999")])
    assert result.updated == 1
    assert Region.objects.get(code=row.code).postal_code == "40999"

    moved = RetiredRow("91.01.01", "Merauke", "93.01.02", "Permendagri 58/2021")
    result = regions_load_rows([], retired=[moved])
    assert result.retired == 1
    assert (
        RetiredRegionCode.objects.get(old_code="91.01.01").new_region_id == "93.01.02"
    )


def test_parents_are_inserted_before_children_in_any_input_order():
    rows = list(reversed(read_region_rows(["51.71"])))
    result = regions_load_rows(rows)
    assert result.created == len(rows)
    assert Region.objects.get(code="51.71.01").parent.parent_id == "51"


def test_missing_parent_rejects_the_whole_load():
    rows = [row for row in read_region_rows(["51.71"]) if row.level >= 3]
    with pytest.raises(RegionDataError) as excinfo:
        regions_load_rows(rows)
    assert excinfo.value.code == "invalid_region_data"
    assert "51.71" in excinfo.value.message
    assert not Region.objects.exists()


@pytest.mark.parametrize(
    "row",
    [
        RegionRow("32.04", "Kabupaten Bandung", 3, "kecamatan", "32"),
        RegionRow("32.04", "Kabupaten Bandung", 2, "kecamatan", "32"),
        RegionRow("32.04", "Kabupaten Bandung", 2, "kabupaten", "33"),
        RegionRow("32.04", "", 2, "kabupaten", "32"),
        RegionRow("32.04.05.2001", "Cileunyi Kulon", 4, "desa", "32.04.05", "4062"),
    ],
)
def test_malformed_rows_are_rejected(row):
    with pytest.raises(RegionDataError):
        regions_load_rows([RegionRow("32", "Jawa Barat", 1, "provinsi", None), row])
    assert not Region.objects.exists()


def test_retired_code_pointing_at_unknown_region_is_rejected():
    with pytest.raises(RegionDataError):
        regions_load_rows(
            [], retired=[RetiredRow("91.01", "KAB. MERAUKE", "93.01", "Permendagri")]
        )


def test_duplicate_codes_are_rejected():
    row = RegionRow("32", "Jawa Barat", 1, "provinsi", None)
    with pytest.raises(RegionDataError):
        regions_load_rows([row, row])


def test_read_retired_rows_filters_by_target():
    rows = read_retired_rows({"93.01"})
    assert [(row.old_code, row.new_code) for row in rows] == [("91.01", "93.01")]
    assert len(read_retired_rows()) == 620


def test_progress_bar_writes_to_the_given_stream():
    stream = io.StringIO()
    regions_load(prefixes=["51.71"], progress=True, stdout=stream)
    assert "100%" in stream.getvalue()


def test_load_regions_command_reports_counts(monkeypatch):
    calls = {}

    def fake_load(**kwargs):
        calls.update(kwargs)
        return regions_load(prefixes=["51.71"])

    monkeypatch.setattr(
        "balai.regions.management.commands.load_regions.regions_load", fake_load
    )
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("load_regions", stdout=out, stderr=err)
    assert calls["progress"] is True
    assert "Regions:" in out.getvalue()
    assert str(Region.objects.count()) in out.getvalue()

    with translation.override("en"):
        call_command("load_regions", "--no-progress", stdout=out, stderr=err)
    assert calls["progress"] is False
    assert "0 created, 0 updated" in out.getvalue()


def test_load_regions_command_turns_data_errors_into_command_errors(monkeypatch):
    from django.core.management import CommandError

    def broken(**kwargs):
        raise RegionDataError("wilayah.csv.gz line 3: broken")

    monkeypatch.setattr(
        "balai.regions.management.commands.load_regions.regions_load", broken
    )
    with pytest.raises(CommandError, match="line 3"):
        call_command("load_regions", stdout=io.StringIO(), stderr=io.StringIO())


def test_rows_changed_in_bulk_are_all_updated_in_one_pass():
    first = load_sample_regions()
    Region.objects.update(search_name="stale", postal_code="")
    result = load_sample_regions()
    assert (result.created, result.updated, result.unchanged) == (0, first.created, 0)
    assert not Region.objects.filter(search_name="stale").exists()
    assert Region.objects.get(code="32.04.05.2001").postal_code == "40621"
