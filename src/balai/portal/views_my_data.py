# SPDX-License-Identifier: EUPL-1.2
"""The "Data Saya" pages: what Balai holds about a person, its export, corrections."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from balai.accounts import data_rights
from balai.core import ratelimit
from balai.core.errors import BalaiError
from balai.core.forms import errors_to_form
from balai.core.pagination import page_of
from balai.portal import data_sections
from balai.portal.forms import CorrectionRequestForm
from balai.registry import selectors as registry_selectors
from balai.registry.exchange import selectors as exchange_selectors
from balai.registry.exchange import services as exchange_services
from balai.security.policy import ensure

PAGE_SIZE = 20


def _block(request: HttpRequest, section: data_sections.Section) -> dict[str, Any]:
    """One section ready for the template: its facts, or one page of its table."""
    block: dict[str, Any] = {"section": section, "rows": [], "page": None}
    if section.has_table:
        param = f"{section.key}-page"
        page = page_of(request, section.rows, per_page=PAGE_SIZE, param=param)
        block["page"] = page
        block["rows"] = [
            [column.cell(row) for column in section.columns] for row in page.object_list
        ]
    return block


@login_required
@require_safe
@never_cache
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything Balai holds about the logged-in person, section by section."""
    ensure(request.user, "accounts.view_own_data")
    blocks = [_block(request, s) for s in data_sections.section_list(request.user)]
    return render(request, "portal/my_data.html", {"blocks": blocks})


@login_required
@require_GET
@never_cache
def my_data_export(request: HttpRequest) -> HttpResponse:
    """The same data as JSON, as a download; the export is recorded in the audit log."""
    body = data_rights.personal_data_export(
        user=request.user,  # type: ignore[arg-type]
        sections=data_sections.export_sections(request.user),
    )
    response = HttpResponse(
        body.encode("utf-8"), content_type="application/json; charset=utf-8"
    )
    filename = f"data-saya-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit.limit("data_correction", key=ratelimit.user_or_client_key)
@never_cache
def my_data_correction(request: HttpRequest) -> HttpResponse:
    """Ask the responsible agency to correct one's data (UU 27/2022 Art. 6)."""
    ensure(request.user, "accounts.submit_correction_request")
    if request.method == "POST":
        form = CorrectionRequestForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                correction = data_rights.correction_request_submit(
                    user=request.user,  # type: ignore[arg-type]
                    item=data["item"],
                    requested_value=data["requested_value"],
                    explanation=data.get("explanation") or "",
                    document=data.get("document"),
                )
            except BalaiError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("We received your request %(reference)s.")
                    % {"reference": correction.reference},
                )
                return redirect(reverse("portal:my-data") + "#correction_requests")
    else:
        form = CorrectionRequestForm(initial={"item": request.GET.get("item")})
    return render(request, "portal/my_data_correction.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def my_data_consents(request: HttpRequest) -> HttpResponse:
    """Consent to data sharing: the agreements that release the person's register
    data only with their consent, each with give / withdraw (UU 27/2022 Pasal 22)."""
    ensure(request.user, "accounts.view_own_data")
    resident = registry_selectors.resident_for_citizen(request.user)
    if request.method == "POST" and resident is not None:
        agreement_id = request.POST.get("agreement", "")
        try:
            if request.POST.get("action") == "give":
                exchange_services.consent_give(
                    user=request.user, agreement_id=agreement_id
                )
                messages.success(request, _("Your consent was recorded."))
            else:
                exchange_services.consent_withdraw(
                    user=request.user, agreement_id=agreement_id
                )
                messages.success(
                    request,
                    _("Your consent was withdrawn; no more data are released."),
                )
        except (BalaiError, ValueError, ValidationError) as exc:
            messages.error(request, getattr(exc, "message", _("Not possible.")))
        return redirect("portal:my-data-consents")
    agreements = exchange_selectors.consent_agreements_for(resident) if resident else []
    return render(
        request,
        "portal/my_data_consents.html",
        {"resident": resident, "agreements": agreements},
    )
