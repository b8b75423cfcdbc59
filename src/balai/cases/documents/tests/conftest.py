# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from balai.accounts.models import Agency, User
from balai.accounts.tests.conftest import staff_client  # noqa: F401 (fixture)
from balai.accounts.tests.factories import (
    AgencyFactory,
    GovernmentUnitFactory,
    StaffFactory,
)
from balai.cases.documents.models import IssuedDocument
from balai.cases.documents.services import document_issue
from balai.cases.documents.testing import TestPki, install_test_pki
from balai.regions.models import Region

FIELDS = [
    ("Nama", "Budi Santoso"),
    ("Tempat lahir", "Bandung"),
    ("Tanggal lahir", "12 Mei 2026"),
    ("Nama ibu", "Sri Wahyuni"),
]


@pytest.fixture
def signing_pki(settings: Any, tmp_path: Any) -> TestPki:
    return install_test_pki(settings, tmp_path / "pki")


@pytest.fixture
def agency(db: Any, signing_pki: TestPki) -> Agency:
    # One region row instead of the sample table: the place printed on documents.
    city, _created = Region.objects.get_or_create(
        code="32.73",
        defaults={
            "name": "Kota Bandung",
            "search_name": "kota bandung",
            "level": Region.Level.REGENCY,
            "kind": Region.Kind.KOTA,
        },
    )
    unit = GovernmentUnitFactory(name="Pemerintah Kota Bandung", region=city)
    agency = AgencyFactory(
        code="disdukcapil",
        unit=unit,
        name="Dinas Kependudukan dan Pencatatan Sipil",
        short_name="Disdukcapil",
    )
    signing_pki.certify(agency)
    return agency


@pytest.fixture
def officer(agency: Agency) -> User:
    return StaffFactory(agency=agency)


@pytest.fixture
def issue(agency: Agency, officer: User) -> Callable[..., IssuedDocument]:
    """Issue a birth-certificate extract (keyword arguments override)."""
    counter = iter(range(1, 1000))

    def make(**overrides: Any) -> IssuedDocument:
        values: dict[str, Any] = {
            "agency": agency,
            "template": "akta-kelahiran",
            "title_id": "Kutipan Akta Kelahiran",
            "title_en": "Extract of Birth Certificate",
            "number": f"3273-LU-28112026-{next(counter):04d}",
            "reference": "PMH-2026-000123",
            "holder_name": "Budi Santoso",
            "fields": FIELDS,
            "issued_by": officer,
        }
        values.update(overrides)
        return document_issue(**values)

    return make
