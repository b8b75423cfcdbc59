# SPDX-License-Identifier: EUPL-1.2
"""The register search: NIK, family card number, or name with date of birth."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from balai.core.errors import BalaiError
from balai.core.forms import errors_to_form
from balai.regions.nik import format_nik_masked
from balai.registry import policies, selectors
from balai.registry.constants import EventKind
from balai.registry.forms.search import ResidentSearchForm
from balai.registry.views.common import purpose_query


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def resident_search(request: HttpRequest) -> HttpResponse:
    """Search form and results (masked NIKs); the search is audited with its purpose.

    The search is a POST so that NIKs and names never travel in URLs (server logs,
    browser history); an htmx request gets the results fragment only.
    """
    policies.ensure_can_view_register(request.user)
    searched = request.method == "POST"
    if searched:
        form = ResidentSearchForm(request.POST)
    else:  # a purpose carried over from another page is kept for the next search
        form = ResidentSearchForm(initial=request.GET.dict())
    results = None
    query = ""
    if searched and form.is_valid():
        data = form.cleaned_data
        try:
            found = selectors.resident_search(
                request.user,
                nik=data["nik"] or None,
                kk_number=data["kk_number"] or None,
                name=data["name"] or None,
                birth_date=data["birth_date"],
                purpose=form.purpose_text(),
            )
        except BalaiError as exc:
            errors_to_form(form, exc)
        else:
            query = purpose_query(form)
            results = [(r, format_nik_masked(r.nik)) for r in found]
    context = {
        "form": form,
        "results": results,
        "query": query,
        "event_kinds": EventKind.choices,
    }
    template = "registry/resident_search.html"
    htmx = bool(getattr(request, "htmx", False))
    if htmx:
        template += "#results"  # htmx swaps 2xx only: errors travel in the fragment
    status = 400 if searched and form.errors and not htmx else 200
    return render(request, template, context, status=status)
