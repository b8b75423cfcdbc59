# SPDX-License-Identifier: EUPL-1.2
"""The cash plan (anggaran kas): planned against realised cumulative spending on
the leaders' dashboard, the public page and the API."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone

import pytest

from balai.finance import charts, selectors
from balai.finance.services.budget import cash_plan_set
from balai.finance.services.journal import spending_post
from balai.finance.tests.helpers import ROAD, approved_budget, item

pytestmark = pytest.mark.usefixtures("codes")


@pytest.fixture
def plan(keeper: Any, agency: Any) -> dict[str, Any]:
    year = timezone.localdate().year
    road = item(agency, ROAD)
    approved_budget(keeper, year, {road: 1_200_000})
    for month in range(1, 13):
        cash_plan_set(actor=keeper, item=road, year=year, month=month, amount=100_000)
    spending_post(
        actor=keeper,
        item=road,
        amount=250_000,
        date=dt.date(year, 1, 20),
        document_number="SP2D/KAS/1",
        description="x",
    )
    return {"year": year, "road": road}


def test_the_curve_adds_up_plan_and_realisation(plan: dict[str, Any]) -> None:
    curve = selectors.cash_plan_curve(year=plan["year"])
    months = curve["months"]
    assert curve["budget"] == 1_200_000
    assert [m["planned_cumulative"] for m in months][:3] == [100_000, 200_000, 300_000]
    assert months[11]["planned_cumulative"] == 1_200_000
    assert months[0]["realised_cumulative"] == 250_000
    through = curve["through"]
    assert months[through - 1]["realised_cumulative"] == 250_000
    assert all(m["realised_cumulative"] is None for m in months[through:])

    chart = charts.cash_curve(curve)
    planned = [tuple(map(float, p.split(","))) for p in chart["planned"].split()]
    assert len(planned) == 13  # from the origin through December
    ys = [y for _x, y in planned]
    assert ys == sorted(ys, reverse=True)  # cumulative: never going down
    assert planned[-1][1] == chart["budget_y"]  # the plan reaches the budget
    assert len(chart["realised"].split()) == through + 1


def test_dashboard_public_page_and_api_show_the_curve(
    client: Any, keeper: Any, staff_client: Any, plan: dict[str, Any]
) -> None:
    public = client.get(reverse("finance:transparency")).content.decode()
    assert 'data-testid="cash-curve"' in public
    assert re.search(r'class="finance-plan" points="[\d., ]+"', public)
    assert "Rp1.200.000" in public  # the plan's total in the figures table
    api = client.get(reverse("finance-api:cash-plan")).json()
    assert api["months"][11]["planned_cumulative"] == 1_200_000
    assert api["months"][0]["realised"] == 250_000
    dashboard = staff_client(keeper).get(reverse("finance:dashboard"))
    assert 'data-testid="cash-curve"' in dashboard.content.decode()


def test_a_cash_plan_month_out_of_range_is_refused(
    keeper: Any, plan: dict[str, Any]
) -> None:
    from balai.core.errors import BalaiError

    with pytest.raises(BalaiError):
        cash_plan_set(
            actor=keeper, item=plan["road"], year=plan["year"], month=13, amount=1
        )
    assert (
        cash_plan_set(
            actor=keeper, item=plan["road"], year=plan["year"], month=1, amount=100_000
        )
        == "unchanged"
    )
