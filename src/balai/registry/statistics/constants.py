# SPDX-License-Identifier: EUPL-1.2
"""Age bands, region levels and event kinds of the population statistics."""

from __future__ import annotations

import datetime as dt

from balai.registry.constants import EventKind, Sex

BAND_WIDTH = 5
TOP_BAND = 75  # "75+" holds everyone aged 75 or more
AGE_BANDS: tuple[int, ...] = tuple(range(0, TOP_BAND + 1, BAND_WIDTH))
TOTAL = "total"
SEXES: tuple[str, ...] = (Sex.MALE.value, Sex.FEMALE.value)

# Region depth (0 = the whole register) → length of the dotted code at that depth, and
# the PopulationCell column holding it.
CODE_LENGTHS = {1: 2, 2: 5, 3: 8, 4: 13}
LEVEL_COLUMNS = {
    1: "province_code",
    2: "regency_code",
    3: "district_code",
    4: "village_code",
}
EXPORT_LEVELS = {"district": 3, "village": 4}
UNKNOWN_REGION = ""  # residents without a village: all their region codes are empty

EVENT_KINDS: tuple[str, ...] = (
    EventKind.BIRTH.value,
    EventKind.DEATH.value,
    EventKind.MOVE_IN.value,
    EventKind.MOVE_OUT.value,
)
EVENT_MONTHS = 12


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years on ``day`` (a 29 February birthday falls on 1 March)."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def age_band_of(age: int) -> int:
    """The lower bound of the five-year band holding ``age`` (75 for 75 and over)."""
    return min(age // BAND_WIDTH * BAND_WIDTH, TOP_BAND)


def age_band_label(lower: int) -> str:
    """``"0-4"`` … ``"70-74"``, ``"75+"``: the label used in the open data."""
    if lower >= TOP_BAND:
        return f"{TOP_BAND}+"
    return f"{lower}-{lower + BAND_WIDTH - 1}"


def depth_of(code: str) -> int:
    """0 for the whole register, else the number of parts of a dotted region code."""
    return code.count(".") + 1 if code else 0


def ancestor_code(code: str, depth: int) -> str:
    """The code of the region at ``depth`` containing ``code`` ("" at depth 0)."""
    return code[: CODE_LENGTHS[depth]] if depth else ""
