# SPDX-License-Identifier: EUPL-1.2
"""Mappings that express real agency files, and villages resolved by name.

Agencies write the place of residence as names (province, regency, district,
village, postal code) in their own spelling; some files mix several source systems.
A village is resolved inside the narrowest region the row makes known, with old
spellings and small typos forgiven; one that cannot be resolved is left *missing*
(a warning), and the batch reports its resolution rate and the unresolved names.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

from django.core.management import call_command

import pytest

from balai.registry.integration.importing.mapping import MappingError, mapping_parse
from balai.registry.integration.importing.regions import (
    Place,
    RegionLookup,
    place_key,
)
from balai.registry.integration.importing.services import import_file
from balai.registry.integration.models import StagedRecord
from balai.registry.integration.services.frames import staged_frame

TODAY = dt.date(2026, 6, 1)


def test_place_keys_forgive_old_spelling_spaces_and_prefixes():
    assert place_key("Dungus Tjariang") == place_key("DUNGUS CARIANG")
    assert place_key("Kel. Kebon Djeruk") == place_key("kebonjeruk")
    assert place_key("Desa Soekamadjoe") == place_key("Sukamaju")
    assert place_key("Sukamaju II") == place_key("sukamaju 2")
    assert place_key("Ds. Cileunyi Kulon") == place_key("Cileunyi Kulon")


@pytest.mark.parametrize(
    ("place", "code"),
    [
        (Place(village_name="Dungus Tjariang", district_name="Andir"), "32.73.05.1002"),
        (
            Place(
                village_name="KEBONDJERUK",
                regency_name="Kota Bandung",
                province_name="Jawa Barat",
            ),
            "32.73.05.1004",
        ),
        # a typo in the village and in the district
        (
            Place(village_name="Gegerkalog", district_name="Sukasarii"),
            "32.73.01.1002",
        ),
        (Place(village_name="Isola", regency_code="3273"), "32.73.01.1003"),
        (Place(village_name="Garuda", postal_code="40184"), "32.73.05.1005"),
        (Place(village_code="3273051003"), "32.73.05.1003"),
        # a wrong code with a name: the name decides
        (Place(village_code="32.73.05.9999", village_name="Ciroyom"), "32.73.05.1003"),
    ],
)
def test_villages_are_resolved_inside_the_narrowest_known_region(
    sample_regions, place, code
):
    found, problem = RegionLookup().village(place)
    assert (found, problem) == (code, None)


def test_unknown_and_ambiguous_villages_are_missing_not_guessed(sample_regions):
    lookup = RegionLookup()
    unknown = ("", "unknown_village")
    assert lookup.village(Place(village_name="Antah Berantah")) == unknown
    assert (
        lookup.village(Place(village_name="Antah Berantah", district_name="Andir"))[0]
        == ""
    )
    # a short key never matches fuzzily ("Isol" is not "Isola")
    assert lookup.village(Place(village_name="Isol", district_name="Sukasari")) == (
        unknown
    )


HEADER = "ID|SUMBER|NAMA|TTL|JK|ALAMAT|DESA|KECAMATAN|KAB_KOTA|KODEPOS|NIK"
ROWS = [
    "1|dtks|SITI AMINAH|Bandung, 12-08-1990|P|Jl. Dago 5|Dungus Tjariang|Andir|"
    "Kota Bandung|40183|3273015208900001",
    "2|pbi|BUDI SANTOSO|Cimahi, 05-03-1985|L|Jl. Sukajadi 10|Kebon Djeruk|Andir|"
    "Kab. Bandung||",
    "3|PBI|AGUS SALIM|Garut, 01-01-1970|L|Jl. Asia Afrika 1|Antah Berantah|Andir|"
    "Kota Bandung||",
    "4|dtks|RINA WATI|Bogor, 02-02-1992|P||Antah Berantah|Andir|Kota Bandung||",
    "5|lain|DEWI LESTARI|Bandung, 03-03-1993|P|||||",
]
MAPPING = {
    "source": {"code": "gabungan", "name": "Gabungan DTKS dan PBI"},
    "format": {"type": "csv", "delimiter": "|"},
    "columns": {
        "source_record_id": "ID",
        "source": {"column": "SUMBER", "values": {"dtks": "dtks", "pbi": "bpjs-pbi"}},
        "full_name": "NAMA",
        "birth_place": {"column": "TTL", "split": ",", "part": 0},
        "birth_date": {"column": "TTL", "split": ",", "part": -1},
        "sex": {"column": "JK", "values": {"L": "M", "P": "F"}},
        "address": "ALAMAT",
        "village_name": "DESA",
        "district_name": "KECAMATAN",
        "regency_name": "KAB_KOTA",
        "province_name": {"constant": "Jawa Barat"},
        "postal_code": "KODEPOS",
        "nik": "NIK",
    },
    "dates": {"formats": ["%d-%m-%Y"]},
}


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "gabungan.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_a_file_of_several_sources_with_place_names(sample_regions, tmp_path):
    batch = import_file(
        source_code="gabungan",
        path=_file(tmp_path),
        mapping=mapping_parse(MAPPING),
        progress=False,
        today=TODAY,
    )

    rows = {r.row_number: r for r in StagedRecord.objects.filter(batch=batch)}
    assert batch.rows_staged == 5
    assert [rows[n].source_system for n in range(1, 6)] == [
        "dtks",
        "bpjs-pbi",
        "bpjs-pbi",  # "PBI": value maps ignore case
        "dtks",
        "lain",  # not in the map: kept as it is
    ]
    assert (rows[1].birth_place, rows[1].birth_date) == (
        "Bandung",
        dt.date(1990, 8, 12),
    )
    assert rows[1].village_code == "32.73.05.1002"
    # Kab. Bandung has no Andir: the search stays in the province and still finds it
    assert rows[2].village_code == "32.73.05.1004"
    assert rows[3].village_code == "" and rows[4].village_code == ""
    assert {(w["field"], w["code"]) for w in rows[3].warnings} == {
        ("village_code", "unknown_village")
    }
    assert batch.villages == {
        "asked": 4,
        "resolved": 2,
        "unresolved": {"Antah Berantah (Andir)": 2},
    }
    # an unresolved village is missing for linkage, not a different village
    frame = staged_frame(batch)
    assert frame["village_code"].isna().sum() == 3
    assert set(frame["source"]) == {"dtks", "bpjs-pbi", "lain"}


def test_the_command_prints_the_resolution_rate(sample_regions, tmp_path):
    import yaml

    mapping = tmp_path / "gabungan.yaml"
    mapping.write_text(yaml.safe_dump(MAPPING), encoding="utf-8")
    out = StringIO()
    call_command(
        "registry",
        "import",
        "gabungan",
        str(_file(tmp_path)),
        "--mapping",
        str(mapping),
        "--no-progress",
        stdout=out,
        stderr=StringIO(),
    )
    text = out.getvalue()
    assert "villages:      2 of 4 rows resolved (50.0%)" in text
    assert "unresolved:  Antah Berantah (Andir) (2 rows)" in text


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ({"constant": "x", "column": "A"}, "columns.address.constant"),
        ({"column": "A", "split": ""}, "columns.address.split"),
        ({"column": "A", "part": 1}, "columns.address.part"),
        ({"column": "A", "split": "/", "part": "x"}, "columns.address.part"),
    ],
)
def test_bad_column_specs_are_reported_by_key(spec, problem):
    with pytest.raises(MappingError) as caught:
        mapping_parse(
            {
                "source": {"code": "x"},
                "columns": {"full_name": "N", "address": spec},
            }
        )
    assert any(item.startswith(problem) for item in caught.value.problems)


def test_the_batch_page_shows_the_resolution(sample_regions, tmp_path, officer_client):
    from django.urls import reverse

    batch = import_file(
        source_code="gabungan",
        path=_file(tmp_path),
        mapping=mapping_parse(MAPPING),
        progress=False,
        today=TODAY,
    )
    url = reverse("registry-integration:batch-detail", args=[batch.pk])

    body = officer_client.get(url).content.decode()

    assert "Antah Berantah (Andir) (2)" in body
