# SPDX-License-Identifier: EUPL-1.2
"""Read-only admin views of payments (every write goes through services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from balai.payments.models import PaymentNotification, PaymentOrder, Refund


class ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PaymentOrder)
class PaymentOrderAdmin(ReadOnly):
    list_display = ["reference", "amount", "status", "provider", "created_at"]
    list_filter = ["status", "provider"]
    search_fields = ["reference", "va_number"]
    exclude = ["payer_name"]


@admin.register(PaymentNotification)
class PaymentNotificationAdmin(ReadOnly):
    list_display = ["provider", "event_id", "status", "amount", "outcome", "created_at"]
    list_filter = ["provider", "outcome"]


@admin.register(Refund)
class RefundAdmin(ReadOnly):
    list_display = ["order", "amount", "status", "created_at"]
    list_filter = ["status"]
