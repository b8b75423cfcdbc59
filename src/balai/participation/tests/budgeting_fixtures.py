# SPDX-License-Identifier: EUPL-1.2
"""Fixtures of the Musrenbang tests: a round, offices per level, officers who really
passed a second factor, verified citizens. Imported by the test modules (kept out of
conftest.py, which the other participation areas share)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

import pytest

from balai.accounts.constants import AgencyKind, Role
from balai.accounts.testing import verified
from balai.accounts.tests.factories import AgencyFactory, StaffFactory, UserFactory
from balai.participation.models.budgeting import MusrenbangRound, Sector
from balai.participation.services import budgeting as services

VILLAGE = "32.73.02.1001"  # a kelurahan of Coblong, Kota Bandung (sample regions)
DAGO = (-6.8850, 107.6130)


@pytest.fixture
def offices(db: Any) -> dict[str, Any]:
    return {
        "desa": AgencyFactory(code="kelurahan-dago", kind=AgencyKind.KELURAHAN),
        "kecamatan": AgencyFactory(code="kecamatan-coblong", kind=AgencyKind.KECAMATAN),
        "bappeda": AgencyFactory(code="bappeda", kind=AgencyKind.BADAN),
        "pu": AgencyFactory(code="dinas-pu", kind=AgencyKind.DINAS),
    }


@pytest.fixture
def officers(offices: dict[str, Any]) -> dict[str, Any]:
    """One verified officer per level (and one of Dinas PU, regency level)."""
    return {
        level: verified(StaffFactory(agency=offices[key], roles=[Role.OFFICER]))
        for level, key in (
            ("desa", "desa"),
            ("kecamatan", "kecamatan"),
            ("kabupaten", "bappeda"),
            ("pu", "pu"),
        )
    }


def verified_citizen(**kwargs: Any) -> Any:
    user = UserFactory(**kwargs)
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    return user


@pytest.fixture
def citizen(db: Any) -> Any:
    return verified_citizen()


@pytest.fixture
def musrenbang(db: Any, sample_regions: Any) -> MusrenbangRound:
    return MusrenbangRound.objects.create(
        title="Musrenbang RKPD uji",
        fiscal_year=timezone.localdate().year,
        region_code="32.73",
    )


def submit(citizen: Any, musrenbang: MusrenbangRound, **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "title": "Perbaikan drainase Dago",
        "problem": "Saluran tersumbat, jalan tergenang setiap hujan.",
        "sector": Sector.INFRASTRUCTURE,
        "region_code": VILLAGE,
        "estimated_cost": "150000000",
        "lat": DAGO[0],
        "lon": DAGO[1],
        "address": "Jl. Dago Pojok RW 05",
    }
    data.update(overrides)
    return services.proposal_submit(actor=citizen, musrenbang=musrenbang, **data)
