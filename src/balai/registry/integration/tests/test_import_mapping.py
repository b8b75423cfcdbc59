# SPDX-License-Identifier: EUPL-1.2
"""Mapping files: the shipped examples load; mistakes are named by their key."""

from __future__ import annotations

from pathlib import Path

from django.utils import translation

import pytest
import yaml

from balai.registry.integration.importing.mapping import (
    MappingError,
    mapping_load,
    mapping_parse,
)

MAPPINGS = Path(__file__).parents[1] / "mappings"


@pytest.fixture(autouse=True)
def _english():
    """Assertions below read the English messages (pages default to Indonesian)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize("path", sorted(MAPPINGS.glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_mappings_are_valid(path):
    mapping = mapping_load(path)
    assert mapping.source_code == path.stem
    assert "full_name" in mapping.required


def test_mapping_details_are_read():
    mapping = mapping_load(MAPPINGS / "desa.yaml")
    assert mapping.file_format == "jsonl"
    assert mapping.columns["address"].columns == ("alamat.jalan", "alamat.dusun")
    assert mapping.columns["address"].join == ", "
    assert mapping.columns["sex"].values == {"laki-laki": "M", "perempuan": "F"}
    assert mapping.day_first is True


BAD = """
source: {code: "Not A Slug", agency: x}
format: {type: xls, delimiter: ";;", encoding: utf-16, header_row: 0, colour: red}
columns:
  nama_lengkap: NAMA
  sex: {column: JK, values: {L: laki}}
  birth_date: {column: TGL, formats: 12}
  address: {join: ", "}
  phone: {colum: HP}
dates: {day_first: maybe}
required: [birth_place, shoe_size]
extra: 1
"""


def test_every_problem_is_reported_with_its_key():
    with pytest.raises(MappingError) as error:
        mapping_parse(yaml.safe_load(BAD))
    keys = {problem.split(":", 1)[0] for problem in error.value.problems}
    assert keys >= {
        "source.code",
        "format.type",
        "format.delimiter",
        "format.encoding",
        "format.header_row",
        "format.colour",
        "columns.nama_lengkap",
        "columns.sex.values.L",
        "columns.address.column",
        "columns.birth_date.formats",
        "columns.phone.colum",
        "columns.full_name",
        "dates.day_first",
        "required.birth_place",
        "required.shoe_size",
        "extra",
    }
    assert "columns.sex.values.L" in error.value.message


def test_missing_source_and_columns_are_required():
    with pytest.raises(MappingError) as error:
        mapping_parse({"format": {"type": "csv"}})
    assert "source.code: is required" in error.value.problems
    assert "columns: is required" in error.value.problems


def test_not_yaml_and_not_a_mapping(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("source: [unclosed\n")
    with pytest.raises(MappingError) as error:
        mapping_load(broken)
    assert error.value.problems[0].startswith("line ")
    with pytest.raises(MappingError):
        mapping_parse(["a", "list"])
    with pytest.raises(MappingError) as missing:
        mapping_load(tmp_path / "nope.yaml")
    assert "cannot read" in missing.value.message


def test_given_and_family_names_instead_of_full_name():
    mapping = mapping_parse(
        {"source": {"code": "x"}, "columns": {"given_name": "A", "family_name": "B"}}
    )
    assert set(mapping.columns) == {"given_name", "family_name"}
    with pytest.raises(MappingError) as error:
        mapping_parse(
            {"source": {"code": "x"}, "columns": {"full_name": "N", "given_name": "A"}}
        )
    assert error.value.problems == [
        "columns.given_name: map either full_name or given/family name"
    ]
