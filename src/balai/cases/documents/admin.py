# SPDX-License-Identifier: EUPL-1.2
"""Back office: the list of issued documents (no personal data) and revocation.

Documents are made only by ``document_issue`` and never edited or deleted here; the
one action revokes, through the service (policy check and audit), after asking for
the reason category and an optional internal note.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from balai.cases.documents import policies, services
from balai.cases.documents.constants import DocumentStatus, RevocationReason
from balai.cases.documents.models import IssuedDocument
from balai.core.errors import BalaiError
from balai.security.admin_base import AuditedModelAdmin


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RevocationReason.choices)
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept for staff only; never shown on the public page."),
    )


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(AuditedModelAdmin):
    list_display = [
        "number",
        "title_id",
        "agency",
        "template",
        "status",
        "issued_at",
        "valid_until",
        "signature_level",
    ]
    list_filter = ["status", "template", "agency", "signature_level"]
    list_select_related = ["agency"]
    search_fields = ["=number", "=reference", "=code"]
    search_help_text = _("An exact document number, application number or code.")
    date_hierarchy = "issued_at"
    # The holder's name and the printed data are personal data: not shown here.
    fields = [
        "code",
        "agency",
        "template",
        "title_id",
        "title_en",
        "number",
        "reference",
        "status",
        "revoked_at",
        "revocation_reason",
        "issued_at",
        "valid_until",
        "size",
        "sha256",
        "signature_level",
        "signer_subject",
        "signer_serial",
        "signer_fingerprint",
    ]
    readonly_fields = fields
    actions = ["revoke"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[IssuedDocument]:
        return policies.visible_documents(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # only cases issues documents, through document_issue

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # issued documents stay on record; revoke instead

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Django hides actions when no change permission exists; revoke is checked
        # per document by the service instead.
        actions = super().get_actions(request)
        actions.setdefault("revoke", self.get_action("revoke"))
        return actions

    @admin.action(description=_("Revoke the selected documents"))
    def revoke(
        self, request: HttpRequest, queryset: QuerySet[IssuedDocument]
    ) -> HttpResponse | None:
        live = list(queryset.filter(status=DocumentStatus.VALID))
        form = RevokeForm(request.POST if "confirm" in request.POST else None)
        if not form.is_bound or not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Revoke documents"),
                "documents": live,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            }
            return TemplateResponse(
                request, "admin/issued_documents/revoke.html", context
            )
        reason = form.cleaned_data["reason"]
        note = form.cleaned_data["note"].strip()
        done = 0
        for document in live:
            try:
                services.document_revoke(
                    document=document, by=request.user, reason=reason, note=note
                )
            except (BalaiError, PermissionDenied) as exc:
                self.message_user(request, f"{document.number}: {exc}", messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d document revoked.", "%(count)d documents revoked.", done
            )
            % {"count": done},
            messages.SUCCESS,
        )
        return None
