# SPDX-License-Identifier: EUPL-1.2
"""Public statistics pages and open data (aggregates only; no login needed)."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from balai.core.errors import BalaiError
from balai.registry.constants import EventKind
from balai.registry.statistics import charts, selectors
from balai.registry.statistics.constants import EVENT_KINDS, EXPORT_LEVELS, depth_of

CSV_COLUMNS = ("region_code", "region_name", "sex", "age_band", "count", "suppressed")
OPEN_DATA_CACHE_SECONDS = 900
# Open data stays the same whatever the visitor's language (shared caches may keep it).
JSON_NOTE = (
    "Living residents on the snapshot date. Counts below min_cell are suppressed "
    "(null), and so are further counts where a hidden one could otherwise be "
    "recovered from a total."
)


def _event_labels() -> list[tuple[str, str]]:
    """Column headings of the monthly table, in EVENT_KINDS order."""
    labels = {
        EventKind.BIRTH: _("Births"),
        EventKind.DEATH: _("Deaths"),
        EventKind.MOVE_IN: _("Moves in"),
        EventKind.MOVE_OUT: _("Moves out"),
    }
    return [(kind, labels[kind]) for kind in EVENT_KINDS]


def _export_levels() -> list[tuple[str, str]]:
    return [("district", _("Per district")), ("village", _("Per village"))]


def _region_code(request: HttpRequest) -> str:
    return request.GET.get("region", "").strip()[:20]


@require_safe
def population_detail(request: HttpRequest) -> HttpResponse:
    """A region's population: sub-regions, pyramid, monthly events (suppressed)."""
    overview = selectors.population_overview(region_code=_region_code(request))
    kinds = _event_labels()
    depth = depth_of(overview.region_code)
    context: dict[str, Any] = {
        "overview": overview,
        "pyramid": charts.pyramid_chart(overview.bands, overview.min_cell),
        "event_kinds": kinds,
        "event_charts": charts.event_charts(kinds, overview.months, overview.min_cell),
        "export_levels": [
            (level, label)
            for level, label in _export_levels()
            if EXPORT_LEVELS[level] > depth
        ],
    }
    template = "registry/statistics/population_detail.html"
    if getattr(request, "htmx", False):
        template += "#region-stats"
    return render(request, template, context)


def _export(request: HttpRequest) -> selectors.PopulationExport:
    return selectors.population_export(
        region_code=_region_code(request), level=request.GET.get("level", "")[:10]
    )


def _filename(export: selectors.PopulationExport, extension: str) -> str:
    region = export.region_code.replace(".", "") or "semua"
    stamp = export.snapshot.isoformat() if export.snapshot else "kosong"
    return f"penduduk-{region}-{export.level}-{stamp}.{extension}"


def _error(exc: BalaiError, *, as_json: bool) -> HttpResponse:
    if as_json:
        body = {"code": exc.code, "detail": exc.message}
        return JsonResponse(body, status=exc.status)
    return HttpResponse(
        exc.message, status=exc.status, content_type="text/plain; charset=utf-8"
    )


@require_safe
def population_csv(request: HttpRequest) -> HttpResponse:
    """Open data as UTF-8 CSV: one line per region, sex and age band, with totals;
    a suppressed count is empty with ``suppressed`` true."""
    try:
        export = _export(request)
    except BalaiError as exc:
        return _error(exc, as_json=False)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(export, "csv")}"'
    )
    writer = csv.writer(response, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in export.rows:
        writer.writerow(
            [
                row.region_code,
                row.region_name,
                row.sex,
                row.age_band,
                "" if row.count is None else row.count,
                "true" if row.suppressed else "false",
            ]
        )
    patch_cache_control(response, public=True, max_age=OPEN_DATA_CACHE_SECONDS)
    return response


@require_safe
def population_json(request: HttpRequest) -> HttpResponse:
    """The same open data as JSON, with the snapshot date and the threshold."""
    try:
        export = _export(request)
    except BalaiError as exc:
        return _error(exc, as_json=True)
    body = {
        "snapshot": export.snapshot.isoformat() if export.snapshot else None,
        "region": {"code": export.region_code, "name": export.region_name},
        "level": export.level,
        "status": "alive",
        "min_cell": export.min_cell,
        "note": JSON_NOTE,
        "columns": list(CSV_COLUMNS),
        "rows": [
            {
                "region_code": row.region_code,
                "region_name": row.region_name,
                "sex": row.sex,
                "age_band": row.age_band,
                "count": row.count,
                "suppressed": row.suppressed,
            }
            for row in export.rows
        ],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=OPEN_DATA_CACHE_SECONDS)
    return response
