# SPDX-License-Identifier: EUPL-1.2
"""FAQ entries are edited in the admin (audited) by assistant staff; saving one
reindexes the assistant's knowledge."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from balai.assistant.models import FaqEntry
from balai.assistant.policies import is_assistant_staff
from balai.security.admin_base import AuditedModelAdmin


@admin.register(FaqEntry)
class FaqEntryAdmin(AuditedModelAdmin):
    audit_noun = "assistant_faq"
    list_display = [
        "question_id",
        "service_slug",
        "intent",
        "is_published",
        "updated_at",
    ]
    list_filter = ["is_published", "service_slug", "intent"]
    search_fields = ["question_id", "question_en", "answer_id", "keywords"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_assistant_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_assistant_staff(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_assistant_staff(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_assistant_staff(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_assistant_staff(request.user)
