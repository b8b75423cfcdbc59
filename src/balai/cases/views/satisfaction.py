# SPDX-License-Identifier: EUPL-1.2
"""The IKM dashboard: survey results per service of the user's agencies."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from balai.cases import catalog_access, policies
from balai.cases.constants import IKM_ELEMENTS
from balai.cases.ikm import ikm_by, ikm_result
from balai.cases.models import SatisfactionSurvey


@login_required
@require_safe
def satisfaction_dashboard(request: HttpRequest) -> HttpResponse:
    """IKM per service and agency for agency staff (aggregates: no personal data)."""
    policies.ensure_can_view_satisfaction(request.user)
    surveys = SatisfactionSurvey.objects.filter(
        agency_id__in=policies.agency_ids_served(request.user)
    )
    names = {}
    for slug in surveys.values_list("service_slug", flat=True).distinct():
        try:
            names[slug] = str(catalog_access.service_get(slug).name)
        except Exception:
            names[slug] = slug
    rows = [
        {**row, "service_name": names.get(row["service_slug"], row["service_slug"])}
        for row in ikm_by(surveys, "service_slug", "agency__short_name")
    ]
    return render(
        request,
        "cases/satisfaction_dashboard.html",
        {
            "overall": ikm_result(surveys),
            "rows": rows,
            "elements": IKM_ELEMENTS,
        },
    )
