# SPDX-License-Identifier: EUPL-1.2
"""The linkage engine with the shipped model: known cases and a generated set."""

from __future__ import annotations

import pandas as pd
import pytest

from balai.registry.integration.linkage import (
    dedupe,
    evaluate,
    link,
    load_model,
    pairs_from_clusters,
    true_pairs,
)
from balai.registry.integration.linkage.engine import POST_RULE
from balai.registry.integration.synthetic import generate


def person(unique_id: str, **fields: str | None) -> dict:
    """A register-style record of Sutrisno, overridable field by field."""
    base = {
        "unique_id": unique_id,
        "source": "register",
        "nik": "3273052708850003",
        "kk_number": "3273051204100007",
        "full_name": "Sutrisno Hadi Wibowo",
        "birth_date": "1985-08-27",
        "birth_place": "Bandung",
        "sex": "M",
        "address": "Jl. Kenanga No. 12",
        "rt": "003",
        "rw": "005",
        "village_code": "32.73.05.1001",
        "phone": "+6281234567890",
    }
    return {**base, **fields}


# other residents of the same area, so that blocking has something to sort through
NEIGHBOURS = [
    person(
        "r:n1",
        nik="3273056303900001",
        full_name="Siti Rahayu",
        sex="F",
        birth_date="1990-03-23",
        kk_number="3273051204100099",
        phone=None,
    ),
    person(
        "r:n2",
        nik="3273051508850001",
        full_name="Budi Santoso",
        birth_date="1985-08-15",
        kk_number="3273051204100098",
        phone=None,
    ),
    person(
        "r:n3",
        nik="3273052708850004",
        full_name="Agus Wibowo",
        kk_number="3273051204100097",
        address="Gg. Melati 3",
        phone=None,
    ),
]


@pytest.fixture(scope="module")
def model():
    return load_model()


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def best(result, left: str, right: str) -> pd.Series:
    pairs = result.pairs
    hit = pairs[
        ((pairs["unique_id_l"] == left) & (pairs["unique_id_r"] == right))
        | ((pairs["unique_id_l"] == right) & (pairs["unique_id_r"] == left))
    ]
    assert len(hit) == 1, f"no scored pair {left}–{right}"
    return hit.iloc[0]


def test_shipped_model_loads_with_two_thresholds(model):
    assert model.version
    assert 0 < model.lower < model.upper < 1
    names = [c["output_column_name"] for c in model.settings["comparisons"]]
    assert names[:3] == ["nik", "full_name", "birth_date"]
    nik_levels = model.settings["comparisons"][0]["comparison_levels"]
    assert len(nik_levels) == 3  # exact / different / missing: never fuzzy
    assert model.metadata["threshold_table"]


def test_classify_bands(model):
    result = link(frame(person("s:1")), frame(*NEIGHBOURS), model)
    assert result.classify(model.upper) == "auto"
    assert result.classify(1.0) == "auto"
    assert result.classify((model.upper + model.lower) / 2) == "review"
    assert result.classify(model.lower) == "review"
    assert result.classify(model.lower / 2) == "new"


def test_exact_person_links_automatically_with_explained_weights(model):
    result = link(
        frame(person("s:1", source="bpjs")), frame(person("r:1"), *NEIGHBOURS), model
    )
    pair = best(result, "s:1", "r:1")
    assert result.classify(pair["match_probability"]) == "auto"
    labels = {c["comparison"]: c for c in pair["comparisons"]}
    assert labels["nik"]["label"] == "Exact match" and labels["nik"]["weight"] > 5
    assert {"comparison", "label", "weight"} <= set(labels["full_name"])
    assert {pair["source_l"], pair["source_r"]} == {"bpjs", "register"}


def test_mistyped_nik_still_links_by_the_other_fields(model):
    staged = person(
        "s:1", nik="3273052708850008", full_name="SUTRISNO HADI WIBOWO", phone=None
    )
    result = link(frame(staged), frame(person("r:1"), *NEIGHBOURS), model)
    pair = best(result, "s:1", "r:1")
    assert result.classify(pair["match_probability"]) == "auto"
    nik = next(c for c in pair["comparisons"] if c["comparison"] == "nik")
    assert nik["label"] == "Both present and different" and nik["weight"] < 0


def test_day_month_swap_and_old_spelling_link(model):
    staged = person(
        "s:1",
        birth_date="1985-12-08",
        nik=None,
        full_name="Soetrisno Hadi",
        kk_number=None,
        address="JLN KENANGA 12",
    )
    register = person("r:1", birth_date="1985-08-12", nik="3273051208850001")
    result = link(frame(staged), frame(register, *NEIGHBOURS), model)
    pair = best(result, "s:1", "r:1")
    assert result.classify(pair["match_probability"]) == "auto"
    dob = next(c for c in pair["comparisons"] if c["comparison"] == "birth_date")
    assert dob["label"] == "Day and month swapped"


def test_twins_go_to_review_not_auto(model):
    twin_a = person("r:1", nik=None, full_name="Hasan Basri", phone=None)
    twin_b = person("s:1", nik=None, full_name="Husein Basri", phone=None)
    result = link(frame(twin_b), frame(twin_a, *NEIGHBOURS), model)
    pair = best(result, "s:1", "r:1")
    assert result.classify(pair["match_probability"]) == "review"
    assert bool(pair["capped"])
    assert any(c["comparison"] == POST_RULE for c in pair["comparisons"])


def test_duplicates_within_the_batch_are_found(model):
    first = person("s:1", source="dtks", nik=None)
    second = person(
        "s:2",
        source="dtks",
        full_name="H. Sutrisno Hadi Wibowo, S.Pd.",
        nik="3273052708850003",
        address="Jalan Kenanga 12",
    )
    result = link(frame(first, second), frame(*NEIGHBOURS), model)
    pair = best(result, "s:1", "s:2")
    assert result.classify(pair["match_probability"]) == "auto"
    assert not result.pairs["unique_id_l"].str.startswith("r:").all()


def test_empty_batch_and_empty_register(model):
    assert link(frame(), frame(*NEIGHBOURS), model).pairs.empty
    alone = link(frame(person("s:1")), frame(), model)
    assert alone.pairs.empty


@pytest.fixture(scope="module")
def generated():
    return generate(3000, seed=7)


def test_dedupe_a_generated_source_with_high_f1(model, generated):
    result = dedupe(generated.drop(columns=["person_id"]), model)
    assert set(result.clusters.columns) == {"unique_id", "cluster_id"}
    assert len(result.clusters) == len(generated)
    predicted = pairs_from_clusters(
        result.clusters["unique_id"], result.clusters["cluster_id"]
    )
    score = evaluate(predicted, true_pairs(generated))
    assert score["precision"] > 0.97
    assert score["recall"] > 0.93
    assert score["f1"] > 0.95
    assert (result.pairs["match_probability"] >= model.lower).all()


def test_link_generated_batch_against_register(model, generated):
    register = generated[generated["source"] == "register"]
    batch = generated[generated["source"] != "register"]
    result = link(
        batch.drop(columns=["person_id"]), register.drop(columns=["person_id"]), model
    )
    ids = set(register["unique_id"])
    pairs = result.pairs
    assert not (pairs["unique_id_l"].isin(ids) & pairs["unique_id_r"].isin(ids)).any()
    auto = pairs[pairs["match_probability"] >= model.upper]
    truth = true_pairs(generated)
    wanted = {p for p in truth if not (p[0] in ids and p[1] in ids)}
    score = evaluate(zip(auto["unique_id_l"], auto["unique_id_r"], strict=True), wanted)
    assert score["f1"] > 0.95


def test_a_link_beyond_duckdbs_memory_limit_runs_again_without_one(
    model, generated, monkeypatch, caplog, settings
):
    """The limit (``db.run_memory``) bounds the peak; a file that needs more is
    linked all the same, never with a silently unfitted model."""
    from duckdb import OutOfMemoryException
    from splink.internals.exceptions import SplinkException

    from balai.registry.integration.linkage import engine

    records = generated.drop(columns=["person_id"]).head(300)
    unlimited = link(records, None, model, fit=False)
    monkeypatch.setattr(engine, "run_memory", lambda records: "1MB")
    with caplog.at_level("WARNING", logger=engine.__name__):
        limited = link(records, None, model, fit=False)
    assert "running again without a limit" in caplog.text
    columns = ["unique_id_l", "unique_id_r", "match_probability"]
    pd.testing.assert_frame_equal(
        limited.pairs[columns].sort_values(columns[:2]).reset_index(drop=True),
        unlimited.pairs[columns].sort_values(columns[:2]).reset_index(drop=True),
    )
    assert len(unlimited.pairs) > 0
    settings.LINKAGE_MEMORY = "1MB"  # a limit the operator set is kept: an error
    with pytest.raises((OutOfMemoryException, SplinkException)) as raised:
        link(records, None, model, fit=False)
    assert engine.out_of_memory(raised.value)


def test_records_are_text_or_none_whatever_the_column_holds():
    from balai.registry.integration.linkage.engine import _records

    frame = pd.DataFrame(
        {
            "unique_id": ["s:1", "s:2", "s:3"],
            "nik": [None, "3273010101900001", float("nan")],  # text: the quick way
            "sex": [pd.NA, "M", None],  # pd.NA is written as str() writes it
            "rt": [1, None, "007"],  # a number becomes its text
            "phone": [None, None, None],
        }
    )
    records = _records(frame)
    assert list(records.columns)[:3] == ["unique_id", "source", "nik"]
    assert records["nik"].tolist() == [None, "3273010101900001", None]
    assert records["sex"].tolist() == ["<NA>", "M", None]
    assert records["rt"].tolist() == ["1", None, "007"]
    assert records["phone"].tolist() == [None, None, None]
    assert records["source"].tolist() == [None, None, None]  # absent column
    assert all(dtype == "object" for dtype in records.dtypes)
