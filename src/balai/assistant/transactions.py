# SPDX-License-Identifier: EUPL-1.2
"""Transactional answers through the owning apps' selectors and policies, with the
caller's permissions: a citizen sees only their own applications, staff those of
their agencies (the read is audited by cases), anonymous callers nothing but public
information (a report's public status, a PBB bill's amount due and status by NOP,
as the public inquiry page shows them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse


@dataclass(frozen=True)
class Found:
    status: str  # the display label
    service: str
    url: str
    code: str = ""  # the raw status value


def application_by_number(user: Any, number: str) -> Found | None:
    """The application ``number`` when ``user`` may see it, else None."""
    if not getattr(user, "is_authenticated", False):
        return None
    from balai.cases import policies, selectors

    row = (
        policies.visible_applications(user)
        .filter(number=number)
        .values_list("pk", flat=True)
        .first()
    )
    if row is None:
        return None
    application = selectors.application_get(user=user, application_id=row)
    return Found(
        status=str(application.get_status_display()),
        service=application.service_slug,
        url=reverse("cases:application-detail", kwargs={"application_id": row}),
        code=str(application.status),
    )


def latest_application(user: Any, service: str) -> tuple[str, Found] | None:
    """The signed-in citizen's latest submitted application for ``service``, as
    ``(number, found)``; None for anyone else or when there is none."""
    if not getattr(user, "is_authenticated", False) or not service:
        return None
    from balai.cases import selectors

    row = (
        selectors.application_list_for_citizen(user=user)
        .filter(service_slug=service)
        .exclude(status="draft")
        .values_list("number", flat=True)
        .first()
    )
    if not row:
        return None
    found = application_by_number(user, row)
    return (row, found) if found else None


def service_of_application(user: Any) -> Any:
    """``number → slug`` for the understanding step, bound to ``user``."""

    def lookup(number: str) -> str | None:
        found = application_by_number(user, number)
        return found.service if found else None

    return lookup


def report_by_id(public_id: str) -> Found | None:
    """A report's public status (anyone may see it), or None."""
    from balai.core.errors import NotFound
    from balai.reports import selectors

    try:
        report = selectors.public_report(public_id)
    except NotFound:
        return None
    return Found(
        status=str(report.get_status_display()),
        service="pengaduan",
        url=reverse("reports:public-detail", kwargs={"public_id": public_id}),
        code=str(report.status),
    )


def _category_for(description: str) -> str:
    """The active report category whose names and keywords share most words with
    the complaint ("lampu jalan mati" → the street-light category), or ""."""
    from balai.assistant.nlu.normalise import terms
    from balai.reports import selectors

    words = set(terms(description))
    best, best_score = "", 0.0
    for category in selectors.categories():
        vocabulary = " ".join([category.name_id, category.name_en, *category.keywords])
        score = len(words & set(terms(vocabulary)))
        if score > best_score:
            best, best_score = category.code, score
    return best


def report_file(*, user: Any, description: str, address: str) -> Found | None:
    """File the confirmed complaint as a citizen report through the reports
    services (anonymous when the caller is not signed in); None when no category
    fits or the report is refused."""
    from balai.core.errors import BalaiError
    from balai.reports.services import report_submit

    code = _category_for(description)
    if not code:
        return None
    signed_in = getattr(user, "is_authenticated", False)
    try:
        report = report_submit(
            service_code=code,
            description=description,
            lat=None,
            lon=None,
            address=address,
            reporter=user if signed_in else None,
            anonymous=not signed_in,
        )
    except BalaiError:
        return None
    return Found(
        status=str(report.get_status_display()),
        service="pengaduan",
        url=reverse("reports:public-detail", kwargs={"public_id": report.public_id}),
        code=report.public_id,
    )


@dataclass(frozen=True)
class TaxBillFact:
    """What the public PBB inquiry shows of one bill: no owner data."""

    nop: str  # 18 digits
    year: int
    paid: bool
    amount_due: Decimal  # today's amount (principal and late interest); 0 when paid
    due_date: dt.date
    inquiry_url: str
    own: bool = False  # the caller's own bill (payable on "My taxes")


def _tax_fact(bill: Any, *, own: bool = False) -> TaxBillFact:
    from balai.tax import selectors

    paid = bill.status == "paid"  # the inquiry page shows anything else as unpaid
    return TaxBillFact(
        nop=bill.tax_object.nop,
        year=bill.year,
        paid=paid,
        amount_due=Decimal(0) if paid else selectors.bill_amount_due(bill).total,
        due_date=bill.due_date,
        inquiry_url=tax_inquiry_url(bill.tax_object.nop, bill.year),
        own=own,
    )


def tax_inquiry_url(nop: str = "", year: int | None = None) -> str:
    """The public PBB inquiry page, filled in for ``nop`` and ``year`` when given."""
    url = reverse("tax:pbb-inquiry")
    if nop and year:
        url += "?" + urlencode({"nop": nop, "year": year})
    return url


def tax_bill_by_nop(user: Any, nop: str, year: int) -> TaxBillFact | None:
    """The public facts of the bill of ``nop`` (18 digits) for ``year``, through
    ``tax.selectors.bill_for_inquiry`` (anyone may ask, as on the inquiry page);
    None when there is no such bill."""
    from balai.tax import selectors

    bill = selectors.bill_for_inquiry(nop, year)
    if bill is None:
        return None
    own = bool(getattr(user, "is_authenticated", False)) and (
        selectors.bills_for_citizen(user).filter(pk=bill.pk).exists()
    )
    return _tax_fact(bill, own=own)


def tax_bills_of(user: Any, *, limit: int = 5) -> list[TaxBillFact]:
    """The signed-in citizen's own PBB bills (``tax.selectors.bills_for_citizen``),
    outstanding first, then the newest years; empty for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return []
    from balai.tax import selectors

    bills = selectors.bills_for_citizen(user).exclude(status="cancelled")
    facts = [_tax_fact(bill, own=True) for bill in bills]
    facts.sort(key=lambda f: (f.paid, -f.year, f.nop))
    return facts[:limit]
