# SPDX-License-Identifier: EUPL-1.2
"""Reports and categories as Open311 values (section 7 fields, no personal data)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language

from balai.reports.constants import OPEN_STATUSES, UpdateKind
from balai.reports.dates import format_w3c
from balai.reports.models import Category, Report


def service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": category.metadata,
        "type": category.service_type,
        "keywords": category.keywords,
        "group": category.group,
    }


def _localised(item: dict[str, Any], key: str) -> str:
    if (get_language() or "id").startswith("en") and item.get(f"{key}_en"):
        return str(item[f"{key}_en"])
    return str(item.get(key) or "")


def definition(category: Category) -> dict[str, Any]:
    attributes = []
    for item in category.attribute_definitions():
        attributes.append(
            {
                "variable": bool(item.get("variable", True)),
                "code": str(item["code"]),
                "datatype": item["datatype"],
                "required": bool(item.get("required", False)),
                "datatype_description": _localised(item, "datatype_description"),
                "order": int(item["order"]),
                "description": _localised(item, "description"),
                "values": [
                    {
                        "key": str(v["key"]),
                        "name": _localised(v, "name") or str(v["key"]),
                    }
                    for v in item.get("values") or []
                ],
            }
        )
    return {"service_code": category.code, "attributes": attributes}


def photo_url(request: HttpRequest, report: Report, photo: Any) -> str:
    return request.build_absolute_uri(
        reverse(
            "reports:public-photo",
            kwargs={"public_id": report.public_id, "photo_id": photo.pk},
        )
    )


def service_request(
    request: HttpRequest, report: Report, *, extensions: bool = False
) -> dict[str, Any]:
    """The section 7 element of one report; never the reporter's identity."""
    photos = list(report.photos.all())
    media = photo_url(request, report, photos[0]) if photos else ""
    if not media and report.media_urls:
        media = report.media_urls[0]
    closed = report.open311_status == "closed"
    updated = report.closed_at if closed and report.closed_at else report.updated_at
    value: dict[str, Any] = {
        "service_request_id": report.public_id,
        "status": report.open311_status,
        "status_notes": report.status_notes or None,
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.description,
        "agency_responsible": report.agency.name if report.agency_id else None,
        "service_notice": report.category.service_notice or None,
        "requested_datetime": format_w3c(report.requested_at),
        "updated_datetime": format_w3c(updated),
        "expected_datetime": format_w3c(report.due_at),
        "address": report.address,
        "address_id": report.address_id or None,
        "zipcode": report.zipcode or None,
        "lat": report.lat,
        "long": report.lon,
        "media_url": media or None,
    }
    if extensions:
        value["extended_attributes"] = {
            "channel": report.channel,
            "region_code": report.region_code or None,
            "priority": report.priority,
            "duplicate_of": getattr(report, "duplicate_of", None),
            "photos": [photo_url(request, report, p) for p in photos]
            + list(report.media_urls or []),
        }
        value["notes"] = [
            {
                "datetime": format_w3c(update.created_at),
                "type": update.kind,
                "summary": update.get_kind_display(),
                "description": update.text or None,
            }
            for update in report.updates.all()
            if update.is_public
        ]
    return value


def english_active() -> bool:
    """Whether category names are shown in English (as ``Category.name``)."""
    return (get_language() or "id").startswith("en")


def _category_name(row: dict[str, Any], english: bool) -> str:
    # as Category.name: English when active and present
    if english and row["category__name_en"]:
        return str(row["category__name_en"])
    return str(row["category__name_id"])


def service_request_row(
    row: dict[str, Any],
    photo_urls: list[str],
    notes: list[dict[str, Any]] | None,
    *,
    english: bool | None = None,
) -> dict[str, Any]:
    """``service_request`` from a values() row (lists.ROW_FIELDS), the report's photo
    URLs and, with extensions, its public notes: the same value, key for key.
    ``english`` (whether the active language is English) may be given once for a
    whole page."""
    if english is None:
        english = english_active()
    media = photo_urls[0] if photo_urls else ""
    if not media and row["media_urls"]:
        media = row["media_urls"][0]
    closed = row["status"] not in OPEN_STATUSES
    updated = row["closed_at"] if closed and row["closed_at"] else row["updated_at"]
    value: dict[str, Any] = {
        "service_request_id": row["public_id"],
        "status": "closed" if closed else "open",
        "status_notes": row["status_notes"] or None,
        "service_name": _category_name(row, english),
        "service_code": row["category__code"],
        "description": row["description"],
        "agency_responsible": row["agency__name"] if row["agency_id"] else None,
        "service_notice": row["category__service_notice"] or None,
        "requested_datetime": format_w3c(row["requested_at"]),
        "updated_datetime": format_w3c(updated),
        "expected_datetime": format_w3c(row["due_at"]),
        "address": row["address"],
        "address_id": row["address_id"] or None,
        "zipcode": row["zipcode"] or None,
        "lat": row["lat"],
        "long": row["lon"],
        "media_url": media or None,
    }
    if notes is not None:
        kinds = dict(UpdateKind.choices)
        value["extended_attributes"] = {
            "channel": row["channel"],
            "region_code": row["region_code"] or None,
            "priority": row["priority"],
            "duplicate_of": row["merged_into__public_id"],
            "photos": photo_urls + list(row["media_urls"] or []),
        }
        value["notes"] = [
            {
                "datetime": format_w3c(note["created_at"]),
                "type": note["kind"],
                "summary": str(kinds.get(note["kind"], note["kind"])),
                "description": note["text"] or None,
            }
            for note in notes
        ]
    return value
