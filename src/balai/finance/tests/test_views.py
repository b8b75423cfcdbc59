# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone

import pytest

from balai.accounts.constants import Role
from balai.accounts.tests.factories import StaffFactory
from balai.finance.services.journal import revenue_post, spending_post
from balai.finance.tests.helpers import ATK, PBB, ROAD, approved_budget, item

pytestmark = pytest.mark.usefixtures("codes")


@pytest.fixture
def year_data(keeper: Any, agency: Any, bapenda: Any) -> dict[str, Any]:
    year = timezone.localdate().year
    road, atk, pbb = item(agency, ROAD), item(agency, ATK), item(bapenda, PBB)
    approved_budget(keeper, year, {road: 2_000_000, atk: 500_000, pbb: 9_000_000})
    first = dt.date(year, 1, 15)
    spent = spending_post(
        actor=keeper,
        item=road,
        amount=1_250_000,
        date=first,
        document_number="SP2D/0007",
        description="Pemeliharaan jalan Dago",
    )
    revenue_post(
        actor=keeper,
        item=pbb,
        amount=3_000_000,
        date=first,
        document_number="STS/1",
        description="PBB",
    )
    return {"year": year, "road": road, "entry": spent}


def test_the_public_portal_shows_totals_tables_and_downloads(
    client: Any, year_data: dict[str, Any]
) -> None:
    page = client.get(reverse("finance:transparency"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rp1.250.000" in html and "Rp2.500.000" in html  # spent of budget
    assert "Rp3.000.000" in html  # revenue
    assert "Dinas Pekerjaan Umum" in html
    assert "<svg" in html
    # no CDN host (a bare "cdn" can occur inside the page's random CSRF token)
    assert not re.search(r"\bcdn\b|cdn\.|//cdn", html.lower())
    assert "SP2D/0007" not in html  # no documents or payees in public


def test_the_breakdown_drills_down_the_programme_tree(
    client: Any, year_data: dict[str, Any]
) -> None:
    url = reverse("finance:breakdown")
    top = client.get(url, {"dimensi": "activity"}).content.decode()
    assert "1.03.10" in top and "induk=1.03.10" in top
    down = client.get(url, {"dimensi": "activity", "induk": "1.03.10"}).content.decode()
    assert "1.03.10.2.01" in down and "Rp1.250.000" in down
    assert client.get(url, {"dimensi": "nope"}).status_code == 404


def test_downloads(client: Any, year_data: dict[str, Any]) -> None:
    year = year_data["year"]
    lra = client.get(reverse("finance:download", args=[year, "lra.csv"]))
    assert lra["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(lra.content.decode())))
    assert any(r[0] == "5" and r[3] == "1250000" for r in rows)
    apbd = client.get(reverse("finance:download", args=[year, "apbd.csv"]))
    lines = list(csv.DictReader(io.StringIO(apbd.content.decode())))
    assert {(r["sub_kegiatan_code"], r["budget"], r["realised"]) for r in lines} >= {
        (ROAD[0], "2000000", "1250000")
    }
    pdf = client.get(reverse("finance:download", args=[year, "lra.pdf"]))
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("finance:download", args=[year, "lra.xlsx"]))
    assert xlsx.content.startswith(b"PK")
    assert (
        client.get(reverse("finance:download", args=[year, "x.doc"])).status_code == 404
    )
    assert (
        client.get(reverse("finance:download", args=[1999, "lra.csv"])).status_code
        == 404
    )


def test_a_leader_drills_from_the_total_to_an_entry(
    staff_client: Any, agency: Any, year_data: dict[str, Any]
) -> None:
    head = StaffFactory(agency=agency, roles=[Role.AGENCY_HEAD])
    client = staff_client(head)
    total = client.get(reverse("finance:dashboard")).content.decode()
    agency_url = reverse("finance:dashboard-agency", args=["dinas-pu"])
    assert agency_url in total and "Rp1.250.000" in total
    lines = client.get(agency_url).content.decode()
    item_url = reverse("finance:dashboard-item", args=[year_data["road"].pk])
    assert item_url in lines
    item_page = client.get(item_url).content.decode()
    entry_url = reverse("finance:dashboard-entry", args=[year_data["entry"].pk])
    assert entry_url in item_page and "SP2D/0007" in item_page
    entry_page = client.get(entry_url).content.decode()
    assert "Pemeliharaan jalan Dago" in entry_page and "5.2.04.01.01.0012" in entry_page


def test_officers_and_citizens_do_not_see_the_dashboard(
    staff_client: Any, officer: Any, client: Any, year_data: dict[str, Any]
) -> None:
    anonymous = client.get(reverse("finance:dashboard"))
    assert anonymous.status_code == 302
    assert staff_client(officer).get(reverse("finance:dashboard")).status_code == 403
