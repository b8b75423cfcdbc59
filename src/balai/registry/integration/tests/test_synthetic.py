# SPDX-License-Identifier: EUPL-1.2
"""The synthetic register: deterministic, realistic identifiers, known duplicates."""

from __future__ import annotations

import gzip

import pandas as pd
import pytest

from balai.registry.integration.linkage.synth_noise import old_spelling, typo
from balai.registry.integration.synthetic import WILAYAH, generate, true_pairs_count


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return generate(4000, seed=11)


def test_same_seed_same_data_other_seed_other_data(records):
    assert generate(4000, seed=11).equals(records)
    assert not generate(4000, seed=12)["full_name"].equals(records["full_name"])


def test_columns_ids_and_duplicate_share(records):
    assert list(records.columns)[:13] == [
        "unique_id", "source", "nik", "kk_number", "full_name", "birth_date",
        "birth_place", "sex", "address", "rt", "rw", "village_code", "phone",
    ]  # fmt: skip
    assert records["unique_id"].is_unique
    assert len(records) - records["person_id"].nunique() == 600  # 15% of 4000
    assert set(records["source"]) == {"register", "bpjs", "dtks", "desa"}
    assert true_pairs_count(records["person_id"]) >= 600


def test_nik_encodes_district_birth_date_and_sex(records):
    clean = records.dropna(subset=["nik", "birth_date", "sex"])
    day = clean["nik"].str[6:8].astype(int)
    born_day = clean["birth_date"].str[8:10].astype(int)
    expected = born_day.where(clean["sex"] == "M", born_day + 40)
    agree = (day == expected) & (clean["nik"].str[8:10] == clean["birth_date"].str[5:7])
    # duplicates carry typos, swaps and mistyped NIKs: most records still agree
    assert agree.mean() > 0.9
    assert clean["nik"].str.fullmatch(r"\d{16}").all()
    women = clean[(clean["sex"] == "F") & agree]
    assert (women["nik"].str[6:8].astype(int) > 40).all()


def test_village_codes_are_real_kemendagri_codes(records):
    with gzip.open(WILAYAH, "rt", encoding="utf-8") as handle:
        known = {line.split(",", 1)[0] for line in handle}
    codes = set(records["village_code"].dropna())
    # moved people may get a made-up village in another regency; most are real
    assert len(codes & known) / len(codes) > 0.85


def test_households_share_family_cards_and_twins_exist():
    people = generate(20000, seed=5)
    firsts = people.drop_duplicates("person_id").dropna(subset=["kk_number"])
    sizes = firsts.groupby("kk_number")["person_id"].nunique()
    assert (sizes >= 3).sum() > 500
    same_day = firsts.groupby(["kk_number", "birth_date"])["person_id"].nunique()
    assert (same_day >= 2).sum() >= 5  # twins: the hard negatives


def test_errors_are_the_realistic_kinds(records):
    names = " ".join(records["full_name"]).lower()
    assert "oe" in names or "dj" in names or "tj" in names
    assert any(token in names for token in ("muh.", "m. ", "st. "))
    assert records["nik"].isna().mean() > 0.03
    assert old_spelling("Joko Sutrisno") == "Djoko Soetrisno"
    assert old_spelling("Khadijah") == "Chadidjah"
    assert typo("Suharti", 0.3, 0.5) != "Suharti"
