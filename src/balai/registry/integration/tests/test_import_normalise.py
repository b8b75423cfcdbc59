# SPDX-License-Identifier: EUPL-1.2
"""The pure normalisers: dates, phones, addresses, names, numbers and sex codes."""

from __future__ import annotations

import datetime as dt

import pytest

from balai.registry.integration.importing.codes import ValueProblem
from balai.registry.integration.importing.normalise import (
    DateRules,
    clean_address,
    clean_name,
    clean_number,
    clean_phone,
    clean_place,
    clean_rt_rw,
    clean_sex,
    parse_date,
)

RULES = DateRules(today=dt.date(2026, 6, 1))
AUG_12 = dt.date(1990, 8, 12)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1990-08-12", AUG_12),
        ("1990/8/12", AUG_12),
        ("12-08-1990", AUG_12),
        ("12/08/1990", AUG_12),
        ("12.08.1990", AUG_12),
        ("12 08 1990", AUG_12),
        ("12/8/90", AUG_12),
        ("12 Agustus 1990", AUG_12),
        ("12 AGUSTUS 1990", AUG_12),
        ("12 Agt 1990", AUG_12),
        ("12-Agu-1990", AUG_12),
        ("12-aug-90", AUG_12),
        ("12 August 1990", AUG_12),
        ("August 12, 1990", AUG_12),
        ("Aug. 12 1990", AUG_12),
        ("1 Mei 2000", dt.date(2000, 5, 1)),
        ("17 Okt 1945", dt.date(1945, 10, 17)),
        ("3 Desember 1999", dt.date(1999, 12, 3)),
        ("5 Pebruari 1970", dt.date(1970, 2, 5)),
        ("19900812", AUG_12),
        ("12081990", AUG_12),
        ("1990-08-12 00:00:00", AUG_12),
        ("1990-08-12T00:00:00Z", AUG_12),
        ("12/08/1990 00:00", AUG_12),
        ("33097", AUG_12),  # Excel serial as text
        (33097, AUG_12),  # Excel serial cell
        (33097.0, AUG_12),
        (dt.datetime(1990, 8, 12, 0, 0), AUG_12),
        (AUG_12, AUG_12),
        ("08/13/1990", dt.date(1990, 8, 13)),  # 13 cannot be a month
        ("05/06/07", dt.date(2007, 6, 5)),  # day first by default
        ("05/06/30", dt.date(1930, 6, 5)),  # no birth in the future: 19xx
        ("29-02-2000", dt.date(2000, 2, 29)),
    ],
)
def test_dates_in_many_formats(value, expected):
    assert parse_date(value, RULES) == expected


def test_ambiguous_dates_follow_the_hint():
    month_first = DateRules(day_first=False, today=RULES.today)
    assert parse_date("05/06/1990", RULES) == dt.date(1990, 6, 5)
    assert parse_date("05/06/1990", month_first) == dt.date(1990, 5, 6)
    assert parse_date("25/06/1990", month_first) == dt.date(1990, 6, 25)


def test_explicit_formats_are_tried_first():
    rules = DateRules(formats=("%m-%d-%Y",), today=RULES.today)
    assert parse_date("08-12-1990", rules) == dt.date(1990, 8, 12)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "empty"),
        (None, "empty"),
        ("31-02-1990", "impossible_date"),
        ("29-02-1999", "impossible_date"),
        ("1990-13-01", "impossible_date"),
        ("32/01/1990", "impossible_date"),
        ("01-01-2090", "future_date"),
        ("2026-06-02", "future_date"),
        ("01-01-1800", "implausible_date"),
        ("tidak tahu", "invalid_date"),
        ("12 Bulan 1990", "invalid_date"),
        ("1990", "invalid_date"),  # a year alone is no date (nor an Excel serial)
    ],
)
def test_bad_dates_are_problems_with_a_code(value, code):
    with pytest.raises(ValueProblem) as problem:
        parse_date(value, RULES)
    assert problem.value.code == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("+62-812-3456-7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("0062 812 3456 7890", "+6281234567890"),
        ("81234567890", "+6281234567890"),  # leading zero lost in a spreadsheet
        (81234567890, "+6281234567890"),
        ("(022) 2501234", "+62222501234"),
        ("0812-3456-7890 / 0813-1111-2222", "+6281234567890"),
    ],
)
def test_phone_numbers_become_e164(value, expected):
    assert clean_phone(value) == expected


@pytest.mark.parametrize("value", ["12345", "0000000000", "abc", "+1 555"])
def test_invalid_phone_numbers_are_problems(value):
    with pytest.raises(ValueProblem) as problem:
        clean_phone(value)
    assert problem.value.code == "invalid_phone"


@pytest.mark.parametrize(
    ("value", "address", "rt", "rw"),
    [
        ("JL. MERDEKA NO 5 RT.3/RW.5", "Jalan MERDEKA NO 5", "003", "005"),
        ("Jln Dago 12 RT 003 RW 005", "Jalan Dago 12", "003", "005"),
        ("Jl Dago 12 Rt. 3 Rw. 5", "Jalan Dago 12", "003", "005"),
        (
            "Gg. Mawar, RT 03/05, Kec. Coblong",
            "Gang Mawar, Kecamatan Coblong",
            "003",
            "005",
        ),
        ("Jalan Raya 12 RT/RW 001/002", "Jalan Raya 12", "001", "002"),
        ("Kp. Sukamaju RT 7", "Kampung Sukamaju", "007", ""),
        ("Perum Griya  Indah   Blok C", "Perumahan Griya Indah Blok C", "", ""),
        ("Kel. Dago, Kab. Bandung", "Kelurahan Dago, Kabupaten Bandung", "", ""),
        ("Jalan Jalan 1", "Jalan Jalan 1", "", ""),
        ("", "", "", ""),
    ],
)
def test_addresses_expand_abbreviations_and_give_up_rt_rw(value, address, rt, rw):
    parts = clean_address(value)
    assert (parts.address, parts.rt, parts.rw) == (address, rt, rw)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", "003"),
        ("03", "003"),
        ("003", "003"),
        (12, "012"),
        ("RT 4", "004"),
        ("999", "999"),
    ],
)
def test_rt_rw_are_zero_padded(value, expected):
    assert clean_rt_rw(value) == expected


@pytest.mark.parametrize("value", ["0", "1000", "abc", "3a"])
def test_bad_rt_rw_are_problems(value):
    with pytest.raises(ValueProblem):
        clean_rt_rw(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("SITI AMINAH", "Siti Aminah"),
        ("  siti   aminah ", "Siti Aminah"),
        ("BUDI SANTOSO BIN AHMAD", "Budi Santoso bin Ahmad"),
        ("siti binti hasan", "Siti binti Hasan"),
        ("MUHAMMAD AL-FATIH", "Muhammad Al-Fatih"),
        ("MA'RUF AMIN", "Ma'ruf Amin"),
        ("La Ode McDonald", "La Ode McDonald"),  # mixed case kept
        ("DR. H. AHMAD SURYADI, S.H., M.Kn.", "Dr. H. Ahmad Suryadi, S.H., M.Kn."),
        ("I Gusti Ngurah Rai", "I Gusti Ngurah Rai"),
        ("ni\tmade\nayu", "Ni Made Ayu"),
    ],
)
def test_names_are_tidied_for_display(value, expected):
    assert clean_name(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("12345", "invalid_name"),
        ("-- . --", "invalid_name"),
    ],
)
def test_unusable_names_are_problems(value, code):
    with pytest.raises(ValueProblem) as problem:
        clean_name(value)
    assert problem.value.code == code


def test_places_drop_numbers_only_values():
    assert clean_place("BANDUNG") == "Bandung"
    assert clean_place("-") == ""
    assert clean_place(None) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3273015208900001", "3273015208900001"),
        ("3273 0152 0890 0001", "3273015208900001"),
        ("3273.0152.0890.0001", "3273015208900001"),
        ("'3273015208900001", "3273015208900001"),
        (3273015208900001, "3273015208900001"),
        (3273015208900001.0, "3273015208900001"),
    ],
)
def test_identity_numbers_keep_their_digits(value, expected):
    assert clean_number(value) == expected


def test_numbers_mangled_by_spreadsheets_are_spotted():
    with pytest.raises(ValueProblem) as problem:
        clean_number("3.27301E+15")
    assert problem.value.code == "mangled_number"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("L", "M"),
        ("P", "F"),
        ("1", "M"),
        ("2", "F"),
        ("LAKI-LAKI", "M"),
        ("Perempuan", "F"),
        ("pria", "M"),
        ("Wanita", "F"),
        ("M", "M"),
        ("female", "F"),
    ],
)
def test_sex_codes(value, expected):
    assert clean_sex(value) == expected


def test_mapping_values_win_over_the_usual_sex_codes():
    assert clean_sex("1", {"1": "F", "2": "M"}) == "F"
    with pytest.raises(ValueProblem):
        clean_sex("X")
