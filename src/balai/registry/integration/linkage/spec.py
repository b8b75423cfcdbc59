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
        _exact_three("nik_std", "nik", "NIK"),
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
