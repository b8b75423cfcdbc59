# SPDX-License-Identifier: EUPL-1.2
"""Loading and editing the code lists (with history)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, NotFound
from balai.finance import codes, policies
from balai.finance.constants import CodeKind, ErrorCode
from balai.finance.models import (
    Account,
    Activity,
    CodeChange,
    FundingSource,
    Location,
)
from balai.security import audit

DATA = "balai.finance.data"
FILES: dict[str, str] = {
    CodeKind.ACTIVITY: "activities.csv",
    CodeKind.ACCOUNT: "accounts.csv",
    CodeKind.FUND: "funding_sources.csv",
    CodeKind.LOCATION: "locations.csv",
}
MODELS: dict[str, Any] = {
    CodeKind.ACTIVITY: Activity,
    CodeKind.ACCOUNT: Account,
    CodeKind.FUND: FundingSource,
    CodeKind.LOCATION: Location,
}


@dataclass
class LoadResult:
    created: int = 0
    renamed: int = 0
    unchanged: int = 0


def _rows(kind: str) -> list[tuple[str, str]]:
    text = resources.files(DATA).joinpath(FILES[kind]).read_text(encoding="utf-8")
    return [(row["code"], row["name"]) for row in csv.DictReader(text.splitlines())]


def _normalised(kind: str, code: str) -> str:
    if kind == CodeKind.ACTIVITY:
        return codes.normalise_activity_code(code)
    if kind == CodeKind.ACCOUNT:
        return codes.normalise_account_code(code)
    return code.strip()


def _extra(kind: str, code: str, known: dict[str, Any]) -> dict[str, Any]:
    """Level and parent of a tree code; the parent must come first in the file."""
    level: int
    if kind == CodeKind.ACTIVITY:
        level, parent = int(codes.activity_level(code)), codes.activity_parent(code)
    elif kind == CodeKind.ACCOUNT:
        level, parent = codes.account_level(code), codes.account_parent(code)
    else:
        return {}
    if parent is not None and parent not in known:
        raise BalaiError(
            _("The parent %(parent)s of %(code)s is missing.")
            % {"parent": parent, "code": code},
            code=ErrorCode.UNKNOWN_CODE,
        )
    return {"level": level, "parent": known.get(parent) if parent else None}


@transaction.atomic
def codes_load(*, kind: str, rows: list[tuple[str, str]] | None = None) -> LoadResult:
    """Load one code list (the shipped file by default); idempotent: existing codes
    keep their row, a new name is recorded in the code's history."""
    model = MODELS[kind]
    result = LoadResult()
    known = {obj.code: obj for obj in model.objects.all()}
    for raw_code, name in rows if rows is not None else _rows(kind):
        code = _normalised(kind, raw_code)
        obj = known.get(code)
        if obj is None:
            obj = model.objects.create(
                code=code, name=name, **_extra(kind, code, known)
            )
            known[code] = obj
            result.created += 1
        elif obj.name != name:
            CodeChange.objects.create(
                kind=kind, code=code, old_name=obj.name, new_name=name
            )
            obj.name = name
            obj.save(update_fields=["name", "updated_at"])
            result.renamed += 1
        else:
            result.unchanged += 1
    return result


def codes_load_all() -> dict[str, LoadResult]:
    """Every shipped code list, parents before children."""
    return {kind: codes_load(kind=kind) for kind in FILES}


@transaction.atomic
def code_rename(*, actor: Any, kind: str, code: str, name: str) -> Any:
    """Give a code a new name; the old one stays in the code's history."""
    policies.ensure_can_manage_budget(actor)
    model = MODELS[kind]
    obj = model.objects.filter(code=_normalised(kind, code)).first()
    if obj is None:
        raise NotFound(_("No such code."), code=ErrorCode.UNKNOWN_CODE)
    name = (name or "").strip()
    if not name:
        raise BalaiError(
            _("A name is required."),
            code=ErrorCode.INVALID_CODE,
            field_errors={"name": [_("A name is required.")]},
        )
    if name != obj.name:
        CodeChange.objects.create(
            kind=kind, code=obj.code, old_name=obj.name, new_name=name, actor=actor
        )
        obj.name = name
        obj.full_clean()
        obj.save(update_fields=["name", "updated_at"])
        audit.record(actor=actor, action="finance_code.rename", target=obj)
    return obj


@transaction.atomic
def code_add(*, actor: Any, kind: str, code: str, name: str) -> Any:
    """Add one code to a list (a tree code needs its parent already there); the
    addition is the first entry of the code's history."""
    policies.ensure_can_manage_budget(actor)
    model = MODELS[kind]
    name = (name or "").strip()
    if not name:
        raise BalaiError(
            _("A name is required."),
            code=ErrorCode.INVALID_CODE,
            field_errors={"name": [_("A name is required.")]},
        )
    try:
        normal = _normalised(kind, code)
    except BalaiError as exc:
        raise BalaiError(
            exc.message, code=exc.code, field_errors={"code": [exc.message]}
        ) from exc
    if not normal or model.objects.filter(code=normal).exists():
        raise BalaiError(
            _("That code exists already."),
            code=ErrorCode.INVALID_CODE,
            field_errors={"code": [_("That code exists already.")]},
        )
    known = {obj.code: obj for obj in model.objects.all()}
    try:
        extra = _extra(kind, normal, known)
    except BalaiError as exc:
        raise BalaiError(
            exc.message, code=exc.code, field_errors={"code": [exc.message]}
        ) from exc
    obj = model(code=normal, name=name, **extra)
    obj.full_clean()
    obj.save()
    CodeChange.objects.create(kind=kind, code=normal, new_name=name, actor=actor)
    audit.record(actor=actor, action="finance_code.create", target=obj)
    return obj


def _route_label(item: Any) -> str:
    return f"{item.agency.code} {item.sub_activity.code} {item.account.code}"[:300]


@transaction.atomic
def revenue_route_set(*, actor: Any, kind: str, item: Any) -> Any:
    """Point settled payments of one payable kind at a revenue budget item; the
    previous item stays in the route's history (``CodeChange`` kind ``route``)."""
    from balai.finance.models import RevenueRoute

    policies.ensure_can_manage_budget(actor)
    kind = (kind or "").strip().upper()
    if not kind or len(kind) > 10 or not kind.isalnum():
        raise BalaiError(
            _("A payable kind is up to 10 letters or digits, like PBB."),
            code=ErrorCode.INVALID_CODE,
            field_errors={"kind": [_("Up to 10 letters or digits, like PBB.")]},
        )
    if not item.account.code.startswith("4"):
        raise BalaiError(
            _("Payments can only be booked to a revenue (4.x) account."),
            code=ErrorCode.INVALID_CODE,
            field_errors={"item": [_("Choose a revenue budget item.")]},
        )
    route = RevenueRoute.objects.select_for_update().filter(kind=kind).first()
    old = _route_label(route.item) if route is not None else ""
    new = _route_label(item)
    if route is not None and route.item_id == item.pk:
        return route
    if route is None:
        route = RevenueRoute.objects.create(kind=kind, item=item)
    else:
        route.item = item
        route.save(update_fields=["item", "updated_at"])
    CodeChange.objects.create(
        kind=CodeKind.ROUTE, code=kind, old_name=old, new_name=new, actor=actor
    )
    audit.record(actor=actor, action="finance_revenue_route.set", target=route)
    return route
