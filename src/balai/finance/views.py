# SPDX-License-Identifier: EUPL-1.2
"""Pages of the finance app: the public transparency portal and the leaders' views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from balai.finance.models import BudgetVersion


@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    """The public budget portal (no sign-in, no personal data)."""
    versions = BudgetVersion.objects.filter(status="approved").order_by(
        "-fiscal_year", "-number"
    )
    return render(request, "finance/transparency.html", {"versions": versions})
