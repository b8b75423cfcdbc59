# SPDX-License-Identifier: EUPL-1.2
import pytest

from balai import text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("tidak bagus", ["tidak", "tidak_bagus"]),
        ("gak ramah", ["tidak", "tidak_ramah"]),
        ("pelayanan belum jelas", ["pelayanan", "belum", "belum_jelas"]),
        ("bukan main lama", ["bukan", "bukan_main", "bukan_lama"]),
        ("jangan antre", ["jangan", "jangan_antre"]),
    ],
)
def test_negation_marks_the_words_after_a_negator(raw, expected):
    assert text.negation_scope(text.tokens(raw)) == expected


def test_raw_informal_negators_mark_as_tidak():
    assert text.negation_scope(["nggak", "cepat"]) == ["nggak", "tidak_cepat"]
    assert text.negation_scope(["ga", "bagus"]) == ["ga", "tidak_bagus"]


def test_scope_ends_at_punctuation_conjunction_or_window():
    tokens = text.normalise("tidak terlalu bagus , tapi oke").split()
    assert text.negation_scope(tokens) == [
        "tidak", "tidak_terlalu", "tidak_bagus", ",", "tapi", "oke",
    ]  # fmt: skip
    assert text.negation_scope(["tidak", "a", "b", "c", "d"], window=2) == [
        "tidak", "tidak_a", "tidak_b", "c", "d",
    ]  # fmt: skip


def test_a_second_negator_restarts_the_scope():
    assert text.negation_scope(["tidak", "bukan", "bagus"]) == [
        "tidak", "bukan", "bukan_bagus",
    ]  # fmt: skip
