# SPDX-License-Identifier: EUPL-1.2
"""Synthetic categories, areas and reports for the reports tests."""

from __future__ import annotations

import io
import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from PIL import Image

from balai.accounts.tests.factories import AgencyFactory
from balai.reports.models import Area, Category, Report, RoutingRule
from balai.reports.services import open311_client_create, report_submit

# A rectangle around Coblong, Bandung (lon, lat), and a point inside it.
COBLONG = [[107.600, -6.905], [107.630, -6.905], [107.630, -6.875], [107.600, -6.875]]
INSIDE = (-6.890, 107.615)
OUTSIDE = (-6.950, 107.650)

POTHOLE_ATTRIBUTES = [
    {
        "code": "ukuran",
        "datatype": "singlevaluelist",
        "required": True,
        "order": 1,
        "description": "Seberapa besar lubangnya?",
        "description_en": "How large is the hole?",
        "datatype_description": "",
        "variable": True,
        "values": [
            {"key": "kecil", "name": "Kecil (< 30 cm)"},
            {"key": "besar", "name": "Besar (> 30 cm)"},
        ],
    },
    {
        "code": "lajur",
        "datatype": "multivaluelist",
        "required": False,
        "order": 2,
        "description": "Lajur yang terdampak",
        "variable": True,
        "values": [{"key": "kiri", "name": "Kiri"}, {"key": "kanan", "name": "Kanan"}],
    },
    {
        "code": "kedalaman",
        "datatype": "number",
        "required": False,
        "order": 3,
        "description": "Kedalaman (cm)",
        "variable": True,
    },
    {
        "code": "sejak",
        "datatype": "datetime",
        "required": False,
        "order": 4,
        "description": "Sejak kapan?",
        "variable": True,
    },
    {
        "code": "catatan",
        "datatype": "text",
        "required": False,
        "order": 5,
        "description": "Informasi: laporan darurat hubungi 112.",
        "variable": False,
    },
]


def category(code: str = "jalan-berlubang", **overrides: Any) -> Category:
    values: dict[str, Any] = {
        "name_id": "Jalan berlubang",
        "name_en": "Pothole",
        "group": "jalan",
        "keywords": "lubang,aspal,jalan rusak",
        "sla_hours": 72,
        "attributes": [],
    }
    values.update(overrides)
    found, _created = Category.objects.update_or_create(code=code, defaults=values)
    return found


def pothole() -> Category:
    return category(attributes=POTHOLE_ATTRIBUTES, service_notice="Ditangani 3 hari.")


def area(
    code: str = "coblong", ring: list | None = None, region_code: str = ""
) -> Area:
    geometry = {
        "type": "Polygon",
        "coordinates": [[*(ring or COBLONG), (ring or COBLONG)[0]]],
    }
    found = Area(
        code=code,
        name=code.title(),
        region_code=region_code,
        geojson=json.dumps(geometry),
    )
    found.full_clean()
    found.save()
    return found


def rule(
    *,
    agency: Any,
    category: Category | None = None,
    area: Area | None = None,
    region_prefix: str = "",
    order: int = 100,
) -> RoutingRule:
    return RoutingRule.objects.create(
        agency=agency,
        category=category,
        area=area,
        region_prefix=region_prefix,
        order=order,
    )


def jpeg_with_gps(
    size: tuple[int, int] = (2400, 1200), orientation: int | None = None
) -> bytes:
    """A JPEG whose EXIF holds a GPS position (and optionally an orientation)."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (6.0, 53.0, 24.0)
    gps[3] = "E"
    gps[4] = (107.0, 36.0, 54.0)
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def upload(content: bytes | None = None, name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content or jpeg_with_gps(), content_type="image/jpeg"
    )


def submitted(**overrides: Any) -> Report:
    values: dict[str, Any] = {
        "service_code": "jalan-berlubang",
        "description": "Lubang besar di depan SD Negeri 3",
        "lat": INSIDE[0],
        "lon": INSIDE[1],
        "address": "Jl. Dago No. 10",
    }
    values.update(overrides)
    if not Category.objects.filter(code=values["service_code"]).exists():
        category(values["service_code"])
    return report_submit(**values)


def open311_key(name: str = "Aplikasi Uji") -> str:
    return open311_client_create(name=name)[1]


def agency(code: str) -> Any:
    from balai.accounts.models import Agency

    return Agency.objects.filter(code=code).first() or AgencyFactory(code=code)
