# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from typing import Any

import pytest

from balai.core.errors import BalaiError
from balai.finance import codes
from balai.finance.constants import ActivityLevel, CodeKind, ErrorCode
from balai.finance.models import Account, Activity, CodeChange, FundingSource, Location
from balai.finance.services.codes import code_rename, codes_load, codes_load_all


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("1", "1"),
        ("1.2", "1.02"),
        ("1.02.01", "1.02.01"),
        ("1.02.01.2.01", "1.02.01.2.01"),
        ("1.02.01.2.01.01", "1.02.01.2.01.0001"),  # the 2019 two-digit form
        ("1.02.01.2.01.0001", "1.02.01.2.01.0001"),
    ],
)
def test_activity_codes_normalise_to_four_digit_sub_activities(
    raw: str, normal: str
) -> None:
    assert codes.normalise_activity_code(raw) == normal


@pytest.mark.parametrize(
    "bad",
    ["", "x", "1.02.01.2", "1.02.01.3.01", "1.100.01", "1.02.01.2.01.12345", "1..2"],
)
def test_bad_activity_codes_are_refused(bad: str) -> None:
    with pytest.raises(BalaiError) as caught:
        codes.normalise_activity_code(bad)
    assert caught.value.code == ErrorCode.INVALID_CODE


def test_account_codes_normalise_by_level_not_by_string() -> None:
    assert codes.normalise_account_code("5.1.02.01.001.00024") == "5.1.02.01.01.0024"
    assert codes.normalise_account_code("5.1.2") == "5.1.02"
    with pytest.raises(BalaiError):
        codes.normalise_account_code("5.1.02.01.01.0024.1")
    with pytest.raises(BalaiError):
        codes.normalise_account_code("5.12")


def test_parents_follow_the_hierarchy() -> None:
    assert codes.activity_parent("1.02.01.2.01") == "1.02.01"  # kegiatan → programme
    assert codes.activity_parent("1.02.01.2.01.0001") == "1.02.01.2.01"
    assert codes.ancestors("5.1.02.01.01.0024", codes.account_parent) == [
        "5.1.02.01.01.0024",
        "5.1.02.01.01",
        "5.1.02.01",
        "5.1.02",
        "5.1",
        "5",
    ]


def test_shipped_code_lists_load_as_trees_and_reload_changes_nothing(db: Any) -> None:
    first = codes_load_all()
    assert first[CodeKind.ACTIVITY].created == Activity.objects.count() > 40
    sub = Activity.objects.get(code="2.12.02.2.01.0001")
    assert sub.level == ActivityLevel.SUB_KEGIATAN
    assert sub.parent.code == "2.12.02.2.01"
    assert sub.parent.parent.code == "2.12.02"
    assert sub.parent.parent.parent.parent.code == "2"
    account = Account.objects.get(code="5.1.02.01.01.0024")
    assert account.level == 6 and account.parent.code == "5.1.02.01.01"
    assert FundingSource.objects.filter(code="DAU").exists()
    assert Location.objects.get(code="32.73.02").name == "Coblong"

    again = codes_load_all()
    assert all(result.created == 0 and result.renamed == 0 for result in again.values())
    assert CodeChange.objects.count() == 0


def test_a_renamed_code_keeps_its_row_and_its_history(codes: None, keeper: Any) -> None:
    fund = FundingSource.objects.get(code="PAD")
    code_rename(actor=keeper, kind=CodeKind.FUND, code="PAD", name="PAD (baru)")
    codes_load(kind=CodeKind.FUND, rows=[("PAD", "Pendapatan Asli Daerah")])
    fund.refresh_from_db()
    assert fund.name == "Pendapatan Asli Daerah"
    history = list(
        CodeChange.objects.filter(code="PAD").values_list("old_name", "new_name")
    )
    assert history == [
        ("Pendapatan Asli Daerah", "PAD (baru)"),
        ("PAD (baru)", "Pendapatan Asli Daerah"),
    ]


def test_a_child_before_its_parent_is_refused(db: Any) -> None:
    with pytest.raises(BalaiError) as caught:
        codes_load(kind=CodeKind.ACCOUNT, rows=[("5.1.02", "Belanja Barang dan Jasa")])
    assert caught.value.code == ErrorCode.UNKNOWN_CODE
    assert not Account.objects.exists()


def test_only_finance_keepers_rename_codes(codes: None, officer: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        code_rename(actor=officer, kind=CodeKind.FUND, code="PAD", name="x")
