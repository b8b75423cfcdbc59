# SPDX-License-Identifier: EUPL-1.2
"""report_submit: validation, idempotency, photos without EXIF, routing, region."""

from __future__ import annotations

import io
import uuid

import pytest
from PIL import Image

from balai.core.errors import BalaiError, NotFound
from balai.reports.models import Report
from balai.reports.services import report_submit
from balai.reports.tests.factories import (
    INSIDE,
    OUTSIDE,
    agency,
    area,
    category,
    jpeg_with_gps,
    pothole,
    rule,
    submitted,
    upload,
)

pytestmark = pytest.mark.django_db


def test_same_client_token_returns_the_same_report():
    token = uuid.uuid4()
    first = submitted(client_token=token, channel="pwa")
    again = submitted(client_token=str(token), channel="pwa", description="lain")
    assert first.pk == again.pk
    assert Report.objects.filter(client_token=token).count() == 1


def test_photo_comes_back_without_gps_or_any_exif_and_resized():
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)  # the upload does carry GPS
    report = submitted(photos=[upload(original)])
    photo = report.photos.get()
    with Image.open(photo.file.open("rb")) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
        assert not stored.getexif().get_ifd(0x8825)
        assert "icc_profile" not in stored.info and "exif" not in stored.info
        assert max(stored.size) == 1600
    assert photo.width == 1600 and photo.height == 800


def test_orientation_is_applied_before_stripping():
    report = submitted(photos=[upload(jpeg_with_gps((400, 200), orientation=6))])
    photo = report.photos.get()
    assert (photo.width, photo.height) == (200, 400)


def test_non_images_and_too_many_photos_are_refused():
    category()
    pdf = upload(b"%PDF-1.4\n%%EOF\n" * 10, name="x.jpg")
    with pytest.raises(BalaiError) as error:
        submitted(photos=[pdf])
    assert "photos" in error.value.field_errors
    with pytest.raises(BalaiError) as error:
        submitted(photos=[upload() for _ in range(6)])
    assert "photos" in error.value.field_errors
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("lat", "lon", "field"),
    [
        (91, 107.6, "lat"),
        (-6.9, None, "lat"),
        ("x", "y", "lat"),
        (None, None, "location"),
    ],
)
def test_bad_locations(lat, lon, field):
    category()
    with pytest.raises(BalaiError) as error:
        submitted(lat=lat, lon=lon, address="")
    assert field in error.value.field_errors


def test_unknown_category_is_not_found_and_description_is_required():
    with pytest.raises(NotFound):
        report_submit(
            service_code="tidak-ada",
            description="x",
            lat=None,
            lon=None,
            address="Jl. A",
        )
    category()
    with pytest.raises(BalaiError) as error:
        submitted(description="  ")
    assert "description" in error.value.field_errors


def test_routing_by_polygon_then_region_prefix_then_triage(sample_regions):
    roads = pothole()
    pu, dlh, kecamatan = agency("dinas-pu"), agency("dlh"), agency("kecamatan-coblong")
    coblong = area("coblong", region_code="32.73.02")
    rule(agency=pu, category=roads, area=coblong, order=10)
    rule(agency=kecamatan, region_prefix="32.73.01", order=20)
    rule(agency=dlh, category=category("sampah"), order=30)
    inside = submitted(attributes={"ukuran": "kecil"})
    assert inside.agency_id == pu.pk and inside.region_code == "32.73.02"
    by_region = submitted(
        lat=OUTSIDE[0],
        lon=OUTSIDE[1],
        region_code="32.73.01.1001",
        attributes={"ukuran": "kecil"},
    )
    assert by_region.agency_id == kecamatan.pk
    nowhere = submitted(lat=OUTSIDE[0], lon=OUTSIDE[1], attributes={"ukuran": "kecil"})
    assert nowhere.agency_id is None  # triage
    trash = submitted(service_code="sampah", lat=OUTSIDE[0], lon=OUTSIDE[1])
    assert trash.agency_id == dlh.pk


def test_multipolygon_feature_collection_areas():
    from balai.reports.geo import parse_area_geojson

    feature = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [
                            [107.60, -6.90],
                            [107.61, -6.90],
                            [107.61, -6.89],
                            [107.60, -6.90],
                        ]
                    ],
                },
            },
            {
                "type": "Feature",
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [
                        [
                            [
                                [107.70, -6.90],
                                [107.71, -6.90],
                                [107.71, -6.89],
                                [107.70, -6.90],
                            ]
                        ]
                    ],
                },
            },
        ],
    }
    import json

    shape = parse_area_geojson(json.dumps(feature))
    assert shape.geom_type == "MultiPolygon"
    for bad in (
        "{",
        '{"type": "Point", "coordinates": [1, 2]}',
        '{"type": "Polygon", "coordinates": [[[0,0],[1,1],[1,0],[0,1],[0,0]]]}',
    ):
        with pytest.raises(ValueError, match=r"."):
            parse_area_geojson(bad)


def test_priority_and_due_date_come_from_the_category():
    category("pohon-tumbang", priority="urgent", sla_hours=6)
    report = submitted(service_code="pohon-tumbang")
    assert report.priority == "urgent"
    hours = (report.due_at - report.requested_at).total_seconds() / 3600
    assert hours == pytest.approx(6)


def test_receipt_goes_to_the_reporter(outbox, immediate_on_commit):
    from balai.accounts.tests.factories import UserFactory

    user = UserFactory()
    report = submitted(reporter=user)
    assert report.followers.filter(pk=user.pk).exists()
    assert any(report.public_id in m.subject for m in outbox)


def test_jpeg_with_gps_helper_is_a_real_jpeg():
    assert jpeg_with_gps()[:2] == b"\xff\xd8"
    assert INSIDE
