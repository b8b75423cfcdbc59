# SPDX-License-Identifier: EUPL-1.2
"""The one audited base of every back-office (Django admin) page.

Every write through the admin leaves an audit entry: additions and changes (with the
names of the changed fields), deletions one by one, and bulk deletions from the
list's action — one entry per deleted row, written before the rows go. Pages that
show a person's record can record the read too (``audit_reads``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

from balai.security import audit


class AuditedAdminMixin:
    """Mix into a ModelAdmin (first) to audit its writes."""

    audit_noun = ""  # "user", "agency", …; default: the model's name
    audit_purpose = "back-office administration"
    audit_reads = False  # record the opening of a record's page (personal data)

    def _noun(self, obj: Model) -> str:
        return self.audit_noun or obj._meta.model_name or "record"

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        audit.record(
            actor=request.user,
            action=f"{self._noun(obj)}.{'update' if change else 'create'}",
            target=obj,
            purpose=self.audit_purpose,
            changes=[n for n in getattr(form, "changed_data", []) if n.isidentifier()],
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.record(
            actor=request.user,
            action=f"{self._noun(obj)}.delete",
            target=obj,
            purpose=self.audit_purpose,
        )
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            audit.record(
                actor=request.user,
                action=f"{self._noun(obj)}.delete",
                target=obj,
                purpose=f"{self.audit_purpose} (bulk delete)",
            )
        super().delete_queryset(request, queryset)  # type: ignore[misc]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if self.audit_reads and request.method == "GET":
            obj = self.get_object(request, object_id)  # type: ignore[attr-defined]
            if obj is not None:
                audit.record_read(
                    actor=request.user, target=obj, purpose=self.audit_purpose
                )
        response: HttpResponse = super().change_view(  # type: ignore[misc]
            request, object_id, form_url, extra_context
        )
        return response


class AuditedModelAdmin(AuditedAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """``admin.ModelAdmin`` whose every write is audited."""
