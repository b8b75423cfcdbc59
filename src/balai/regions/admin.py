# SPDX-License-Identifier: EUPL-1.2
"""Read-only admin for the region reference table (only the loader changes it)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from balai.regions.models import Region, RetiredRegionCode
from balai.regions.normalise import dotted_region_code
from balai.security.admin_base import AuditedModelAdmin


class ReadOnlyAdmin(AuditedModelAdmin):
    """Viewing only: the table is reference data loaded by ``balai load_regions``."""

    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "kind", "parent", "postal_code"]
    list_filter = ["level", "kind"]
    list_select_related = ["parent"]
    search_fields = ["code", "name", "search_name"]
    readonly_fields = [
        "code",
        "name",
        "search_name",
        "level",
        "kind",
        "parent",
        "postal_code",
    ]
    list_per_page = 100

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Region], search_term: str
    ) -> tuple[QuerySet[Region], bool]:
        """An undotted code ("320405") also finds the region by its dotted code."""
        results, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        dotted = dotted_region_code(search_term) if search_term else None
        if dotted and dotted != search_term.strip():
            results = results | queryset.filter(code=dotted)
        return results, may_have_duplicates


@admin.register(RetiredRegionCode)
class RetiredRegionCodeAdmin(ReadOnlyAdmin):
    list_display = ["old_code", "old_name", "new_region", "last_edition"]
    list_filter = ["last_edition"]
    list_select_related = ["new_region"]
    search_fields = ["old_code", "old_name", "new_region__code", "new_region__name"]
    readonly_fields = ["old_code", "old_name", "new_region", "last_edition"]

    def get_search_results(
        self,
        request: HttpRequest,
        queryset: QuerySet[RetiredRegionCode],
        search_term: str,
    ) -> tuple[QuerySet[RetiredRegionCode], bool]:
        """An undotted retired code ("910101") also finds the dotted one."""
        results, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        dotted = dotted_region_code(search_term) if search_term else None
        if dotted and dotted != search_term.strip():
            results = results | queryset.filter(old_code=dotted)
        return results, may_have_duplicates
