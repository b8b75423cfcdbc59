# SPDX-License-Identifier: EUPL-1.2
"""Verification codes and initials."""

from __future__ import annotations

import pytest

from balai.cases.documents.codes import (
    ALPHABET,
    CODE_LENGTH,
    display_code,
    initials,
    new_code,
    normalise_code,
    verification_url,
)


def test_new_codes_are_20_crockford_characters_and_differ():
    codes = {new_code() for _ in range(200)}

    assert len(codes) == 200
    assert all(len(c) == CODE_LENGTH and set(c) <= set(ALPHABET) for c in codes)


@pytest.mark.parametrize(
    "typed",
    [
        "ABCD-EFGH-JKMN-PQRS-TVWX",
        "abcd efgh jkmn pqrs tvwx",
        " abcdefghjkmnpqrstvwx ",
    ],
)
def test_typing_is_forgiving(typed):
    assert normalise_code(typed) == "ABCDEFGHJKMNPQRSTVWX"


def test_letters_mistaken_for_digits_are_read_as_digits():
    assert normalise_code("O1ABCDEFGHJKMNPQRSTI") == "01ABCDEFGHJKMNPQRST1"


@pytest.mark.parametrize(
    "typed", ["", "ABC", "ABCDEFGHJKMNPQRSTVWXY", "ABCD<script>EFGHJKMNPQ"]
)
def test_anything_else_is_not_a_code(typed):
    assert normalise_code(typed) is None


def test_display_groups_by_four():
    assert display_code("ABCDEFGHJKMNPQRSTVWX") == "ABCD-EFGH-JKMN-PQRS-TVWX"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Budi Santoso", "B. S."),
        ("Sukarno", "S."),
        ("siti nur aisyah binti ahmad fauzi", "S. N. A. B."),
        ("  ", ""),
    ],
)
def test_initials_keep_at_most_four_letters(name, expected):
    assert initials(name) == expected


def test_verification_url_is_absolute(settings):
    settings.PUBLIC_BASE_URL = "https://layanan.bandung.go.id"

    url = verification_url("ABCDEFGHJKMNPQRSTVWX")
    assert url == "https://layanan.bandung.go.id/verify/ABCDEFGHJKMNPQRSTVWX"
