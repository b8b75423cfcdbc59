# SPDX-License-Identifier: EUPL-1.2
"""Back office for agreements and API clients (system admins only).

Clients are issued with ``balai registry_client create``, which prints the secret
once; here they can be renamed, re-limited and revoked, never given a new secret.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from balai.registry.exchange import services
from balai.registry.exchange.models import ApiClient, DataSharingAgreement
from balai.registry.exchange.policies import can_manage_exchange
from balai.security.admin_base import AuditedModelAdmin


class SystemAdminOnly(AuditedModelAdmin):
    audit_noun = ""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_manage_exchange(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_exchange(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_manage_exchange(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_exchange(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # agreements and clients stay on record; deactivate or revoke


@admin.register(DataSharingAgreement)
class DataSharingAgreementAdmin(SystemAdminOnly):
    audit_noun = "data_sharing_agreement"
    list_display = [
        "title",
        "consumer",
        "purpose_code",
        "lawful_basis",
        "valid_from",
        "valid_to",
        "is_active",
    ]
    list_filter = ["is_active", "lawful_basis", "consumer"]
    list_select_related = ["consumer"]
    search_fields = ["title", "purpose_code"]
    raw_id_fields = ["consumer"]


@admin.register(ApiClient)
class ApiClientAdmin(SystemAdminOnly):
    audit_noun = "api_client"
    list_display = [
        "name",
        "client_id",
        "agency",
        "agreement",
        "rate_limit",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["agency"]
    list_select_related = ["agency", "agreement"]
    search_fields = ["name", "client_id"]
    fields = [
        "name",
        "client_id",
        "agency",
        "agreement",
        "rate_limit",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = [
        "client_id",
        "agency",
        "agreement",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the CLI issues clients, so the secret is shown exactly once

    @admin.action(description=_("Revoke the selected clients"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        live = list(queryset.filter(revoked_at__isnull=True))
        for client in live:
            services.api_client_revoke(client=client, actor=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d client revoked.", "%(count)d clients revoked.", len(live)
            )
            % {"count": len(live)},
            messages.SUCCESS,
        )
