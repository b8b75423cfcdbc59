# SPDX-License-Identifier: EUPL-1.2
"""Reads of the cases app: one's applications, the agency inbox, one application.

Every staff read of an application (which holds personal data) is audited with its
purpose: opening one, and each row of the inbox, which shows who it is from and what it
is about (``inbox_page``). Other lists show no personal data beyond the service and the
number.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.constants import Role
from balai.accounts.policies import visible_agencies
from balai.accounts.selectors import agency_scope_of
from balai.cases import policies
from balai.cases.constants import OPEN_STATUSES, SlaState, Status
from balai.cases.models import Application, ApplicationDocument, Transition
from balai.cases.services.reviewing import application_read, applications_listed
from balai.core.errors import BalaiError, NotFound
from balai.core.workdays import add_working_days
from balai.registry import selectors as register


def _not_found() -> NotFound:
    return NotFound(_("There is no such application."))


def application_get(*, user: Any, application_id: uuid.UUID | str) -> Application:
    """One application the user may see (NotFound otherwise, even when it exists at
    another agency); staff reads are audited."""
    try:
        application = (
            policies.visible_applications(user)
            .select_related("agency", "assigned_to", "applicant")
            .get(pk=application_id)
        )
    except (Application.DoesNotExist, ValueError, ValidationError) as exc:
        raise _not_found() from exc
    return application_read(actor=user, application=application)


def application_list_for_citizen(*, user: Any) -> QuerySet[Application]:
    """The citizen's own applications, newest first (drafts included)."""
    return Application.objects.filter(applicant_id=user.pk).order_by("-created_at")


@dataclass(frozen=True)
class InboxFilter:
    status: str = ""
    service: str = ""
    sla: str = ""  # "", "due_soon", "overdue"


def _filtered(
    rows: QuerySet[Application], filters: InboxFilter
) -> QuerySet[Application]:
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.service:
        rows = rows.filter(service_slug=filters.service)
    today = timezone.localdate()
    if filters.sla == SlaState.OVERDUE:
        rows = rows.filter(sla_due__lt=today, status__in=OPEN_STATUSES)
    elif filters.sla == SlaState.DUE_SOON:
        horizon = add_working_days(today, 1)
        rows = rows.filter(
            sla_due__gte=today, sla_due__lte=horizon, status__in=OPEN_STATUSES
        )
    return rows


def inbox(*, user: Any, filters: InboxFilter) -> QuerySet[Application]:
    """The agency's applications for officers, oldest due first (open ones by
    default); ``sla`` narrows to due within a working day or overdue."""
    policies.ensure_can_view_inbox(user)
    rows = policies.visible_applications(user).select_related(
        "assigned_to", "applicant"
    )
    if not filters.status:
        rows = rows.filter(status__in=[*OPEN_STATUSES, Status.NEEDS_REVISION])
    return _filtered(rows, filters).order_by("sla_due", "submitted_at")


def inbox_page(*, user: Any, applications: list[Application]) -> list[Application]:
    """The inbox rows shown on one page, each with ``applicant_name`` (what it is
    about is ``Application.about``); showing them is an audited read of each."""
    applications_listed(actor=user, applications=applications)
    for application in applications:
        application.applicant_name = application.applicant.full_name  # type: ignore[attr-defined]
    return applications


def application_list(*, user: Any, filters: InboxFilter) -> QuerySet[Application]:
    """What the caller may see (citizens their own, staff their agencies'), narrowed
    by status, service and service time, newest first (the API's list)."""
    rows = policies.visible_applications(user).select_related("agency")
    return _filtered(rows, filters).order_by("-created_at")


def inbox_counts(*, user: Any) -> dict[str, int]:
    """Counts per status, plus due soon and overdue, for the inbox header."""
    policies.ensure_can_view_inbox(user)
    today = timezone.localdate()
    horizon = add_working_days(today, 1)
    is_open = Q(status__in=OPEN_STATUSES)
    totals = policies.visible_applications(user).aggregate(
        overdue=Count("pk", filter=is_open & Q(sla_due__lt=today)),
        due_soon=Count(
            "pk", filter=is_open & Q(sla_due__gte=today, sla_due__lte=horizon)
        ),
        mine=Count("pk", filter=is_open & Q(assigned_to_id=user.pk)),
        **{
            status: Count("pk", filter=Q(status=status))
            for status in (
                *OPEN_STATUSES,
                Status.NEEDS_REVISION,
                Status.AWAITING_PAYMENT,
            )
        },
    )
    return {key: value or 0 for key, value in totals.items()}


def timeline(application: Application) -> list[Transition]:
    return list(application.transitions.select_related("actor").order_by("at", "id"))


def current_documents(application: Application) -> list[ApplicationDocument]:
    return list(application.documents.filter(is_current=True).order_by("created_at"))


def document_for_user(
    *, user: Any, application_id: uuid.UUID | str, document_id: uuid.UUID | str
) -> ApplicationDocument:
    """An uploaded file of an application the user may see (audited for staff)."""
    application = application_get(user=user, application_id=application_id)
    try:
        return application.documents.get(pk=document_id)
    except (ApplicationDocument.DoesNotExist, ValueError, ValidationError) as exc:
        raise NotFound(_("There is no such document.")) from exc


def colleagues(application: Application) -> QuerySet[Any]:
    """Officers and heads who may handle the application: of its agency and the units
    beneath it (the ``below`` direction from the application's agency — the mirror of
    ``policies.agency_ids_served``)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            is_staff=True,
            agency_id__in=agency_scope_of(application.agency_id).below,
            groups__name__in=[Role.OFFICER, Role.AGENCY_HEAD],
        )
        .distinct()
        .order_by("date_joined")
    )


def agency_heads(application: Application) -> QuerySet[Any]:
    return get_user_model().objects.filter(
        is_active=True,
        is_staff=True,
        agency_id=application.agency_id,
        groups__name=Role.AGENCY_HEAD,
    )


def register_values_for(user: Any) -> dict[str, Any]:
    """The citizen's own register record as prefill values (empty when the account
    matches no record); the citizen's own data, so no staff audit applies."""
    resident = register.resident_for_citizen(user)
    if resident is None:
        return {}
    birth: dt.date | None = resident.birth_date
    return {
        "nik": resident.nik,
        "kk_number": resident.kk_number or "",
        "full_name": resident.full_name,
        "birth_place": resident.birth_place,
        "birth_date": birth.isoformat() if birth else "",
        "sex": resident.sex,
        "religion": resident.religion,
        "marital_status": resident.marital_status,
        "occupation": resident.occupation,
        "address": resident.address,
        "rt": resident.rt,
        "rw": resident.rw,
        "village_code": resident.village_id or "",
    }


def agency_for_service(code: str) -> Any:
    return visible_agencies(None).filter(code=code).first()


def satisfaction_summary(*, user: Any) -> dict[str, Any]:
    """The IKM of the agencies the staff member serves: overall and per service and
    agency (aggregates only, no personal data)."""
    from balai.cases import catalog_access
    from balai.cases.ikm import ikm_by, ikm_result
    from balai.cases.models import SatisfactionSurvey

    policies.ensure_can_view_satisfaction(user)
    surveys = SatisfactionSurvey.objects.filter(
        agency_id__in=policies.agency_ids_served(user)
    )
    names: dict[str, str] = {}
    for slug in surveys.values_list("service_slug", flat=True).distinct():
        try:
            names[slug] = str(catalog_access.service_get(slug).name)
        except BalaiError:  # a service since removed from the catalog
            names[slug] = slug
    rows = [
        {**row, "service_name": names.get(row["service_slug"], row["service_slug"])}
        for row in ikm_by(surveys, "service_slug", "agency__short_name")
    ]
    return {"overall": ikm_result(surveys), "rows": rows}
