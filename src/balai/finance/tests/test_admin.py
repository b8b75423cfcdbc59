# SPDX-License-Identifier: EUPL-1.2
"""Editing the code lists and revenue routes in the back office, history kept."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

import pytest

from balai.core.errors import BalaiError
from balai.finance.constants import CodeKind
from balai.finance.models import Activity, CodeChange, RevenueRoute
from balai.finance.services.codes import code_add, codes_load, revenue_route_set
from balai.finance.tests.helpers import PBB, ROAD, item

pytestmark = pytest.mark.usefixtures("codes")


@pytest.fixture
def sysadmin(agency: Any) -> Any:
    """The back office is the system administrators' (who also keep the budget)."""
    from balai.accounts.constants import Role
    from balai.accounts.testing import verified
    from balai.accounts.tests.factories import StaffFactory

    return verified(StaffFactory(agency=agency, roles=[Role.SYSTEM_ADMIN]))


PROGRAMME = "1.03.10"


def test_a_rename_in_the_admin_keeps_the_old_name_and_the_loader_agrees(
    sysadmin: Any, staff_client: Any
) -> None:
    client = staff_client(sysadmin)
    programme = Activity.objects.get(code=PROGRAMME)
    old = programme.name
    url = reverse("admin:finance_activity_change", args=[programme.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"code": "9.99", "name": "Program Jalan Kota"})
    assert response.status_code == 302, response.content.decode()[:2000]
    programme.refresh_from_db()
    assert (programme.code, programme.name) == (PROGRAMME, "Program Jalan Kota")
    change = CodeChange.objects.get(kind=CodeKind.ACTIVITY, code=PROGRAMME)
    assert (change.old_name, change.new_name, change.actor) == (
        old,
        "Program Jalan Kota",
        sysadmin,
    )
    assert "Program Jalan Kota" in client.get(url).content.decode()
    # the shipped file loaded again renames it back, with a second history row
    codes_load(kind=CodeKind.ACTIVITY)
    assert (
        CodeChange.objects.filter(kind=CodeKind.ACTIVITY, code=PROGRAMME).count() == 2
    )


def test_adding_a_code_derives_level_and_parent_and_refuses_orphans(
    sysadmin: Any, keeper: Any, staff_client: Any
) -> None:
    client = staff_client(sysadmin)
    url = reverse("admin:finance_activity_add")
    orphan = client.post(url, {"code": "1.03.77.2.01", "name": "Tanpa induk"})
    assert orphan.status_code == 200
    assert not Activity.objects.filter(code="1.03.77.2.01").exists()
    response = client.post(url, {"code": "1.03.10.2.01.99", "name": "Sub baru"})
    assert response.status_code == 302
    added = Activity.objects.get(code="1.03.10.2.01.0099")  # normalised
    assert added.level == 5 and added.parent.code == "1.03.10.2.01"
    assert CodeChange.objects.filter(code=added.code, old_name="").exists()
    with pytest.raises(BalaiError):
        code_add(actor=keeper, kind=CodeKind.ACTIVITY, code=added.code, name="x")


def test_revenue_route_changes_keep_their_history(
    keeper: Any, sysadmin: Any, agency: Any, bapenda: Any, staff_client: Any
) -> None:
    pbb = item(bapenda, PBB)
    other = item(agency, PBB)
    route = revenue_route_set(actor=keeper, kind="pbb", item=pbb)
    assert route.kind == "PBB"
    with pytest.raises(BalaiError):  # a spending line cannot receive payments
        revenue_route_set(actor=keeper, kind="PBB", item=item(agency, ROAD))
    client = staff_client(sysadmin)
    url = reverse("admin:finance_revenueroute_change", args=[route.pk])
    response = client.post(url, {"item": str(other.pk)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert RevenueRoute.objects.get(kind="PBB").item == other
    history = list(
        CodeChange.objects.filter(kind=CodeKind.ROUTE, code="PBB")
        .order_by("created_at")
        .values_list("old_name", "new_name")
    )
    assert history[0][0] == "" and history[0][1].startswith("bapenda ")
    assert history[1] == (history[0][1], history[1][1])
    assert history[1][1].startswith("dinas-pu ")
    assert "bapenda" in client.get(url).content.decode()


def test_readers_cannot_edit_codes(sysadmin: Any, head: Any, staff_client: Any) -> None:
    from balai.accounts.testing import verified
    from balai.finance.admin import ActivityAdmin

    class Request:
        user = verified(head)

    model_admin = ActivityAdmin(Activity, None)  # type: ignore[arg-type]
    assert not model_admin.has_change_permission(Request())  # type: ignore[arg-type]
    Request.user = sysadmin
    assert model_admin.has_change_permission(Request())  # type: ignore[arg-type]
    assert not model_admin.has_delete_permission(Request())  # type: ignore[arg-type]
    client = staff_client(verified(head))
    programme = Activity.objects.get(code=PROGRAMME)
    url = reverse("admin:finance_activity_change", args=[programme.pk])
    response = client.post(url, {"name": "x"})
    assert response.status_code in (302, 403)
    programme.refresh_from_db()
    assert programme.name != "x"
