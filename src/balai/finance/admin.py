# SPDX-License-Identifier: EUPL-1.2
"""Back office for the code lists and the revenue routes (finance officers and
system administrators with the second factor).

Codes are added and renamed through the services, never saved directly: a new code
gets its level and parent from its shape (the parent must exist), a rename keeps
the old name in the code's history (``CodeChange``) exactly as the loader does, and
the code itself never changes once budget lines may hang on it. Codes are not
deleted. A revenue route's earlier budget items stay in its history too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from balai.core.errors import BalaiError
from balai.finance import policies
from balai.finance.constants import CodeKind
from balai.finance.models import (
    Account,
    Activity,
    BudgetItem,
    CodeChange,
    FundingSource,
    ImportBatch,
    Location,
    RevenueRoute,
)
from balai.finance.services import codes as code_services


class KeeperOnly:
    """Finance officers and system administrators (verified) only."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policies.can_manage_budget(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policies.can_manage_budget(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return policies.can_manage_budget(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policies.can_manage_budget(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _history(kind: str, code: str) -> Any:
    changes = CodeChange.objects.filter(kind=kind, code=code).order_by("created_at")
    if not changes:
        return "—"
    return format_html(
        "<ol>{}</ol>",
        format_html_join(
            "",
            "<li>{} · {} → {} ({})</li>",
            (
                (
                    c.created_at.strftime("%Y-%m-%d %H:%M"),
                    c.old_name or "—",
                    c.new_name,
                    c.actor or _("code list file"),
                )
                for c in changes
            ),
        ),
    )


class CodeForm(forms.ModelForm):  # type: ignore[type-arg]
    kind = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance._state.adding and data.get("code"):
            model = type(self.instance)
            try:
                code = code_services._normalised(self.kind, data["code"])
                known = {
                    c: c
                    for c in model.objects.filter(
                        code__in=_ancestors(self.kind, code)
                    ).values_list("code", flat=True)
                }
                code_services._extra(self.kind, code, known)
            except BalaiError as exc:
                raise ValidationError({"code": exc.message}) from exc
            if model.objects.filter(code=code).exists():
                raise ValidationError({"code": _("That code exists already.")})
        return data


def _ancestors(kind: str, code: str) -> list[str]:
    from balai.finance import codes

    if kind == CodeKind.ACTIVITY:
        parent = codes.activity_parent(code)
    elif kind == CodeKind.ACCOUNT:
        parent = codes.account_parent(code)
    else:
        return []
    return [parent] if parent else []


class CodeAdmin(KeeperOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    kind = ""
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    fields = ["code", "name", "history"]
    readonly_fields = ["history"]
    ordering = ["code"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        kwargs["form"] = type(
            f"{self.model.__name__}CodeForm", (CodeForm,), {"kind": self.kind}
        )
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["code", "history"] if obj is not None else ["history"]

    @admin.display(description=_("history of the name"))
    def history(self, obj: Any) -> Any:
        return _history(self.kind, obj.code) if not obj._state.adding else "—"

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        if change:
            saved = code_services.code_rename(
                actor=request.user,
                kind=self.kind,
                code=obj.code,
                name=form.cleaned_data["name"],
            )
        else:
            saved = code_services.code_add(
                actor=request.user,
                kind=self.kind,
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
            )
        obj.pk, obj.code = saved.pk, saved.code


@admin.register(Activity)
class ActivityAdmin(CodeAdmin):
    kind = CodeKind.ACTIVITY
    list_display = ["code", "name", "level"]
    list_filter = ["level"]


@admin.register(Account)
class AccountAdmin(CodeAdmin):
    kind = CodeKind.ACCOUNT
    list_display = ["code", "name", "level"]
    list_filter = ["level"]


@admin.register(FundingSource)
class FundingSourceAdmin(CodeAdmin):
    kind = CodeKind.FUND


@admin.register(Location)
class LocationAdmin(CodeAdmin):
    kind = CodeKind.LOCATION


class RevenueRouteForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RevenueRoute
        fields = ["kind", "item"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = (  # type: ignore[attr-defined]
            BudgetItem.objects.filter(account__code__startswith="4")
            .select_related("agency", "sub_activity", "account")
            .order_by("account__code")
        )
        self.fields["item"].label_from_instance = (  # type: ignore[attr-defined]
            lambda item: f"{item.account.code} {item.account.name} · {item.agency.code}"
        )


@admin.register(RevenueRoute)
class RevenueRouteAdmin(KeeperOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    form = RevenueRouteForm
    list_display = ["kind", "item"]
    search_fields = ["kind"]
    readonly_fields = ["history"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["kind", "history"] if obj is not None else ["history"]

    @admin.display(description=_("history"))
    def history(self, obj: Any) -> Any:
        return _history(CodeKind.ROUTE, obj.kind) if not obj._state.adding else "—"

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        saved = code_services.revenue_route_set(
            actor=request.user, kind=obj.kind, item=form.cleaned_data["item"]
        )
        obj.pk, obj.kind = saved.pk, saved.kind


@admin.register(CodeChange)
class CodeChangeAdmin(KeeperOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    """The history of every code and route (read only)."""

    list_display = ["kind", "code", "old_name", "new_name", "actor", "created_at"]
    list_filter = ["kind"]
    search_fields = ["code", "old_name", "new_name"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(KeeperOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    """Import batches (read only; the page /keuangan/impor/ imports)."""

    list_display = ["file_name", "kind", "status", "rows_total", "rows_rejected"]
    list_filter = ["kind", "status"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
