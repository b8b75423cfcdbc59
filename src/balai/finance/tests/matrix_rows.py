# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of the finance app (gathered by security's matrix test)."""

from __future__ import annotations

from typing import Any

from balai.security.tests.matrix_support import EVERYONE, row

READERS = {"agency_head", "finance_officer", "auditor", "system_admin"}
KEEPERS = {"finance_officer", "system_admin"}


def _finance(world: dict[str, Any]) -> dict[str, Any]:
    """A budget of this year with one spending entry, made once per world."""
    if "finance" not in world:
        from django.utils import timezone

        from balai.accounts.testing import verified
        from balai.finance.services.codes import codes_load_all
        from balai.finance.services.journal import spending_post
        from balai.finance.tests.helpers import ROAD, approved_budget, item

        codes_load_all()
        keeper = verified(world["finance_officer"])
        road = item(keeper.agency, ROAD)
        today = timezone.localdate()
        approved_budget(keeper, today.year, {road: 1_000_000})
        entry = spending_post(
            actor=keeper,
            item=road,
            amount=1_000,
            date=today,
            document_number="SP2D/MATRIX/1",
            description="matrix",
        )
        world["finance"] = {"item": road, "entry": entry, "year": today.year}
    return world["finance"]


def _year(world: dict[str, Any]) -> dict[str, Any]:
    return {"year": _finance(world)["year"], "name": "lra.csv"}


def _agency(world: dict[str, Any]) -> dict[str, Any]:
    return {"code": _finance(world)["item"].agency.code}


def _item(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _finance(world)["item"].pk}


def _entry(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _finance(world)["entry"].pk}


def _batch(world: dict[str, Any]) -> dict[str, Any]:
    if "finance_batch" not in world:
        from balai.finance.models import ImportBatch

        world["finance_batch"] = ImportBatch.objects.create(
            kind="sp2d", file_name="sp2d.csv", file_sha256="0" * 64, file_format="csv"
        )
    return {"pk": world["finance_batch"].pk}


ROWS = {
    "finance:transparency": row(EVERYONE, kwargs=lambda w: (_finance(w), {})[1]),
    "finance:breakdown": row(EVERYONE, kwargs=lambda w: (_finance(w), {})[1]),
    "finance:download": row(EVERYONE, kwargs=_year),
    "finance:dashboard": row(READERS),
    "finance:dashboard-agency": row(READERS, kwargs=_agency),
    "finance:dashboard-item": row(READERS, kwargs=_item),
    "finance:dashboard-entry": row(READERS, kwargs=_entry),
    "finance:imports": row(KEEPERS),
    "finance:import": row(KEEPERS, kwargs=_batch),
    "finance-api:year-list": row(EVERYONE, kwargs=lambda w: (_finance(w), {})[1]),
    "finance-api:budget": row(EVERYONE, kwargs=lambda w: (_finance(w), {})[1]),
    "finance-api:cash-plan": row(EVERYONE, kwargs=lambda w: (_finance(w), {})[1]),
    "finance-api:code-list": row(
        EVERYONE, kwargs=lambda w: (_finance(w), {"tree": "activity"})[1]
    ),
}
