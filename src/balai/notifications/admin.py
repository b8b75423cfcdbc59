# SPDX-License-Identifier: EUPL-1.2
"""Read-only outbox in the admin; the only write is the "retry now" action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from balai.core.errors import BalaiError
from balai.notifications import policies
from balai.notifications.models import Message
from balai.notifications.privacy import mask_recipient
from balai.notifications.services import message_retry
from balai.security.admin_base import AuditedModelAdmin


@admin.register(Message)
class MessageAdmin(AuditedModelAdmin):
    list_display = (
        "created_at",
        "status",
        "channel",
        "template",
        "language",
        "attempts",
        "masked_recipient",
    )
    list_filter = ("status", "channel", "template", "language")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    actions = ["retry_now"]
    fields = (
        "id",
        "created_at",
        "updated_at",
        "channel",
        "masked_recipient",
        "user_id",
        "template",
        "language",
        "subject",
        "shown_body",
        "sensitive",
        "status",
        "attempts",
        "max_attempts",
        "next_attempt_at",
        "sent_at",
        "provider_message_id",
        "last_error",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Message | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: Message | None = None
    ) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return policies.can_retry_message(request.user)

    @admin.display(description=_("recipient"))
    def masked_recipient(self, obj: Message) -> str:
        return mask_recipient(obj.recipient)

    @admin.display(description=_("body"))
    def shown_body(self, obj: Message) -> str:
        # A one-time code waiting to be sent is nobody's business, staff included.
        return str(_("[sensitive]")) if obj.sensitive else obj.body

    @admin.action(description=_("Retry now"), permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        retried = skipped = 0
        for message_id in queryset.values_list("id", flat=True):
            try:
                message_retry(message_id=str(message_id), actor=request.user)
            except BalaiError:
                skipped += 1
            else:
                retried += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d message queued for delivery.",
                "%(count)d messages queued for delivery.",
                retried,
            )
            % {"count": retried},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message cannot be sent again.",
                    "%(count)d messages cannot be sent again.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
