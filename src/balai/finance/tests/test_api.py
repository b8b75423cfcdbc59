# SPDX-License-Identifier: EUPL-1.2
"""The public finance API: budget against realisation by dimension, year and
version, the cash plan and the code trees."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

import pytest

from balai.finance.services.budget import (
    budget_line_set,
    budget_version_approve,
    budget_version_create,
)
from balai.finance.services.journal import spending_post
from balai.finance.tests.helpers import ATK, ROAD, approved_budget, item

pytestmark = pytest.mark.usefixtures("codes")


@pytest.fixture
def books(keeper: Any, agency: Any) -> dict[str, Any]:
    year = timezone.localdate().year
    road, atk = item(agency, ROAD), item(agency, ATK)
    approved_budget(keeper, year, {road: 2_000_000, atk: 500_000})
    spending_post(
        actor=keeper,
        item=road,
        amount=1_250_000,
        date=dt.date(year, 1, 15),
        document_number="SP2D/API/1",
        description="Pemeliharaan jalan",
    )
    shift = budget_version_create(actor=keeper, fiscal_year=year, kind="pergeseran")
    budget_line_set(actor=keeper, version=shift, item=road, amount=2_400_000)
    budget_version_approve(actor=keeper, version=shift)
    return {"year": year}


def test_budget_by_agency_and_by_version(client: Any, books: dict[str, Any]) -> None:
    url = reverse("finance-api:budget")
    body = client.get(url).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["code"], row["budget"], row["realised"]) == (
        "dinas-pu",
        2_900_000,
        1_250_000,
    )
    murni = client.get(url, {"year": books["year"], "version": 1}).json()
    assert murni["results"][0]["budget"] == 2_500_000
    assert murni["results"][0]["realised"] == 1_250_000
    assert client.get(url, {"version": 9}).json()["count"] == 0
    assert client.get(url, {"year": 1999}).status_code == 400
    assert client.get(url, {"year": 2001}).json()["count"] == 0
    assert client.get(url, {"dimension": "nope"}).status_code == 400
    funds = client.get(url, {"dimension": "fund", "level": 2}).json()  # no levels
    assert [r["code"] for r in funds["results"]] == ["PAD"]


def test_budget_down_the_programme_and_account_trees(
    client: Any, books: dict[str, Any]
) -> None:
    url = reverse("finance-api:budget")
    programmes = client.get(url, {"dimension": "activity"}).json()["results"]
    assert {r["code"] for r in programmes} == {"1.03.10", "1.03.01"}
    down = client.get(url, {"dimension": "activity", "parent": "1.03.10"}).json()
    assert [(r["code"], r["realised"]) for r in down["results"]] == [
        ("1.03.10.2.01", 1_250_000)
    ]
    accounts = client.get(url, {"dimension": "account", "level": 2}).json()
    assert {r["code"] for r in accounts["results"]} == {"5.1", "5.2"}
    regions = client.get(url, {"dimension": "location", "limit": 1}).json()
    assert regions["count"] == 1 and regions["results"][0]["code"] == "32.73"


def test_years_and_code_trees(client: Any, books: dict[str, Any]) -> None:
    years = client.get(reverse("finance-api:year-list")).json()
    assert years["results"][0]["year"] == books["year"]
    assert years["results"][0]["version_in_force"] == 2
    assert [v["kind"] for v in years["results"][0]["versions"]] == [
        "murni",
        "pergeseran",
    ]
    url = reverse("finance-api:code-list", args=["activity"])
    children = client.get(url, {"parent": "1.03.10"}).json()["results"]
    assert children and all(c["parent"] == "1.03.10" for c in children)
    funds = client.get(reverse("finance-api:code-list", args=["fund"])).json()
    assert "PAD" in {c["code"] for c in funds["results"]}
    assert (
        client.get(reverse("finance-api:code-list", args=["nope"])).status_code == 404
    )


def test_nothing_personal_leaks(client: Any, books: dict[str, Any]) -> None:
    for name in ("finance-api:budget", "finance-api:cash-plan"):
        text = client.get(reverse(name)).content.decode()
        assert "SP2D/API/1" not in text and "Pemeliharaan" not in text
