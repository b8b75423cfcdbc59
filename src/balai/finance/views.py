# SPDX-License-Identifier: EUPL-1.2
"""Pages: the public transparency portal ``/anggaran/`` and the leaders' dashboard
``/keuangan/`` (total → agency → budget line → journal entries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from balai.core.pagination import page_of
from balai.finance import charts, policies, selectors
from balai.finance.constants import Dimension
from balai.finance.exports import lra_csv, lra_pdf, lra_xlsx
from balai.finance.lra import Lra, lra_build
from balai.finance.opendata import apbd_csv

DIMENSIONS = {
    Dimension.AGENCY.value: (None, _("By agency")),
    Dimension.ACTIVITY.value: (3, _("By programme")),
    Dimension.ACCOUNT.value: (3, _("By type of account")),
    Dimension.LOCATION.value: (None, _("By region")),
    Dimension.FUND.value: (None, _("By funding source")),
}
SIDES = {"4": _("Revenue"), "5": _("Spending")}


def _year(request: HttpRequest) -> tuple[int | None, list[int]]:
    years = selectors.fiscal_years()
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        year = None
    if year not in years:
        year = selectors.default_year(years)
    return year, years


def _overview(year: int) -> dict[str, Any]:
    panels = selectors.overview(year=year)
    spending, revenue = panels.spending, panels.revenue
    months = spending.through.month if spending.through.year == year else 12
    return {
        "year": year,
        "version": panels.version,
        "spending": spending,
        "revenue": revenue,
        "chart": charts.cumulative(
            panels.monthly, spending.total.budget, months=months
        ),
        "cash_chart": charts.cash_curve(panels.cash_plan),
        "spending_meter": charts.meter(spending.total.realised, spending.total.budget),
        "revenue_meter": charts.meter(revenue.total.realised, revenue.total.budget),
    }


def _with_meters(rows: list[Any]) -> list[tuple[Any, dict[str, Any]]]:
    return [(row, charts.meter(row.realised, row.budget)) for row in rows]


@require_safe
def transparency(request: HttpRequest) -> HttpResponse:
    """The public budget portal: no sign-in, aggregated figures only."""
    year, years = _year(request)
    context: dict[str, Any] = {"years": years, "year": year}
    if year is not None:
        context.update(_overview(year))
        context["tables"] = [
            (
                dimension,
                label,
                _with_meters(
                    selectors.breakdown(
                        year=year,
                        dimension=dimension,
                        level=level,
                        version=context["version"],
                    ).rows[:10]
                ),
            )
            for dimension, (level, label) in DIMENSIONS.items()
        ]
        context["versions"] = selectors.versions_of(year).filter(status="approved")
    return render(request, "finance/transparency.html", context)


@require_safe
def transparency_breakdown(request: HttpRequest) -> HttpResponse:
    """One dimension in full, with drill-down through the code trees."""
    year, years = _year(request)
    dimension = request.GET.get("dimensi", Dimension.AGENCY)
    if year is None or dimension not in DIMENSIONS:
        raise Http404
    side = request.GET.get("akun", "5")
    if side not in SIDES:
        side = "5"
    parent = request.GET.get("induk") or None
    level, label = DIMENSIONS[dimension]
    result = selectors.breakdown(
        year=year,
        dimension=dimension,
        akun=side,
        level=None if parent else level,
        parent=parent,
    )
    deepest = {Dimension.ACTIVITY.value: 5, Dimension.ACCOUNT.value: 6}.get(
        dimension, 0
    )
    return render(
        request,
        "finance/transparency_breakdown.html",
        {
            "year": year,
            "years": years,
            "dimension": dimension,
            "label": label,
            "side": side,
            "side_label": SIDES[side],
            "sides": SIDES,
            "parent": parent,
            "trail": _trail(dimension, parent),
            "result": result,
            "rows": _with_meters(result.rows),
            "drillable": bool(deepest)
            and (result.rows and _depth(dimension, result.rows[0].code) < deepest),
        },
    )


def _depth(dimension: str, code: str) -> int:
    from balai.finance import codes

    if dimension == Dimension.ACTIVITY:
        return int(codes.activity_level(code))
    return codes.account_level(code)


def _trail(dimension: str, parent: str | None) -> list[str]:
    from balai.finance import codes

    if not parent:
        return []
    up = (
        codes.activity_parent
        if dimension == Dimension.ACTIVITY
        else codes.account_parent
    )
    return list(reversed(codes.ancestors(parent, up)))


@require_safe
def transparency_download(request: HttpRequest, year: int, name: str) -> HttpResponse:
    """The LRA (CSV, XLSX, PDF) and the budget lines (CSV) of a year."""
    if year not in selectors.fiscal_years():
        raise Http404
    through = _through(year)
    if name == "apbd.csv":
        body: str | bytes = apbd_csv(year=year)
        kind = "text/csv; charset=utf-8"
    else:
        lra = lra_build(year=year, through=through)
        formats: dict[str, tuple[Callable[[Lra], str | bytes], str]] = {
            "lra.csv": (lra_csv, "text/csv; charset=utf-8"),
            "lra.xlsx": (
                lra_xlsx,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            "lra.pdf": (lra_pdf, "application/pdf"),
        }
        if name not in formats:
            raise Http404
        make, kind = formats[name]
        body = make(lra)
    response = HttpResponse(body, content_type=kind)
    filename = f"{name.split('.')[0]}-{year}.{name.split('.')[1]}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _through(year: int) -> dt.date:
    today = timezone.localdate()
    return today if today.year == year else dt.date(year, 12, 31)


# --- leaders' dashboard ---------------------------------------------------------------


@login_required
@require_safe
@never_cache
def dashboard(request: HttpRequest) -> HttpResponse:
    """The total, by agency and by programme; every row drills down."""
    policies.ensure_can_view_dashboard(request.user)
    year, years = _year(request)
    context: dict[str, Any] = {
        "years": years,
        "year": year,
        "can_import": policies.can_manage_budget(request.user),
    }
    if year is not None:
        context.update(_overview(year))
        context["agencies"] = _with_meters(context["spending"].rows)
        context["programmes"] = _with_meters(
            selectors.breakdown(
                year=year,
                dimension=Dimension.ACTIVITY,
                level=3,
                version=context["version"],
            ).rows
        )
    return render(request, "finance/dashboard.html", context)


@login_required
@require_safe
@never_cache
def dashboard_agency(request: HttpRequest, code: str) -> HttpResponse:
    """One agency's budget lines with realisation."""
    policies.ensure_can_view_dashboard(request.user)
    year, _years = _year(request)
    if year is None:
        raise Http404
    rows = selectors.items_of(year=year, agency_code=code)
    if not rows:
        raise Http404
    return render(
        request,
        "finance/dashboard_agency.html",
        {
            "year": year,
            "agency": rows[0].item.agency,
            "rows": [(row, charts.meter(row.realised, row.budget)) for row in rows],
            "budget": sum(r.budget for r in rows if r.item.account.code[0] == "5"),
            "realised": sum(r.realised for r in rows if r.item.account.code[0] == "5"),
        },
    )


@login_required
@require_safe
@never_cache
def dashboard_item(request: HttpRequest, pk: str) -> HttpResponse:
    """One budget line: its ceiling, monthly realisation and its entries."""
    policies.ensure_can_view_dashboard(request.user)
    year, _years = _year(request)
    item = selectors.item_get(pk)
    if item is None or year is None:
        raise Http404
    row = next(
        (
            r
            for r in selectors.items_of(year=year, agency_code=item.agency.code)
            if r.item.pk == item.pk
        ),
        None,
    )
    monthly = selectors.monthly(dimension=Dimension.ITEM, key=str(item.pk), year=year)
    budget = row.budget if row else Decimal(0)
    entries = page_of(
        request, selectors.entries_of_item(item=item, year=year), per_page=25
    )
    return render(
        request,
        "finance/dashboard_item.html",
        {
            "year": year,
            "item": item,
            "row": row,
            "chart": charts.cumulative(monthly, budget, months=_through(year).month),
            "page": entries,
        },
    )


@login_required
@require_safe
@never_cache
def dashboard_entry(request: HttpRequest, pk: str) -> HttpResponse:
    """One journal entry with its lines, document and reversal."""
    policies.ensure_can_view_dashboard(request.user)
    entry = selectors.entry_get(pk)
    if entry is None:
        raise Http404
    return render(
        request,
        "finance/dashboard_entry.html",
        {
            "entry": entry,
            "lines": selectors.entry_lines(entry),
            "reversed_by": getattr(entry, "reversed_by", None),
        },
    )


# --- SIPD imports (finance officers) --------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def imports(request: HttpRequest) -> HttpResponse:
    """Upload a SIPD export (budget lines, SP2D, cash plan) and see the batches."""
    from balai.core.errors import BalaiError
    from balai.core.forms import errors_to_form
    from balai.finance.constants import ImportKind
    from balai.finance.forms import ImportForm
    from balai.finance.sipd import batch_import

    policies.ensure_can_manage_budget(request.user)
    versions = selectors.draft_versions()
    form = ImportForm(request.POST or None, request.FILES or None, versions=versions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # only a listed draft version may receive budget lines
        version = (
            next((v for v in versions if str(v.pk) == str(data["version"])), None)
            if data["version"] and data["kind"] == ImportKind.BUDGET
            else None
        )
        upload = data["file"]
        try:
            batch = batch_import(
                actor=request.user,
                kind=data["kind"],
                data=upload.read(),
                file_name=upload.name,
                version=version,
            )
        except BalaiError as exc:
            errors_to_form(form, exc, default="file")
        else:
            return redirect("finance:import", pk=batch.pk)
    batches = page_of(request, selectors.import_batches(), per_page=25)
    return render(
        request,
        "finance/imports.html",
        {"form": form, "page": batches, "columns": _import_columns()},
    )


def _import_columns() -> list[tuple[Any, tuple[str, ...]]]:
    from balai.finance.constants import ImportKind
    from balai.finance.sipd import KINDS

    return [(ImportKind(kind).label, spec[0]) for kind, spec in KINDS.items()]


@login_required
@require_safe
@never_cache
def import_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """One batch: its counts and the rejection report (page or ``?format=csv``)."""
    from balai.finance.sipd import batch_result

    policies.ensure_can_manage_budget(request.user)
    batch = selectors.import_batch(pk)
    if batch is None:
        raise Http404
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            batch_result(batch).report_csv(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="rejections-{batch.pk}.csv"'
        )
        return response
    rejections = page_of(request, batch.rejections.all(), per_page=50)
    return render(
        request, "finance/import_detail.html", {"batch": batch, "page": rejections}
    )
