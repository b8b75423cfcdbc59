# SPDX-License-Identifier: EUPL-1.2
"""Pages of the payments app: the simulator's hosted payment page, and Bapenda's
reconciliation and refunds page."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import segno

from balai.core.errors import BalaiError
from balai.core.pages import form_action
from balai.payments import backends, policies, reconciliation, selectors, services
from balai.payments.forms import RefundRequestForm, SettlementFileForm, SimulatorPayForm
from balai.payments.models import PaymentOrder
from balai.payments.simulation import simulator_pay

MAX_SETTLEMENT_BYTES = 20 * 1024 * 1024


def simulator_pay_page(request: HttpRequest, order_id: uuid.UUID) -> HttpResponse:
    """The simulator's hosted page: the billing codes and a "pay" button."""
    if backends.provider("simulator") is None:
        raise Http404
    order = get_object_or_404(PaymentOrder, pk=order_id)
    form = SimulatorPayForm(request.POST or None, initial={"amount": int(order.amount)})

    def rerender(bound: Any) -> HttpResponse:
        return _render(request, order, bound)

    if request.method == "POST":
        return form_action(
            request,
            form=form,
            action=lambda data: simulator_pay(order=order, amount=data["amount"]),
            done=_("Payment sent. The bank notifies Balai in a moment."),
            success_url=request.path,
            rerender=rerender,
        )
    return _render(request, order, form)


def _render(request: HttpRequest, order: PaymentOrder, form: Any) -> HttpResponse:
    qr_svg = segno.make(order.qris_payload, error="m").svg_inline(scale=4)
    return render(
        request,
        "payments/simulator_pay.html",
        {"order": order, "form": form, "qr_svg": qr_svg},
    )


def _revenue_officer(request: HttpRequest) -> None:
    from django.core.exceptions import PermissionDenied

    if not policies.can_manage_payments(request.user):
        raise PermissionDenied("payments.manage")


@login_required
def officer_payments(request: HttpRequest) -> HttpResponse:
    """Bapenda: reconcile a settlement file; refunds to request or decide."""
    _revenue_officer(request)
    form = SettlementFileForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    mismatches = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_SETTLEMENT_BYTES:
                    raise BalaiError(
                        _("The settlement file is too large."),
                        code="invalid_settlement_file",
                    )
                text = upload.read().decode("utf-8-sig")
                mismatches = reconciliation.reconcile(reconciliation.parse(text))
            except UnicodeDecodeError:
                form.add_error("file", _("The file is not UTF-8 text."))
                status = 400
            except BalaiError as exc:
                form.add_error("file", exc.message)
                status = 400
        else:
            status = 400
    return render(
        request,
        "payments/officer.html",
        {
            "form": form,
            "mismatches": mismatches,
            "refunds": selectors.refunds_open(),
            "refund_form": RefundRequestForm(),
        },
        status=status,
    )


@login_required
@require_POST
def refund_request_view(request: HttpRequest, refund_id: uuid.UUID) -> HttpResponse:
    _revenue_officer(request)
    form = RefundRequestForm(request.POST)
    reason = request.POST.get("reason", "")
    try:
        services.refund_request(actor=request.user, refund_id=refund_id, reason=reason)
    except BalaiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Refund requested; a second officer decides it."))
    del form
    return redirect("payments:officer")


@login_required
@require_POST
def refund_decide_view(request: HttpRequest, refund_id: uuid.UUID) -> HttpResponse:
    _revenue_officer(request)
    approve = request.POST.get("decision") == "approve"
    try:
        services.refund_decide(actor=request.user, refund_id=refund_id, approve=approve)
    except BalaiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Refund decided."))
    return redirect("payments:officer")
