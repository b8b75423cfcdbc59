# SPDX-License-Identifier: EUPL-1.2
"""Pages of the payments app: the simulator's hosted payment page."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

import segno

from balai.core.pages import form_action
from balai.payments import backends
from balai.payments.forms import SimulatorPayForm
from balai.payments.models import PaymentOrder
from balai.payments.simulation import simulator_pay


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
