# SPDX-License-Identifier: EUPL-1.2
"""The IKM dashboard: survey results per service of the user's agencies."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from balai.cases import selectors
from balai.cases.constants import IKM_ELEMENTS


@login_required
@require_safe
def satisfaction_dashboard(request: HttpRequest) -> HttpResponse:
    """IKM per service and agency for agency staff (aggregates: no personal data)."""
    summary = selectors.satisfaction_summary(user=request.user)
    return render(
        request,
        "cases/satisfaction_dashboard.html",
        {**summary, "elements": IKM_ELEMENTS},
    )
