# SPDX-License-Identifier: EUPL-1.2
"""Back office of reports: categories, areas (GeoJSON upload), routing, teams, keys.

Open311 keys are created here or with ``balai open311 create-key``; the key is shown
once in a message after saving and only its SHA-256 digest is stored.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from balai.reports.models import (
    Area,
    Category,
    FieldTeam,
    Open311Client,
    Report,
    RoutingRule,
)
from balai.reports.policies import can_manage_reports
from balai.reports.services import open311_client_create, open311_client_revoke
from balai.security.admin_base import AuditedModelAdmin


class ReportsAdmin(AuditedModelAdmin):
    audit_noun = ""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_manage_reports(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_reports(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_manage_reports(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_reports(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: reports point at these rows


@admin.register(Category)
class CategoryAdmin(ReportsAdmin):
    audit_noun = "report_category"
    list_display = [
        "code",
        "name_id",
        "group",
        "priority",
        "sla_working_days",
        "sla_hours",
        "is_active",
    ]
    list_filter = ["group", "is_active"]
    search_fields = ["code", "name_id", "name_en", "keywords"]


class AreaForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("GeoJSON file"),
        required=False,
        help_text=_("Upload a .geojson file instead of pasting the text."),
    )

    class Meta:
        model = Area
        fields = ["code", "name", "region_code", "geojson", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["geojson"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("upload")
        if upload is not None:
            if upload.size > 5 * 1024 * 1024:
                raise forms.ValidationError(_("The GeoJSON file is too large (5 MB)."))
            try:
                data["geojson"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from exc
            self.instance.geojson = data["geojson"]
        if not data.get("geojson"):
            raise forms.ValidationError(_("Paste or upload the area's GeoJSON."))
        return data


@admin.register(Area)
class AreaAdmin(ReportsAdmin):
    audit_noun = "report_area"
    form = AreaForm
    list_display = ["code", "name", "region_code", "is_active"]
    search_fields = ["code", "name", "region_code"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(ReportsAdmin):
    audit_noun = "report_routing_rule"
    list_display = ["order", "category", "area", "region_prefix", "agency", "is_active"]
    list_filter = ["agency", "is_active"]
    list_select_related = ["category", "area", "agency"]


@admin.register(FieldTeam)
class FieldTeamAdmin(ReportsAdmin):
    audit_noun = "report_field_team"
    list_display = ["name", "agency", "is_active"]
    list_filter = ["agency"]
    filter_horizontal = ["members"]


@admin.register(Report)
class ReportAdmin(ReportsAdmin):
    """Read-only list for admins; work happens on the board (petugas/laporan/)."""

    audit_noun = "report"
    list_display = ["public_id", "category", "status", "agency", "requested_at"]
    list_filter = ["status", "category", "channel"]
    search_fields = ["public_id"]
    fields = ["public_id", "category", "status", "agency", "requested_at", "is_hidden"]
    readonly_fields = ["public_id", "category", "status", "agency", "requested_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class Open311ClientForm(forms.ModelForm):
    class Meta:
        model = Open311Client
        fields = ["name"]


@admin.register(Open311Client)
class Open311ClientAdmin(ReportsAdmin):
    audit_noun = "open311_client"
    form = Open311ClientForm
    list_display = ["name", "key_prefix", "is_active", "created_at", "last_used_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["name"] if obj else []

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        if change:
            return
        client, key = open311_client_create(name=obj.name, actor=request.user)
        obj.pk = client.pk
        messages.warning(
            request,
            _("The API key of %(name)s is shown only now; copy it: %(key)s")
            % {"name": client.name, "key": key},
        )

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        return

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Open311Client]) -> None:
        for client in queryset.filter(is_active=True):
            open311_client_revoke(client=client, actor=request.user)
        self.message_user(request, _("Keys revoked."), messages.SUCCESS)
