# SPDX-License-Identifier: EUPL-1.2
"""The one phone normaliser: canonical E.164 however a number is written, and the
same canonical form the accounts' blind indexes were keyed on before it existed."""

from __future__ import annotations

import random
import re

import pytest

from balai.core.phones import is_mobile_phone, is_valid_phone, normalise_phone

# The accounts' normaliser as it was until this module replaced it (a frozen copy,
# the oracle for stored blind indexes): Indonesian mobiles only, "+628" + 7-11 digits.
_OLD_SEPARATORS = re.compile(r"[\s().-]")
_OLD_MOBILE = re.compile(r"^\+628\d{7,11}$")


def previous_normaliser(value: str) -> str | None:
    digits = _OLD_SEPARATORS.sub("", value or "")
    if digits.startswith("+"):
        candidate = digits
    elif digits.startswith("62"):
        candidate = "+" + digits
    elif digits.startswith("0"):
        candidate = "+62" + digits[1:]
    elif digits.startswith("8"):
        candidate = "+62" + digits
    else:
        return None
    return candidate if _OLD_MOBILE.match(candidate) else None


@pytest.mark.parametrize(
    "written",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "(0812) 3456-7890",
        "+62 812 3456 7890",
        "+62-812-3456-7890",
        "6281234567890",
        "0062 812 3456 7890",
        "81234567890",
        "0812-3456-7890 / 0813-1111-2222",
    ],
)
def test_every_spelling_gives_one_canonical_form(written):
    assert normalise_phone(written) == "+6281234567890"


@pytest.mark.parametrize(
    "value", ["", "   ", "12345", "abc", "budi81234567890", "+62", "0812+345"]
)
def test_what_is_no_number_gives_none(value):
    assert normalise_phone(value) is None


def test_every_number_the_previous_normaliser_accepted_keeps_its_form():
    rng = random.Random(2026)
    checked = 0
    for _ in range(3000):
        national = "8" + "".join(
            rng.choice("0123456789") for _ in range(rng.randint(7, 11))
        )
        for written in (
            "+62" + national,
            "62" + national,
            "0" + national,
            national,
            f"0{national[:3]}-{national[3:7]}-{national[7:]}",
        ):
            before = previous_normaliser(written)
            if before is not None:
                checked += 1
                assert normalise_phone(written) == before, written
    assert checked > 10000


def test_validity_is_a_separate_question():
    assert is_mobile_phone("0812-3456-7890")
    assert is_valid_phone("(022) 2501234") and not is_mobile_phone("(022) 2501234")
    assert normalise_phone("+6281276197") == "+6281276197"  # possible, not real
    assert not is_valid_phone("+6281276197") and not is_mobile_phone("+6281276197")
    assert normalise_phone("+65 9123 4567") == "+6591234567"
