# SPDX-License-Identifier: EUPL-1.2
import datetime as dt

import pytest

from balai.regions.nik import KkNumberError, NikError, parse_kk_number

TODAY = dt.date(2026, 3, 1)


def kk(region="317407", date="150820", serial="0001"):
    return f"{region}{date}{serial}"


def parse(value):
    return parse_kk_number(value, today=TODAY, check_region=False)


def test_parse_kk_number():
    parsed = parse("3174 0715 0820 0001")
    assert parsed.number == "3174071508200001"
    assert parsed.district_code == "31.74.07"
    assert parsed.issue_date == dt.date(2020, 8, 15)
    assert parsed.serial == 1
    assert parsed.warnings == []


def test_today_may_be_positional():
    assert parse_kk_number(kk(), TODAY, check_region=False).serial == 1


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("010126", dt.date(2026, 1, 1)),
        ("010326", dt.date(2026, 3, 1)),
        ("311299", dt.date(1999, 12, 31)),
        ("290200", dt.date(2000, 2, 29)),
        ("290204", dt.date(2004, 2, 29)),
    ],
)
def test_issue_date_century(date, expected):
    assert parse(kk(date=date)).issue_date == expected


@pytest.mark.parametrize("date", ["020326", "150626", "311226"])
def test_issue_date_in_the_future_is_rejected(date):
    with pytest.raises(KkNumberError) as excinfo:
        parse(kk(date=date))
    assert excinfo.value.code == "future_date"


@pytest.mark.parametrize(
    "date", ["550820", "410820", "310420", "290203", "001020", "151320", "150020"]
)
def test_issue_date_must_be_real_and_has_no_plus_forty(date):
    with pytest.raises(KkNumberError) as excinfo:
        parse(kk(date=date))
    assert excinfo.value.code == "invalid_date"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (kk(serial="0000"), "invalid_serial"),
        (kk()[:-1], "invalid_length"),
        (kk() + "1", "invalid_length"),
        ("KK" + kk()[2:], "invalid_characters"),
        (kk(region="007407"), "invalid_region_code"),
    ],
)
def test_structural_errors(value, code):
    with pytest.raises(KkNumberError) as excinfo:
        parse(value)
    assert excinfo.value.code == code
    assert not isinstance(excinfo.value, NikError)


@pytest.mark.usefixtures("sample_regions")
def test_region_warnings_follow_the_nik_rules():
    assert parse_kk_number(kk(), today=TODAY).current_district_code == "31.74.07"
    retired = parse_kk_number(kk(region="910203"), today=TODAY)
    assert retired.warnings == ["retired_region_code"]
    assert retired.current_district_code == "95.01.02"
    assert parse_kk_number(kk(region="339999"), today=TODAY).warnings == [
        "unknown_region_code"
    ]
