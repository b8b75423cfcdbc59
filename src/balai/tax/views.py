# SPDX-License-Identifier: EUPL-1.2
"""Pages of the tax app: "Pajak Saya" and the public PBB-P2 bill inquiry."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from balai.core import ratelimit
from balai.core.errors import BalaiError, NotFound
from balai.core.forms import errors_to_form
from balai.payments import backends
from balai.payments import selectors as payments
from balai.tax import selectors, services
from balai.tax.constants import BillStatus
from balai.tax.forms import InquiryForm


@login_required
@never_cache
@require_safe
def my_taxes(request: HttpRequest) -> HttpResponse:
    """The citizen's objects (by their register NIK) and bills, with computations."""
    objects = list(selectors.objects_for_citizen(request.user))
    rows: list[dict[str, Any]] = []
    paid: list[str] = []  # references of paid bills: which have a receipt here
    for obj in objects:
        bills = []
        for bill in obj.bills.order_by("-year"):
            bills.append({"bill": bill, "due": services.bill_amount_due(bill)})
            if bill.status == BillStatus.PAID:
                paid.append(bill.reference)
        rows.append({"object": obj, "bills": bills})
    vehicles = []
    for vehicle in selectors.vehicles_for_citizen(request.user):
        vehicle_bills = list(vehicle.bills.order_by("-year"))
        vehicles.append({"vehicle": vehicle, "bills": vehicle_bills})
        paid += [
            bill.reference for bill in vehicle_bills if bill.status == BillStatus.PAID
        ]
    returns = list(selectors.bphtb_returns_for_citizen(request.user)[:20])
    return render(
        request,
        "tax/my_taxes.html",
        {
            "rows": rows,
            "vehicles": vehicles,
            "returns": returns,
            "receipts": payments.receipt_references(paid, request.user),
        },
    )


def _to_provider(order: Any, fallback: str) -> HttpResponse:
    provider = backends.provider(order.provider)
    url = provider.pay_url(order) if provider is not None else ""
    return redirect(url or fallback)


@login_required
@require_POST
def pkb_bill_pay(request: HttpRequest, bill_id: uuid.UUID) -> HttpResponse:
    """Pay a PKB bill of one's own vehicle (the PKB and opsen lines, one code)."""
    from balai.tax import services_pkb

    if not selectors.pkb_bills_for_citizen(request.user).filter(pk=bill_id).exists():
        raise NotFound(_("No such tax bill."))
    try:
        order = services_pkb.pkb_bill_pay(actor=request.user, bill_id=bill_id)
    except BalaiError as exc:
        from django.contrib import messages

        messages.error(request, exc.message)
        return redirect("tax:my-taxes")
    return _to_provider(order, reverse("tax:my-taxes"))


@login_required
def bphtb_file(request: HttpRequest) -> HttpResponse:
    """The buyer files a BPHTB return (SSPD) for a property transfer."""
    from balai.core.forms import errors_to_form
    from balai.tax import services_bphtb
    from balai.tax.forms import BphtbForm

    form = BphtbForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            filed = services_bphtb.bphtb_file(
                actor=request.user,
                nop=form.cleaned_data["nop"],
                price=form.cleaned_data["price"],
                acquisition=form.cleaned_data["acquisition"],
            )
        except NotFound:
            raise
        except BalaiError as exc:
            errors_to_form(form, exc)
        else:
            from django.contrib import messages

            messages.success(
                request, _("Your BPHTB return has been filed. Pay it to finish.")
            )
            return redirect("tax:bphtb-detail", return_id=filed.pk)
    return render(
        request,
        "tax/bphtb_file.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _own_return(request: HttpRequest, return_id: uuid.UUID) -> Any:
    filed = (
        selectors.bphtb_returns_for_citizen(request.user).filter(pk=return_id).first()
    )
    if filed is None:
        raise NotFound(_("No such BPHTB return."))
    return filed


@login_required
@never_cache
@require_safe
def bphtb_detail(request: HttpRequest, return_id: uuid.UUID) -> HttpResponse:
    """One return: the computation, its status, pay or the receipt."""
    filed = _own_return(request, return_id)
    receipts = payments.receipt_references([filed.reference], request.user)
    return render(
        request, "tax/bphtb_detail.html", {"filed": filed, "receipts": receipts}
    )


@login_required
@require_POST
def bphtb_pay(request: HttpRequest, return_id: uuid.UUID) -> HttpResponse:
    from django.contrib import messages

    from balai.tax import services_bphtb

    filed = _own_return(request, return_id)
    try:
        order = services_bphtb.bphtb_pay(actor=request.user, return_id=filed.pk)
    except BalaiError as exc:
        messages.error(request, exc.message)
        return redirect("tax:bphtb-detail", return_id=filed.pk)
    return _to_provider(order, reverse("tax:bphtb-detail", args=[filed.pk]))


@login_required
@never_cache
def officer_bphtb(request: HttpRequest) -> HttpResponse:
    """Bapenda: BPHTB returns to verify; the PKB roll with this year's bills and
    the opsen; issuing a year's PKB bills."""
    from django.contrib import messages
    from django.utils import timezone

    from balai.tax import policies, services_pkb
    from balai.tax.forms import PkbIssueForm

    policies.ensure_can_manage_taxes(request.user)
    year = timezone.localdate().year
    form = PkbIssueForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            made = services_pkb.pkb_bills_issue(
                year=form.cleaned_data["year"], actor=request.user
            )
        except BalaiError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("%(count)d new PKB bills were issued.") % {"count": made}
            )
            return redirect("tax:officer-bphtb")
    query = request.GET.get("q", "")[:20]
    return render(
        request,
        "tax/officer_bphtb.html",
        {
            "form": form,
            "query": query,
            "returns": selectors.bphtb_returns_to_decide(),
            "vehicles": selectors.vehicle_roll(query, year),
            "opsen": selectors.opsen_totals(year),
            "year": year,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def bphtb_decide(request: HttpRequest, return_id: uuid.UUID) -> HttpResponse:
    """Bapenda verifies or rejects (with a reason) a BPHTB return."""
    from django.contrib import messages

    from balai.tax import policies, services_bphtb

    policies.ensure_can_manage_taxes(request.user)
    try:
        services_bphtb.bphtb_decide(
            actor=request.user,
            return_id=return_id,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
        )
    except NotFound:
        raise
    except BalaiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The BPHTB return has been decided."))
    return redirect("tax:officer-bphtb")


@login_required
@require_POST
def bill_pay(request: HttpRequest, bill_id: uuid.UUID) -> HttpResponse:
    """Make (or reuse) the payment order and go to the provider's payment page."""
    if not selectors.bills_for_citizen(request.user).filter(pk=bill_id).exists():
        raise NotFound(_("No such tax bill."))
    order = services.bill_pay(actor=request.user, bill_id=bill_id)
    provider = backends.provider(order.provider)
    url = provider.pay_url(order) if provider is not None else ""
    return redirect(url or "tax:my-taxes")


@never_cache
@require_safe
def pbb_inquiry(request: HttpRequest) -> HttpResponse:
    """Public: amount due and status of a bill by NOP and year; nothing else."""
    form = InquiryForm(request.GET or None)
    result: dict[str, Any] | None = None
    status = 200
    if request.GET and form.is_valid():
        decision = ratelimit.hit("tax_inquiry", ratelimit.client_key(request))
        if not decision.allowed:
            return ratelimit.too_many_requests(request, decision.retry_after)
        try:
            nop = services.nop_clean(form.cleaned_data["nop"])
            bill = selectors.bill_for_inquiry(nop, form.cleaned_data["year"])
            if bill is None:
                result = {"found": False}
            else:
                result = {
                    "found": True,
                    "bill": bill,
                    "due": services.bill_amount_due(bill),
                }
        except BalaiError as exc:
            errors_to_form(form, exc)
            status = 400
    elif request.GET:
        status = 400
    return render(
        request, "tax/pbb_inquiry.html", {"form": form, "result": result}, status=status
    )


@login_required
@never_cache
def officer_roll(request: HttpRequest) -> HttpResponse:
    """Bapenda: the tax roll (search by NOP), assessment runs, arrears, collection."""
    from django.contrib import messages
    from django.db import transaction
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from balai.tax import policies
    from balai.tax.forms import AssessForm
    from balai.tax.models import AssessmentRun
    from balai.tax.tasks import assessment_run_task

    policies.ensure_can_manage_taxes(request.user)
    year = timezone.localdate().year
    form = AssessForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["year"]
        transaction.on_commit(lambda: assessment_run_task.enqueue(chosen))
        messages.success(request, _("The assessment run has started."))
        return redirect("tax:officer-roll")
    query = request.GET.get("q", "")[:30]
    return render(
        request,
        "tax/officer_roll.html",
        {
            "form": form,
            "query": query,
            "objects": selectors.tax_roll(query) if query else [],
            "runs": AssessmentRun.objects.all()[:10],
            "objections": selectors.objections_open(),
            "arrears": selectors.arrears(),
            "collection": selectors.collection_by_village(year),
            "year": year,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def objection_file(request: HttpRequest, bill_id: uuid.UUID) -> HttpResponse:
    """The taxpayer objects to a bill (keberatan): reason and the amount asked."""
    from django.utils.translation import gettext as _

    from balai.core.pages import form_action
    from balai.tax.forms import ObjectionForm

    bill = selectors.bills_for_citizen(request.user).filter(pk=bill_id).first()
    if bill is None:
        raise NotFound(_("No such tax bill."))
    form = ObjectionForm(request.POST or None)

    def rerender(bound: Any) -> HttpResponse:
        return render(request, "tax/objection_file.html", {"bill": bill, "form": bound})

    if request.method == "POST":
        return form_action(
            request,
            form=form,
            action=lambda data: services.objection_file(
                actor=request.user,
                bill_id=bill.pk,
                reason=data["reason"],
                requested_principal=data["requested_principal"],
            ),
            done=_("Your objection has been filed; Bapenda will decide it."),
            success_url=reverse("tax:my-taxes"),
            rerender=rerender,
        )
    return rerender(form)


@login_required
@require_POST
def objection_decide(request: HttpRequest, objection_id: uuid.UUID) -> HttpResponse:
    """Bapenda accepts (with the tax decided) or rejects an objection."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from balai.tax import policies

    policies.ensure_can_manage_taxes(request.user)
    try:
        services.objection_decide(
            actor=request.user,
            objection_id=objection_id,
            accept=request.POST.get("decision") == "accept",
            principal=request.POST.get("principal", ""),
            note=request.POST.get("note", ""),
        )
    except BalaiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The objection has been decided."))
    return redirect("tax:officer-roll")
