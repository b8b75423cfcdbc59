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
