# SPDX-License-Identifier: EUPL-1.2
"""Demo data: Kota Bandung's report categories, areas, routing, reports with photos.

Idempotent: categories, areas and rules are upserted by code; reports carry fixed
client tokens, so ``report_submit`` returns the existing ones on a second run, and
state changes apply only to reports still open. The area polygons are approximate
rectangles around four kecamatan of Bandung, not official boundaries.
"""

from __future__ import annotations

import io
import json
import random
import uuid
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from PIL import Image, ImageDraw

from balai.core.sla import ServiceTime
from balai.reports.constants import CloseReason, Priority, Status
from balai.reports.models import Area, Category, Report, RoutingRule
from balai.reports.seed_questions import DEMO_ANSWERS, QUESTIONS

NAMESPACE = uuid.UUID("6f1c1d2e-8d51-4bb1-9d1e-5a1b2c3d4e5f")

# code, name_id, name_en, group, keywords, priority, service time, agency
# (each category's questions: seed_questions.QUESTIONS)
CATEGORIES: list[tuple[Any, ...]] = [
    (
        "jalan-berlubang",
        "Jalan berlubang",
        "Pothole",
        "Jalan dan trotoar",
        "lubang,aspal,jalan rusak",
        Priority.HIGH,
        ServiceTime(working_days=3),
        "dinas-pu",
    ),
    (
        "trotoar-rusak",
        "Trotoar rusak",
        "Damaged sidewalk",
        "Jalan dan trotoar",
        "trotoar,pedestrian,ubin",
        Priority.NORMAL,
        ServiceTime(working_days=5),
        "dinas-pu",
    ),
    (
        "pju-mati",
        "Lampu jalan (PJU) mati",
        "Street light out",
        "Penerangan",
        "pju,lampu,gelap",
        Priority.NORMAL,
        ServiceTime(working_days=3),
        "dinas-pu",
    ),
    (
        "saluran-tersumbat",
        "Saluran air tersumbat",
        "Blocked drain",
        "Drainase",
        "got,selokan,drainase",
        Priority.HIGH,
        ServiceTime(hours=48),
        "dinas-pu",
    ),
    (
        "banjir",
        "Banjir / genangan",
        "Flooding",
        "Drainase",
        "banjir,genangan,air",
        Priority.URGENT,
        ServiceTime(hours=12),
        "dinas-pu",
    ),
    (
        "sampah",
        "Sampah tidak terangkut",
        "Uncollected trash",
        "Kebersihan",
        "sampah,tps,bau",
        Priority.NORMAL,
        ServiceTime(hours=48),
        "dlh",
    ),
    (
        "pohon-tumbang",
        "Pohon tumbang",
        "Fallen tree",
        "Pertamanan",
        "pohon,dahan,tumbang",
        Priority.URGENT,
        ServiceTime(hours=6),
        "dlh",
    ),
    (
        "parkir-liar",
        "Parkir liar",
        "Illegal parking",
        "Ketertiban",
        "parkir,trotoar,liar",
        Priority.LOW,
        ServiceTime(working_days=5),
        None,
    ),
    (
        "vandalisme",
        "Vandalisme / coretan",
        "Graffiti",
        "Ketertiban",
        "coretan,grafiti,vandal",
        Priority.LOW,
        ServiceTime(working_days=10),
        None,
    ),
]
# code, name, kecamatan code, (west, south, east, north) — approximate rectangles
AREAS = [
    ("coblong", "Kecamatan Coblong", "32.73.02", (107.600, -6.905, 107.630, -6.875)),
    ("sukasari", "Kecamatan Sukasari", "32.73.01", (107.570, -6.885, 107.600, -6.860)),
    (
        "bandung-wetan",
        "Kecamatan Bandung Wetan",
        "32.73.09",
        (107.600, -6.915, 107.630, -6.905),
    ),
    (
        "sumur-bandung",
        "Kecamatan Sumur Bandung",
        "32.73.19",
        (107.600, -6.928, 107.630, -6.915),
    ),
]
# key, category, description, lat, lon, address, final status, close reason
REPORTS = [
    (
        "r1",
        "jalan-berlubang",
        "Lubang besar di tengah jalan, motor sering terjatuh.",
        -6.8846,
        107.6133,
        "Jl. Ir. H. Juanda (Dago) dekat Simpang Dago",
        Status.OPEN,
        "",
    ),
    (
        "r2",
        "pju-mati",
        "Tiga lampu jalan mati sejak minggu lalu, jalan gelap.",
        -6.8930,
        107.6105,
        "Jl. Ganesa depan kampus",
        Status.ACKNOWLEDGED,
        "",
    ),
    (
        "r3",
        "saluran-tersumbat",
        "Selokan penuh sampah, air meluap saat hujan.",
        -6.9005,
        107.6190,
        "Jl. Cikapayang",
        Status.IN_PROGRESS,
        "",
    ),
    (
        "r4",
        "sampah",
        "Sampah di TPS belum diangkut tiga hari.",
        -6.8720,
        107.5890,
        "TPS Jl. Gegerkalong Hilir",
        Status.CLOSED,
        CloseReason.FIXED,
    ),
    (
        "r5",
        "pohon-tumbang",
        "Pohon tumbang menutup separuh jalan.",
        -6.9090,
        107.6110,
        "Jl. Riau dekat Taman Lansia",
        Status.CLOSED,
        CloseReason.FIXED,
    ),
    (
        "r6",
        "parkir-liar",
        "Mobil parkir di trotoar setiap sore.",
        -6.9200,
        107.6080,
        "Jl. Braga",
        Status.OPEN,
        "",
    ),
    (
        "r7",
        "jalan-berlubang",
        "Jalan berlubang di depan SD Negeri 3, Kecamatan Coblong.",
        -6.8848,
        107.6134,
        "Jl. Ir. H. Juanda No. 120",
        Status.OPEN,
        "",
    ),
    (
        "r8",
        "banjir",
        "Genangan setinggi lutut setiap hujan deras.",
        -6.9180,
        107.6190,
        "Jl. Merdeka",
        Status.CLOSED,
        CloseReason.NOT_OUR_RESPONSIBILITY,
    ),
]


def _ring(bbox: tuple[float, float, float, float]) -> str:
    west, south, east, north = bbox
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def _photo(seed: int, label: str) -> SimpleUploadedFile:
    rng = random.Random(seed)  # noqa: S311 - demo pictures, not secrets
    image = Image.new("RGB", (1200, 900), (rng.randint(60, 140),) * 3)
    draw = ImageDraw.Draw(image)
    for _ in range(30):
        x, y = rng.randint(0, 1100), rng.randint(0, 800)
        draw.ellipse(
            [x, y, x + rng.randint(20, 120), y + rng.randint(20, 80)],
            fill=(rng.randint(30, 90),) * 3,
        )
    draw.text((40, 40), label, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile(
        f"{label}.jpg", buffer.getvalue(), content_type="image/jpeg"
    )


def _notice(sla: ServiceTime) -> str:
    if sla.hours:
        return f"Ditindaklanjuti dalam {sla.hours} jam."
    return f"Ditindaklanjuti dalam {sla.working_days} hari kerja."


@transaction.atomic
def seed_catalogue() -> None:
    from balai.accounts.models import Agency

    agencies = {a.code: a for a in Agency.objects.all()}
    for order, (
        code,
        name_id,
        name_en,
        group,
        keywords,
        priority,
        sla,
        agency_code,
    ) in enumerate(CATEGORIES, start=1):
        category, _created = Category.objects.update_or_create(
            code=code,
            defaults={
                "name_id": name_id,
                "name_en": name_en,
                "group": group,
                "keywords": keywords,
                "priority": priority,
                "sla_working_days": sla.working_days or None,
                "sla_hours": sla.hours or None,
                "attributes": QUESTIONS.get(code, []),
                "service_notice": _notice(sla),
            },
        )
        agency = agencies.get(agency_code or "")
        if agency is not None:
            RoutingRule.objects.update_or_create(
                category=category,
                area=None,
                region_prefix="",
                defaults={"agency": agency, "order": 100 + order},
            )
    for code, name, region_code, bbox in AREAS:
        area = Area.objects.filter(code=code).first() or Area(code=code)
        area.name, area.region_code, area.geojson = name, region_code, _ring(bbox)
        area.full_clean()
        area.save()
    coblong, kecamatan = (
        Area.objects.get(code="coblong"),
        agencies.get("kecamatan-coblong"),
    )
    if kecamatan is not None:  # vandalism in Coblong goes to the kecamatan itself
        RoutingRule.objects.update_or_create(
            category=Category.objects.get(code="vandalisme"),
            area=coblong,
            defaults={"agency": kecamatan, "order": 10},
        )


def seed_demo_reports() -> int:
    from balai.accounts.models import User
    from balai.reports import services

    citizen = User.objects.filter(is_staff=False, is_active=True).first()
    created = 0
    for index, (key, code, text, lat, lon, address, status, reason) in enumerate(
        REPORTS
    ):
        token = uuid.uuid5(NAMESPACE, key)
        existed = Report.objects.filter(client_token=token).exists()
        report = services.report_submit(
            service_code=code,
            description=text,
            lat=lat,
            lon=lon,
            address=address,
            photos=[] if existed else [_photo(index, key)],
            reporter=citizen if index % 2 == 0 else None,
            anonymous=index % 4 == 2,
            client_token=token,
            channel="pwa",
            attributes=DEMO_ANSWERS.get(code, {}),
        )
        created += 0 if existed else 1
        if status != Status.OPEN and report.status == Status.OPEN:
            _move(report, status, reason)
    return created


def _move(report: Report, status: str, reason: str) -> None:
    from balai.accounts import services as accounts_services
    from balai.accounts.models import User
    from balai.reports import services

    if report.agency_id is None:
        return
    officer = User.objects.filter(
        agency_id=report.agency_id, is_staff=True, is_active=True
    ).first()
    if officer is None:
        return
    # the seeder acts as the agency's officer from the server's shell (audited)
    accounts_services.staff_acting_from_command(user=officer, purpose="demo data")
    if status in (Status.IN_PROGRESS, Status.CLOSED):
        services.report_status_change(
            actor=officer,
            report=report,
            status=Status.ACKNOWLEDGED,
            note="Laporan diterima.",
        )
    if status == Status.CLOSED:
        services.report_status_change(
            actor=officer,
            report=report,
            status=status,
            close_reason=reason,
            note="Sudah ditangani.",
        )
    elif status != Status.ACKNOWLEDGED:
        services.report_status_change(
            actor=officer,
            report=report,
            status=status,
            note="Tim sedang bekerja di lokasi.",
        )


def seed_reports(context: Any) -> None:
    """The seeder registered with ``balai seed``/``balai demo``."""
    seed_catalogue()
    created = seed_demo_reports()
    context.write(
        f"reports: {Category.objects.count()} categories, "
        f"{Area.objects.count()} areas, "
        f"{created} new demo reports"
    )
