# SPDX-License-Identifier: EUPL-1.2
"""Synthetic polls, register residents and their citizen accounts for poll tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from balai.accounts.models import Agency
from balai.accounts.tests.factories import AgencyFactory, StaffFactory, UserFactory
from balai.participation.models import Poll, PollOption
from balai.registry.constants import Relationship
from balai.registry.services import first_registration
from balai.registry.tests import factories as register

VILLAGE = register.VILLAGE  # 32.73.01.1001, Kota Bandung
OTHER_VILLAGE = register.OTHER_VILLAGE


def poll_agency() -> Agency:
    return Agency.objects.filter(code="bappeda").first() or AgencyFactory(
        code="bappeda"
    )


def poll_officer(**kwargs: Any) -> Any:
    return register.verified(StaffFactory(agency=poll_agency(), **kwargs))


def make_poll(
    *,
    options: tuple[str, ...] = ("Ya", "Tidak", "Ragu"),
    status: str = Poll.Status.OPEN,
    **fields: Any,
) -> Poll:
    now = timezone.now()
    values: dict[str, Any] = {
        "agency": poll_agency(),
        "title": "Jajak pendapat uji",
        "kind": Poll.Kind.SINGLE,
        "status": status,
        "opens_at": now - dt.timedelta(hours=1),
        "closes_at": now + dt.timedelta(days=1),
    }
    values.update(fields)
    poll = Poll.objects.create(**values)
    for position, label in enumerate(options):
        PollOption.objects.create(poll=poll, label=label, position=position)
    return poll


def option_ids(poll: Poll) -> list[str]:
    return [str(pk) for pk in poll.options.values_list("pk", flat=True)]


def citizen(
    *,
    birth_date: dt.date = dt.date(1990, 5, 12),
    village: str = VILLAGE,
    actor: Any = None,
) -> Any:
    """A citizen account whose NIK and birth date match a register record."""
    officer = actor or register.register_officer()
    resident = first_registration(
        actor=officer,
        person=register.person(birth_date=birth_date),
        address=register.address(village_code=village),
        nik=None,
        family=None,
        relationship=Relationship.HEAD,
    )
    return UserFactory(nik=resident.nik, birth_date=resident.birth_date)
