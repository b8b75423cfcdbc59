# SPDX-License-Identifier: EUPL-1.2
import dataclasses
import datetime as dt

import pytest

from balai.core.errors import BalaiError
from balai.regions.nik import (
    NikError,
    ParsedNik,
    format_nik_masked,
    nik_matches,
    parse_nik,
)

TODAY = dt.date(2026, 3, 1)


def nik(region="317407", day="15", month="08", year="90", serial="0001"):
    return f"{region}{day}{month}{year}{serial}"


def parse(value, **kwargs):
    return parse_nik(value, today=TODAY, check_region=False, **kwargs)


def test_parse_male_nik_decodes_every_part():
    parsed = parse(nik())
    assert parsed == ParsedNik(
        nik="3174071508900001",
        district_code="31.74.07",
        sex="M",
        birth_day=15,
        birth_month=8,
        birth_year_2digit=90,
        birth_date_hint=dt.date(1990, 8, 15),
        serial=1,
        warnings=[],
        current_district_code=None,
    )


def test_women_have_forty_added_to_the_day():
    parsed = parse(nik(day="55"))
    assert (parsed.sex, parsed.birth_day) == ("F", 15)
    assert parse(nik(day="41")).birth_day == 1
    assert parse(nik(day="71", month="12")).birth_day == 31


@pytest.mark.parametrize("day", ["00", "32", "39", "40", "72", "99"])
def test_day_outside_both_ranges_is_rejected(day):
    with pytest.raises(NikError) as excinfo:
        parse(nik(day=day))
    assert excinfo.value.code == "invalid_birth_day"


@pytest.mark.parametrize("month", ["00", "13", "99"])
def test_month_must_be_1_to_12(month):
    with pytest.raises(NikError) as excinfo:
        parse(nik(month=month))
    assert excinfo.value.code == "invalid_month"


@pytest.mark.parametrize(
    ("day", "month"),
    [
        ("31", "04"),
        ("31", "06"),
        ("31", "09"),
        ("31", "11"),
        ("71", "04"),
        ("30", "02"),
    ],
)
def test_day_must_exist_in_the_month(day, month):
    with pytest.raises(NikError) as excinfo:
        parse(nik(day=day, month=month))
    assert excinfo.value.code == "invalid_date"


@pytest.mark.parametrize("year", ["04", "96", "00", "24"])
def test_february_29_in_leap_years(year):
    assert parse(nik(day="29", month="02", year=year)).birth_day == 29
    assert parse(nik(day="69", month="02", year=year)).sex == "F"


@pytest.mark.parametrize("year", ["03", "01", "99", "25"])
def test_february_29_rejected_in_non_leap_years(year):
    for day in ("29", "69"):
        with pytest.raises(NikError) as excinfo:
            parse(nik(day=day, month="02", year=year))
        assert excinfo.value.code == "invalid_date"


def test_year_00_february_29_is_2000():
    assert parse(nik(day="29", month="02", year="00")).birth_date_hint == dt.date(
        2000, 2, 29
    )


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        ("25", "08", dt.date(2025, 8, 15)),
        ("26", "01", dt.date(2026, 1, 15)),
        ("26", "12", dt.date(1926, 12, 15)),  # 2026-12 is still in the future
        ("27", "01", dt.date(1927, 1, 15)),
        ("90", "08", dt.date(1990, 8, 15)),
        ("00", "08", dt.date(2000, 8, 15)),
    ],
)
def test_century_hint(year, month, expected):
    assert parse(nik(year=year, month=month)).birth_date_hint == expected


def test_serial_0000_is_rejected():
    with pytest.raises(NikError) as excinfo:
        parse(nik(serial="0000"))
    assert excinfo.value.code == "invalid_serial"
    assert parse(nik(serial="9999")).serial == 9999


@pytest.mark.parametrize(
    "value",
    [
        "3174 0715 0890 0001",
        "31.74.07.150890.0001",
        "3174-0715-0890-0001",
        " 3174071508900001\n",
        "3174\t0715 08-90.0001",
    ],
)
def test_separators_are_stripped(value):
    assert parse(value).nik == "3174071508900001"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("317407150890001", "invalid_length"),
        ("31740715089000011", "invalid_length"),
        ("", "invalid_length"),
        ("3174O71508900001", "invalid_characters"),
        ("317407150890000A", "invalid_characters"),
        ("3174071508900001/", "invalid_characters"),
        ("３１７４０７１５０８９００００１", "invalid_characters"),
        ("٣١٧٤٠٧١٥٠٨٩٠٠٠٠١", "invalid_characters"),
    ],
)
def test_length_and_characters(value, code):
    with pytest.raises(NikError) as excinfo:
        parse(value)
    assert excinfo.value.code == code


@pytest.mark.parametrize(
    "region", ["007407", "107407", "977407", "997407", "310007", "317007", "317400"]
)
def test_implausible_region_part_is_rejected(region):
    with pytest.raises(NikError) as excinfo:
        parse(nik(region=region))
    assert excinfo.value.code == "invalid_region_code"


def test_error_is_a_balai_error_without_the_number_in_the_message():
    with pytest.raises(BalaiError) as excinfo:
        parse("3174071508900000")
    error = excinfo.value
    assert isinstance(error, NikError)
    assert error.status == 400
    assert "3174" not in error.message
    assert str(error) == error.message


def test_check_region_false_needs_no_database():
    # No db fixture here: any query would raise "Database access not allowed".
    assert parse_nik(nik(region="339999"), check_region=False).warnings == []


@pytest.mark.usefixtures("sample_regions")
class TestRegionCheck:
    def test_current_district_has_no_warning(self):
        parsed = parse_nik(nik(), today=TODAY)
        assert parsed.warnings == []
        assert parsed.current_district_code == "31.74.07"

    def test_retired_papua_prefix_is_valid_with_warning(self):
        parsed = parse_nik(nik(region="910101"), today=TODAY)
        assert parsed.district_code == "91.01.01"
        assert parsed.warnings == ["retired_region_code"]
        assert parsed.current_district_code == "93.01.01"

    def test_unknown_prefix_is_valid_with_warning(self):
        parsed = parse_nik(nik(region="339999"), today=TODAY)
        assert parsed.warnings == ["unknown_region_code"]
        assert parsed.current_district_code is None

    def test_default_today_is_local_date(self):
        assert parse_nik(nik(year="90")).birth_date_hint.year == 1990


def test_format_nik_masked():
    assert format_nik_masked("3174071508900001") == "3174********0001"
    assert format_nik_masked("3174 0715 0890 0001") == "3174********0001"
    assert format_nik_masked("123") == "***"
    assert format_nik_masked("") == ""


def test_nik_matches_reports_only_disagreements():
    parsed = parse(nik(day="55"))  # woman born 15-08-90
    assert nik_matches(parsed, dt.date(1990, 8, 15), "F") == []
    assert nik_matches(parsed, dt.date(1990, 8, 15), "P") == []
    assert nik_matches(parsed, dt.date(1990, 8, 15), "perempuan") == []
    assert nik_matches(parsed, None, None) == []
    assert nik_matches(parsed, dt.date(1990, 8, 16), "F") == ["birth_date_mismatch"]
    assert nik_matches(parsed, dt.date(1991, 8, 15), "F") == ["birth_date_mismatch"]
    # the century is not encoded, so 1890 and 2090 would agree: only yy is compared
    assert nik_matches(parsed, dt.date(2090, 8, 15), "F") == []
    assert nik_matches(parsed, dt.date(1990, 8, 15), "M") == ["sex_mismatch"]
    assert nik_matches(parsed, dt.date(1990, 8, 15), "L") == ["sex_mismatch"]
    assert nik_matches(parsed, dt.date(1990, 9, 15), "M") == [
        "birth_date_mismatch",
        "sex_mismatch",
    ]


def test_parsed_nik_is_frozen():
    parsed = parse(nik())
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.sex = "F"
