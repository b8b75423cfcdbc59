# SPDX-License-Identifier: EUPL-1.2
"""Reads of the reports app: categories, duplicates, public and board queries."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from balai.core.errors import NotFound
from balai.core.replicas import replica_read
from balai.reports import policies
from balai.reports.constants import OPEN_STATUSES, CloseReason, Status
from balai.reports.geo import bbox_around, haversine_m
from balai.reports.models import Category, Photo, Report, ReportUpdate
from balai.security import audit


@dataclass(frozen=True)
class CategoryInfo:
    code: str
    name_id: str
    name_en: str
    group: str
    keywords: list[str]
    description_id: str
    description_en: str
    metadata: bool
    attributes: tuple[dict[str, Any], ...] = ()

    def attribute_definitions(self) -> list[dict[str, Any]]:
        """The category's Open311 attributes (its own questions), in order."""
        return list(self.attributes)


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("group", "name_id", "code")


def categories() -> list[CategoryInfo]:
    """Active categories with both names, group and keywords (stable order)."""
    return [
        CategoryInfo(
            code=c.code,
            name_id=c.name_id,
            name_en=c.name_en or c.name_id,
            group=c.group,
            keywords=[k.strip() for k in c.keywords.split(",") if k.strip()],
            description_id=c.description_id,
            description_en=c.description_en or c.description_id,
            metadata=c.metadata,
            attributes=tuple(c.attribute_definitions()),
        )
        for c in active_categories()
    ]


def category_get(code: str) -> Category | None:
    return Category.objects.filter(code=code, is_active=True).first()


def nearby_open_reports(
    service_code: str,
    lat: float,
    lon: float,
    radius_m: float | None = None,
    *,
    limit: int = 10,
) -> list[Report]:
    """Open, public reports of the same category within ``radius_m`` (default
    ``REPORTS_DUPLICATE_RADIUS_M``), nearest first; each carries ``distance_m``.

    A bounding-box filter runs in SQL (indexed on category, status, lat), the exact
    great-circle distance in Python.
    """
    radius = float(radius_m or settings.REPORTS_DUPLICATE_RADIUS_M)
    lat, lon = float(lat), float(lon)
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return []
    min_lat, max_lat, min_lon, max_lon = bbox_around(lat, lon, radius)
    candidates = (
        Report.objects.filter(
            category__code=service_code,
            category__is_active=True,
            status__in=OPEN_STATUSES,
            is_hidden=False,
            lat__gte=min_lat,
            lat__lte=max_lat,
            lon__gte=min_lon,
            lon__lte=max_lon,
        )
        .select_related("category")
        .only(
            "id",
            "public_id",
            "category__code",
            "category__name_id",
            "category__name_en",
            "description",
            "lat",
            "lon",
            "address",
            "status",
            "requested_at",
        )[:500]
    )
    found: list[Report] = []
    for report in candidates:
        distance = haversine_m(lat, lon, report.lat, report.lon)
        if distance <= radius:
            report.distance_m = round(distance)
            found.append(report)
    found.sort(key=lambda r: r.distance_m)
    return found[:limit]


def reports_of_user(user: Any) -> QuerySet[Report]:
    """The reports ``user`` filed (anonymous ones included: they are the user's own)."""
    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    return (
        Report.objects.filter(reporter=user)
        .select_related("category")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ReportUpdate.objects.filter(is_public=True),
                to_attr="public_updates",
            )
        )
        .order_by("-requested_at")
    )


def reports_followed(user: Any) -> QuerySet[Report]:
    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    return user.reports_followed.filter(is_hidden=False).select_related("category")


def public_report(public_id: str) -> Report:
    """A visible report by public id with its public timeline; NotFound otherwise."""
    report = (
        policies.public_reports()
        .select_related("category", "agency", "merged_into")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ReportUpdate.objects.filter(is_public=True).order_by(
                    "created_at"
                ),
                to_attr="public_updates",
            ),
            "photos",
        )
        .filter(public_id=public_id)
        .first()
    )
    if report is None:
        raise NotFound("report not found")
    return report


@replica_read
def public_report_list(
    *,
    status: str = "",
    service_code: str = "",
    bbox: tuple[float, float, float, float] | None = None,
) -> QuerySet[Report]:
    """Public reports, newest first, filtered by coarse status, category and bbox."""
    rows = policies.public_reports().select_related("category")
    if status == "open":
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif status == "closed":
        rows = rows.filter(status=Status.CLOSED)
    if service_code:
        rows = rows.filter(category__code=service_code)
    if bbox is not None:
        west, south, east, north = bbox
        rows = rows.filter(lat__gte=south, lat__lte=north, lon__gte=west, lon__lte=east)
    return rows.order_by("-requested_at", "-public_id")


def photo_for_public(public_id: str, photo_id: Any) -> Photo:
    photo = Photo.objects.filter(
        pk=photo_id, report__public_id=public_id, report__is_hidden=False
    ).first()
    if photo is None:
        raise NotFound("photo not found")
    return photo


# --- the officers' board -----------------------------------------------------------


@dataclass
class BoardFilters:
    status: str = ""
    category: str = ""
    priority: str = ""
    overdue: bool = False
    area: str = ""
    queue: str = ""  # "triage" for unrouted reports


def board_reports(user: Any, filters: BoardFilters | None = None) -> QuerySet[Report]:
    """The reports the officer's board lists, policy-scoped and filtered."""
    filters = filters or BoardFilters()
    rows = policies.visible_reports(user).select_related(
        "category", "agency", "team", "assignee"
    )
    if filters.status == "active" or not filters.status:
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif filters.status != "all":
        rows = rows.filter(status=filters.status)
    if filters.category:
        rows = rows.filter(category__code=filters.category)
    if filters.priority:
        rows = rows.filter(priority=filters.priority)
    if filters.overdue:
        rows = rows.filter(status__in=OPEN_STATUSES, due_at__lt=timezone.now())
    if filters.queue == "triage":
        rows = rows.filter(agency__isnull=True)
    if filters.area:
        from balai.reports.models import Area

        area = Area.objects.filter(code=filters.area).first()
        if area is not None:
            rows = rows.filter(
                lat__gte=area.min_lat,
                lat__lte=area.max_lat,
                lon__gte=area.min_lon,
                lon__lte=area.max_lon,
            )
    return rows.order_by("due_at", "-requested_at")


def board_report(user: Any, public_id: str) -> Report:
    """One report for the board (404 when outside the officer's scope); audited,
    since the board shows the reporter's contact details."""
    report = (
        policies.visible_reports(user)
        .select_related(
            "category", "agency", "team", "assignee", "reporter", "merged_into"
        )
        .prefetch_related("photos", "followers")
        .filter(public_id=public_id)
        .first()
    )
    if report is None:
        raise NotFound("report not found")
    audit.record_read(
        actor=user,
        target=report,
        action="report.read",
        purpose="Handling the citizen report on the reports board",
        subject_id=report.reporter_id,
    )
    return report


def board_updates(report: Report) -> QuerySet[ReportUpdate]:
    return report.updates.select_related("author").order_by("created_at")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = fraction * (len(ordered) - 1)
    low, high = math.floor(index), math.ceil(index)
    return ordered[low] + (ordered[high] - ordered[low]) * (index - low)


@dataclass(frozen=True)
class ResolutionStat:
    key: str
    label: str
    count: int
    median_hours: float
    p90_hours: float


def resolution_stats(
    reports: Iterable[Report] | QuerySet[Report],
) -> dict[str, list[ResolutionStat]]:
    """Time to resolve (requested → closed) per category and per agency, in hours;
    duplicates are left out (they were never worked on their own)."""
    rows = (
        reports.filter(status=Status.CLOSED, closed_at__isnull=False)
        .exclude(close_reason=CloseReason.DUPLICATE)
        .values_list(
            "category__code",
            "category__name_id",
            "agency__code",
            "agency__short_name",
            "requested_at",
            "closed_at",
        )
    )
    by_category: dict[tuple[str, str], list[float]] = {}
    by_agency: dict[tuple[str, str], list[float]] = {}
    for code, name, agency_code, agency_name, requested, closed in rows:
        hours = max(0.0, (closed - requested).total_seconds() / 3600)
        by_category.setdefault((code, name), []).append(hours)
        by_agency.setdefault((agency_code or "", agency_name or "—"), []).append(hours)

    def summarise(groups: dict[tuple[str, str], list[float]]) -> list[ResolutionStat]:
        return [
            ResolutionStat(
                key=key,
                label=label,
                count=len(values),
                median_hours=round(_percentile(values, 0.5), 1),
                p90_hours=round(_percentile(values, 0.9), 1),
            )
            for (key, label), values in sorted(groups.items(), key=lambda i: i[0][1])
        ]

    return {"category": summarise(by_category), "agency": summarise(by_agency)}


def public_filter_q(status: str) -> Q:
    if status == "open":
        return Q(status__in=OPEN_STATUSES)
    if status == "closed":
        return Q(status=Status.CLOSED)
    return Q()
