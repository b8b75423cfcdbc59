# SPDX-License-Identifier: EUPL-1.2
"""The source's own person identifier (``other_id``) and the row rule that can be off.

A source without NIKs that identifies people its own way (FEBRL's ``soc_sec_id``) maps
that identifier to ``other_id``: it is staged encrypted, read back by ``staged_frame``
and compared exactly by the free-address profile. Such a mapping may also switch off
the rule that rejects rows with neither a NIK nor a readable birth date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import connection
from django.utils import translation

import pandas as pd
import pytest

from balai.registry.integration.importing.mapping import MappingError, mapping_parse
from balai.registry.integration.importing.services import import_file
from balai.registry.integration.linkage import link, load_model
from balai.registry.integration.linkage.spec import (
    blocking_rules,
    comparisons,
    free_address_blocking_rules,
    free_address_comparisons,
)
from balai.registry.integration.models import RejectedRow, StagedRecord
from balai.registry.integration.services.frames import COLUMNS, staged_frame

TODAY = dt.date(2026, 6, 1)
HEADER = "rec_id,given,family,born,ssn,street\n"
ROWS = (
    "a1,Siti,Aminah,19900812,SSN-0042,1 Jalan Dago Bandung\n"
    "a2,Budi,Santoso,19901340,7 7 1 2,2 Jalan Riau Bandung\n"  # impossible date
    "a3,Rina,Wati,,,3 Jalan Braga Bandung\n"  # no date, no identifier
)


@pytest.fixture(autouse=True)
def _english():
    """Assertions below read the English messages (pages default to Indonesian)."""
    with translation.override("en"):
        yield


def _mapping(tmp_path: Path, *, require: bool | None) -> Path:
    flag = str(require).lower()
    rows = "" if require is None else f"rows: {{require_nik_or_birth_date: {flag}}}\n"
    path = tmp_path / "ssn.yaml"
    path.write_text(
        "source: {code: ssn-test}\n"
        "format: {type: csv}\n"
        "columns:\n"
        "  source_record_id: rec_id\n"
        "  other_id: ssn\n"
        "  given_name: given\n"
        "  family_name: family\n"
        "  birth_date: {column: born, formats: ['%Y%m%d']}\n"
        "  address: street\n" + rows,
        encoding="utf-8",
    )
    return path


def _import(tmp_path: Path, *, require: bool | None):
    data = tmp_path / "people.csv"
    data.write_text(HEADER + ROWS, encoding="utf-8")
    return import_file(
        source_code="ssn-test",
        path=data,
        mapping_path=_mapping(tmp_path, require=require),
        progress=False,
        today=TODAY,
        force=True,
    )


def _codes(items: list[dict]) -> set[tuple[str, str]]:
    return {(item["field"], item["code"]) for item in items}


def test_the_row_rule_is_on_by_default_and_can_only_be_a_flag():
    base = {"source": {"code": "x"}, "columns": {"full_name": "N"}}
    assert mapping_parse(base).require_nik_or_birth_date is True
    relaxed = mapping_parse(base | {"rows": {"require_nik_or_birth_date": False}})
    assert relaxed.require_nik_or_birth_date is False
    with pytest.raises(MappingError) as error:
        mapping_parse(
            base | {"rows": {"require_nik_or_birth_date": "no", "skip_dupes": 1}}
        )
    assert error.value.problems == [
        "rows.skip_dupes: unknown key",
        "rows.require_nik_or_birth_date: must be true or false",
    ]


@pytest.mark.django_db
def test_by_default_rows_without_nik_or_birth_date_are_rejected(tmp_path):
    batch = _import(tmp_path, require=None)
    assert (batch.rows_staged, batch.rows_rejected) == (1, 2)
    rejected = {r.row_number: r for r in RejectedRow.objects.filter(batch=batch)}
    assert _codes(rejected[2].errors) >= {
        ("birth_date", "impossible_date"),
        ("row", "no_birth_date_or_nik"),
    }
    assert _codes(rejected[3].errors) == {("row", "no_birth_date_or_nik")}


@pytest.mark.django_db
def test_relaxed_rows_are_staged_with_warnings_and_their_identifier(tmp_path):
    batch = _import(tmp_path, require=False)
    assert (batch.rows_staged, batch.rows_rejected, batch.rows_warned) == (3, 0, 2)
    staged = {r.row_number: r for r in StagedRecord.objects.filter(batch=batch)}
    assert staged[1].other_id == "SSN-0042" and staged[1].warnings == []
    assert staged[2].birth_date is None
    assert _codes(staged[2].warnings) == {
        ("birth_date", "impossible_date"),
        ("row", "no_birth_date_or_nik"),
    }
    assert staged[2].other_id == "7 7 1 2"
    assert _codes(staged[3].warnings) == {("row", "no_birth_date_or_nik")}
    assert staged[3].other_id == ""

    # personal data: the identifier is stored encrypted, never in clear
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT other_id FROM registry_integration_stagedrecord WHERE id = %s",
            [staged[1].pk.hex if connection.vendor == "sqlite" else staged[1].pk],
        )
        (stored,) = cursor.fetchone()
    assert "0042" not in stored

    frame = staged_frame(batch)
    assert "other_id" in COLUMNS
    assert frame["other_id"].tolist() == ["SSN-0042", "7 7 1 2", None]
    assert frame["birth_date"].tolist() == ["1990-08-12", None, None]


def test_other_id_is_exact_evidence_only_in_the_free_address_profile():
    by_name = {c["output_column_name"]: c for c in free_address_comparisons()}
    levels = [
        level["sql_condition"] for level in by_name["other_id"]["comparison_levels"]
    ]
    assert len(levels) == 3
    assert levels[1] == '"other_id_std_l" = "other_id_std_r"'
    assert levels[2] == "ELSE"
    text = " ".join(levels)
    assert "levenshtein" not in text and "jaro" not in text
    assert "l.other_id_std = r.other_id_std" in free_address_blocking_rules()
    # the register's model never looks at it
    assert "other_id" not in str(comparisons()) + str(blocking_rules())


def _record(uid: str, name: str, born: str | None, other: str | None, address: str):
    return {
        "unique_id": uid,
        "source": "febrl",
        "full_name": name,
        "birth_date": born,
        "address": address,
        "other_id": other,
    }


def test_a_shared_identifier_links_what_the_names_alone_would_not():
    model = load_model("febrl-2026.2")
    new = pd.DataFrame(
        [
            _record("b1", "jon smyth", None, "5304218", "12 kent road perth"),
            _record("b2", "ann lee", "1980-01-02", "5304219", "4 high street ryde"),
        ]
    )
    register = pd.DataFrame(
        [
            _record("a1", "jonathan smith", "1975-03-04", "5304218", "7 other st"),
            _record("a2", "anne lea", "1981-02-03", "9999999", "9 low street hull"),
        ]
    )
    pairs = link(new, register, model).pairs
    found = {
        (left, right): p
        for left, right, p in zip(
            pairs["unique_id_l"],
            pairs["unique_id_r"],
            pairs["match_probability"],
            strict=True,
        )
    }
    same = found.get(("b1", "a1"), found.get(("a1", "b1")))
    assert same is not None and same >= model.upper
    # one digit apart is "different", never "almost the same"
    other = found.get(("b2", "a2"), found.get(("a2", "b2"), 0.0))
    assert other < model.upper


def test_frames_without_the_column_still_link():
    model = load_model("febrl-2026.2")
    frame = pd.DataFrame(
        [
            _record("x1", "mary jones", "1970-05-06", None, "3 park lane leeds"),
            _record("x2", "mary jones", "1970-05-06", None, "3 park lane leeds"),
        ]
    ).drop(columns=["other_id"])
    pairs = link(frame, None, model).pairs
    assert len(pairs) == 1
    assert pairs["match_probability"].iloc[0] >= model.upper
