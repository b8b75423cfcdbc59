# SPDX-License-Identifier: EUPL-1.2
"""Transactional answers through the owning apps' selectors and policies, with the
caller's permissions: a citizen sees only their own applications, staff those of
their agencies (the read is audited by cases), anonymous callers nothing but public
information (a report's public status)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
