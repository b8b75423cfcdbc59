# SPDX-License-Identifier: EUPL-1.2
"""The model's structure: blocking rules and comparisons (levels), as Splink settings.

The trained parameters (m, u, the prior) are added by ``training`` and shipped in the
artefact; this module is the part a person reads and reviews. Columns are the ones
``standardise`` derives. Design choices, each from a measured lesson:

* NIK is exact evidence only (same / both present and different / missing). Two people
  born on the same day in one district have NIKs one digit apart, so a fuzzy NIK level
  would be evidence *for* merging twins.
* Fuzzy name levels also require similar given names: a shared family name ("Tigor
  Simanjuntak" / "Togar Simanjuntak") is not evidence of the same person.
* Address is compared together with its area (village, district), since the two are
  strongly correlated; a moved person keeps the rest of the evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

NULL = {"is_null_level": True}


def _level(sql: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


def _else(label: str = "All other comparisons") -> dict[str, Any]:
    return _level("ELSE", label)


def _null(*columns: str) -> dict[str, Any]:
    sql = " OR ".join(f'"{c}_l" IS NULL OR "{c}_r" IS NULL' for c in columns)
    return _level(sql, "Missing on either side", **NULL)


def _exact_three(column: str, name: str, what: str) -> dict[str, Any]:
    """Exact / both present and different / missing — nothing fuzzy."""
    return {
        "output_column_name": name,
        "comparison_description": f"{what}: exact only",
        "comparison_levels": [
            _null(column),
            _level(f'"{column}_l" = "{column}_r"', "Exact match"),
            _else("Both present and different"),
        ],
    }


def _nik() -> dict[str, Any]:
    """NIK: missing on either side is neutral; a typo or two digits swapped in the
    region and birth-date part (the first 12 digits, the serial number equal) is its
    own level, so "both present and different" means really another number. A
    difference in the serial number (the last 4) is never a typo: two people born on
    the same day in one district have NIKs one digit apart there."""
    return {
        "output_column_name": "nik",
        "comparison_description": "NIK: exact, one typo or transposition, different",
        "comparison_levels": [
            _null("nik_std"),
            _level('"nik_std_l" = "nik_std_r"', "Exact match"),
            _level(
                'substr("nik_std_l", 13, 4) = substr("nik_std_r", 13, 4) AND '
                'damerau_levenshtein("nik_std_l", "nik_std_r") <= 1',
                "One typo or two digits swapped, same serial number",
            ),
            _else("Both present and different"),
        ],
    }


GIVEN_SIMILAR = 'jaro_winkler_similarity("given_l", "given_r") >= 0.8'
ADDRESS_SIMILAR = 'jaro_winkler_similarity("address_std_l", "address_std_r") >= 0.9'


def comparisons() -> list[dict[str, Any]]:
    """The comparisons in evaluation order; labels appear on the review screen."""
    name = {
        "output_column_name": "full_name",
        "comparison_description": "Standardised full name",
        "comparison_levels": [
            _null("name_std"),
            _level('"name_std_l" = "name_std_r"', "Exact match"),
            _level('"name_sorted_l" = "name_sorted_r"', "Same words, other order"),
            _level(
                'damerau_levenshtein("name_std_l", "name_std_r") <= 1 AND '
                + GIVEN_SIMILAR,
                "One typo",
            ),
            _level(
                'jaro_winkler_similarity("name_std_l", "name_std_r") >= 0.93 AND '
                + GIVEN_SIMILAR,
                "Jaro-Winkler >= 0.93",
            ),
            _level(
                '"given_l" = "given_r" AND (starts_with("name_std_l" || \' \', '
                "\"name_std_r\" || ' ') OR starts_with(\"name_std_r\" || ' ', "
                "\"name_std_l\" || ' '))",
                "Same given name, one name shorter",
            ),
            _level(
                'jaro_winkler_similarity("name_std_l", "name_std_r") >= 0.85 AND '
                + GIVEN_SIMILAR,
                "Jaro-Winkler >= 0.85",
            ),
            _else(),
        ],
    }
    birth_date = {
        "output_column_name": "birth_date",
        "comparison_description": "Date of birth",
        "comparison_levels": [
            _null("dob_std"),
            _level('"dob_std_l" = "dob_std_r"', "Exact match"),
            _level(
                '"birth_year_l" = "birth_year_r" AND "birth_month_l" = "birth_day_r" '
                'AND "birth_day_l" = "birth_month_r"',
                "Day and month swapped",
            ),
            _level(
                'damerau_levenshtein("dob_std_l", "dob_std_r") <= 1 OR '
                '("birth_month_l" = "birth_month_r" AND "birth_day_l" = "birth_day_r" '
                'AND abs("birth_year_l" - "birth_year_r") = 1)',
                "One typo",
            ),
            _level('"birth_year_l" = "birth_year_r"', "Same year"),
            _else(),
        ],
    }
    # family card, address and area are one household's facts: compared together so
    # that a household member does not collect the same evidence three times
    household = {
        "output_column_name": "household",
        "comparison_description": "Family card, address with RT/RW, and area",
        "comparison_levels": [
            _level(
                '("kk_std_l" IS NULL OR "kk_std_r" IS NULL) AND '
                '("address_std_l" IS NULL OR "address_std_r" IS NULL) AND '
                '("village_std_l" IS NULL OR "village_std_r" IS NULL)',
                "Missing on either side",
                **NULL,
            ),
            _level('"kk_std_l" = "kk_std_r"', "Same family card"),
            # an unresolved village is missing, never a disagreement: neutral
            _level(
                '"village_std_l" IS NULL OR "village_std_r" IS NULL',
                "Village unknown on one side",
            ),
            _level(
                f'"village_std_l" = "village_std_r" AND {ADDRESS_SIMILAR} '
                'AND "rt_std_l" = "rt_std_r" AND "rw_std_l" = "rw_std_r"',
                "Same address, RT/RW and village",
            ),
            _level(
                f'"village_std_l" = "village_std_r" AND {ADDRESS_SIMILAR}',
                "Same address and village",
            ),
            _level('"village_std_l" = "village_std_r"', "Same village"),
            _level('"district_l" = "district_r"', "Same district"),
            _level('"regency_l" = "regency_r"', "Same regency or city"),
            _else(),
        ],
    }
    birth_place = {
        "output_column_name": "birth_place",
        "comparison_description": "Place of birth",
        "comparison_levels": [
            _null("place_std"),
            _level('"place_std_l" = "place_std_r"', "Exact match"),
            _level(
                'jaro_winkler_similarity("place_std_l", "place_std_r") >= 0.9',
                "Jaro-Winkler >= 0.9",
            ),
            _else(),
        ],
    }
    return [
        _nik(),
        name,
        birth_date,
        _exact_three("sex_std", "sex", "Sex"),
        household,
        _exact_three("phone_std", "phone", "Phone"),
        birth_place,
    ]


def blocking_rules() -> list[str]:
    """Candidate pairs: any rule admits a pair (each an equi-join, cheap in DuckDB).

    Every realistic error pattern keeps at least one rule intact: a mistyped NIK keeps
    the name and birth date, a day/month swap keeps ``dob_unordered``, a typo in the
    given name keeps the birth date and district, a missing birth date keeps the NIK or
    the name within the district.
    """
    return [
        "l.nik_std = r.nik_std",
        "l.dob_unordered = r.dob_unordered AND l.given_key = r.given_key",
        "l.name_sorted = r.name_sorted AND l.birth_year = r.birth_year",
        "l.dob_std = r.dob_std AND l.district = r.district",
        "l.kk_std = r.kk_std AND l.given_key = r.given_key",
        "l.given = r.given AND l.surname = r.surname AND l.district = r.district",
        "l.phone_std = r.phone_std",
    ]


def training_blocks() -> list[str]:
    """EM sessions: each fixes some columns and trains the others."""
    return [
        "l.dob_std = r.dob_std AND l.district = r.district",
        "l.name_std = r.name_std AND l.district = r.district",
        "l.nik_std = r.nik_std",
    ]


# Pairs that surely match, for the prior (probability that two random records match)
DETERMINISTIC_RULES = [
    "l.nik_std = r.nik_std AND l.name_std = r.name_std",
    "l.name_std = r.name_std AND l.dob_std = r.dob_std AND l.district = r.district",
]


def settings_template() -> dict[str, Any]:
    """Splink settings without trained parameters."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": rule, "sql_dialect": "duckdb"}
            for rule in blocking_rules()
        ],
        "comparisons": comparisons(),
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": False,
        "additional_columns_to_retain": ["source"],
        "probability_two_random_records_match": 1e-6,
        "em_convergence": 0.001,
        "max_iterations": 25,
    }


# --- Phone: a floor for u ------------------------------------------------------------
# Real households share a phone, the generator does not: "exact phone" is never seen
# among random pairs of generated records, and the level's u fell to the untrained
# floor (1e-7, a weight of about +23). Training raises a comparison's u to at least
# this; applied from the next trained version on (2026.1 was trained before it).
U_FLOORS = {"phone": 1e-4}
# levels that say "we cannot tell" rather than "different": weight 0 whatever EM finds
NEUTRAL_LEVELS = frozenset({"Village unknown on one side"})


# --- Profile for sources with free-text addresses and no identifiers ------------------
# Some sources (the FEBRL benchmark; foreign or older lists) have a name, a birth date
# and an address as one free text, but no NIK, family card, sex or village code. The
# register's comparisons give such records almost nothing to work with (the household
# comparison needs a village code before it looks at the address), so this profile
# compares given name and surname apart, and the address by its words, and blocks on
# the address's last word (a postcode or a town). It reuses the standardised columns
# and is a separate model version: the register's model does not use it.
# When the source has its own person identifier (``other_id``, e.g. a social security
# number both files share), it is compared exactly, like NIK, and blocked on: a
# mistyped identifier is "different", never "almost the same".

ADDRESS_LAST = "string_split({side}.address_std, ' ')[-1]"
ADDRESS_HEAD = "array_to_string(string_split({side}.address_std, ' ')[1:2], ' ')"
_ADDRESS_LAST = (
    "string_split(\"address_std_l\", ' ')[-1] = "
    "string_split(\"address_std_r\", ' ')[-1]"
)
# words two addresses share, over the longer one's word count (0..1)
_ADDRESS_WORDS_SHARED = (
    "len(list_intersect(string_split(\"address_std_l\", ' '), "
    "string_split(\"address_std_r\", ' '))) / greatest("
    "len(string_split(\"address_std_l\", ' ')), "
    "len(string_split(\"address_std_r\", ' ')))"
)


def _name_part(column: str, other: str, name: str, what: str) -> dict[str, Any]:
    """A part of the name; ``other`` is the other part, for swapped or lone names."""
    return {
        "output_column_name": name,
        "comparison_description": what,
        "comparison_levels": [
            _null(column),
            _level(f'"{column}_l" = "{column}_r"', "Exact match"),
            _level(f'damerau_levenshtein("{column}_l", "{column}_r") <= 1', "One typo"),
            _level(
                f'jaro_winkler_similarity("{column}_l", "{column}_r") >= 0.9',
                "Jaro-Winkler >= 0.9",
            ),
            # given name and surname swapped, or a lone name standing for the other
            _level(
                f'damerau_levenshtein("{column}_l", "{other}_r") <= 1 OR '
                f'damerau_levenshtein("{other}_l", "{column}_r") <= 1',
                "Same as the other name part (swapped)",
            ),
            _level(
                f'jaro_winkler_similarity("{column}_l", "{column}_r") >= 0.75',
                "Jaro-Winkler >= 0.75",
            ),
            _else(),
        ],
    }


def free_address_comparisons() -> list[dict[str, Any]]:
    """Identifier at source (exact only), given name, surname, birth date (as the
    register's), address by its words."""
    birth_date = next(
        c for c in comparisons() if c["output_column_name"] == "birth_date"
    )
    address = {
        "output_column_name": "address",
        "comparison_description": "Address as free text (street, town, postcode)",
        "comparison_levels": [
            _null("address_std"),
            _level('"address_std_l" = "address_std_r"', "Exact match"),
            _level(
                'damerau_levenshtein("address_std_l", "address_std_r") <= 2',
                "One or two typos",
            ),
            _level(
                'jaro_winkler_similarity("address_std_l", "address_std_r") >= 0.92',
                "Jaro-Winkler >= 0.92",
            ),
            _level(f"{_ADDRESS_WORDS_SHARED} >= 0.8", "Most words shared"),
            _level(f"{_ADDRESS_WORDS_SHARED} >= 0.5", "Half the words shared"),
            _level(
                f"{_ADDRESS_LAST} AND {_ADDRESS_WORDS_SHARED} >= 0.3",
                "Same last word (postcode) and some words",
            ),
            _else(),
        ],
    }
    return [
        _exact_three("other_id_std", "other_id", "Identifier at source"),
        _name_part("given", "surname", "given_name", "Given name"),
        _name_part("surname", "given", "surname", "Surname"),
        birth_date,
        address,
    ]


def free_address_blocking_rules() -> list[str]:
    """Any rule admits a pair; each keeps working when another field has a typo."""
    last_l, last_r = ADDRESS_LAST.format(side="l"), ADDRESS_LAST.format(side="r")
    head_l, head_r = ADDRESS_HEAD.format(side="l"), ADDRESS_HEAD.format(side="r")
    return [
        "l.other_id_std = r.other_id_std",
        "l.given = r.given AND l.surname = r.surname",
        "l.given = r.surname AND l.surname = r.given",
        "l.name_sorted = r.name_sorted",
        "l.dob_std = r.dob_std AND l.given_key = r.given_key",
        "l.dob_std = r.dob_std AND l.surname = r.surname",
        "l.dob_std = r.dob_std AND l.given = r.surname",
        "l.dob_std = r.dob_std AND l.surname = r.given",
        "l.dob_unordered = r.dob_unordered",
        f"l.dob_std = r.dob_std AND {last_l} = {last_r}",
        f"l.surname = r.surname AND {last_l} = {last_r}",
        f"l.given = r.given AND {last_l} = {last_r}",
        f"l.given = r.surname AND {last_l} = {last_r}",
        f"l.surname = r.given AND {last_l} = {last_r}",
        f"l.birth_year = r.birth_year AND {last_l} = {last_r}",
        f"{head_l} = {head_r}",
        "l.address_std = r.address_std",
    ]


def free_address_settings_template() -> dict[str, Any]:
    settings = settings_template()
    settings["blocking_rules_to_generate_predictions"] = [
        {"blocking_rule": rule, "sql_dialect": "duckdb"}
        for rule in free_address_blocking_rules()
    ]
    settings["comparisons"] = free_address_comparisons()
    # the engine's household post-rule reads these even when no comparison uses them
    settings["additional_columns_to_retain"] = [
        "source", "name_std", "name_sorted", "dob_std", "kk_std", "village_std",
    ]  # fmt: skip
    return settings


@dataclass(frozen=True)
class Profile:
    """What ``training.train_model`` needs to train one kind of model."""

    name: str
    settings_template: Callable[[], dict[str, Any]]
    training_blocks: Callable[[], list[str]]
    deterministic_rules: tuple[str, ...]
    deterministic_recall: float


PROFILES = {
    "register": Profile(
        "register", settings_template, training_blocks, tuple(DETERMINISTIC_RULES), 0.8
    ),
    "free-address": Profile(
        "free-address",
        free_address_settings_template,
        lambda: [
            "l.dob_std = r.dob_std",
            "l.given = r.given AND l.surname = r.surname",
            "l.address_std = r.address_std",
            "l.other_id_std = r.other_id_std",
        ],
        (
            "l.name_std = r.name_std AND l.dob_std = r.dob_std",
            "l.address_std = r.address_std AND l.dob_std = r.dob_std",
        ),
        0.6,
    ),
}
