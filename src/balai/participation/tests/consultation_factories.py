# SPDX-License-Identifier: EUPL-1.2
"""Test data for consultations: a published consultation of an agency, built with
the services (so the same rules apply), and verified officers of that agency."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from balai.accounts.testing import verified
from balai.accounts.tests.factories import AgencyFactory, StaffFactory
from balai.participation.models import Consultation
from balai.participation.services import consultations as services

SECTIONS = [
    ("Pasal 1", "Ketentuan umum tentang pedagang kaki lima."),
    ("Pasal 2", "Lokasi berdagang tidak mengganggu pejalan kaki."),
    ("Pasal 3", "Waktu berdagang pukul 16.00 sampai 23.00."),
]


def officer(agency: Any = None) -> Any:
    """A verified (real TOTP) officer of ``agency`` (a new agency if None)."""
    return verified(StaffFactory(agency=agency or AgencyFactory()))


def open_consultation(actor: Any = None, **dates: Any) -> Consultation:
    """A consultation open for input now, on a three-section draft."""
    actor = actor or officer()
    draft = services.draft_create(
        actor=actor,
        title="Raperda Penataan PKL",
        kind="raperda",
        summary="Ringkasan.",
        sections=SECTIONS,
    )
    now = timezone.now()
    return services.consultation_publish(
        actor=actor,
        draft=draft,
        opens_at=dates.get("opens_at", now - dt.timedelta(days=1)),
        closes_at=dates.get("closes_at", now + dt.timedelta(days=10)),
    )


def end_input_period(consultation: Consultation) -> Consultation:
    """Move the input period into the past (deliberation phase)."""
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - dt.timedelta(days=20), closes_at=now - dt.timedelta(days=1)
    )
    consultation.refresh_from_db()
    return consultation
