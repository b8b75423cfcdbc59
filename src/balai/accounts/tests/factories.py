# SPDX-License-Identifier: EUPL-1.2
"""Synthetic users, units and agencies (Faker id_ID)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group

import factory

from balai.accounts.constants import AgencyKind, Role, UnitLevel
from balai.accounts.models import Agency, GovernmentUnit, User

PASSWORD = "Sandi-Uji-2026!"


def make_nik(serial: int, *, female: bool = False, district: str = "327301") -> str:
    """A structurally valid NIK in Kota Bandung born 1990-05-12 (or +40 for women)."""
    day = 12 + (40 if female else 0)
    return f"{district}{day:02d}0590{serial:04d}"


class GovernmentUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernmentUnit

    name = factory.Sequence(lambda n: f"Pemerintah Kota Uji {n}")
    level = UnitLevel.CITY


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    unit = factory.SubFactory(GovernmentUnitFactory)
    code = factory.Sequence(lambda n: f"dinas-{n}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    short_name = factory.Sequence(lambda n: f"Dinas {n}")
    kind = AgencyKind.DINAS


class UserFactory(factory.django.DjangoModelFactory):
    """An active, verified citizen."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"warga{n}@uji.balai.test")
    full_name = factory.Faker("name", locale="id_ID")
    nik = factory.Sequence(lambda n: make_nik(n + 1))
    birth_date = dt.date(1990, 5, 12)
    is_active = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(
        self, create: bool, extracted: list[str] | None, **kwargs: object
    ) -> None:
        if not create:
            return
        self.save()
        for role in extracted or [Role.CITIZEN]:
            group, _created = Group.objects.get_or_create(name=role)
            self.groups.add(group)


class StaffFactory(UserFactory):
    """An agency officer (pass ``roles=[...]`` for other staff roles)."""

    email = factory.Sequence(lambda n: f"petugas{n}@uji.balai.test")
    nik = None
    is_staff = True
    agency = factory.SubFactory(AgencyFactory)

    @factory.post_generation
    def roles(
        self, create: bool, extracted: list[str] | None, **kwargs: object
    ) -> None:
        if not create:
            return
        self.save()
        for role in extracted or [Role.OFFICER]:
            group, _created = Group.objects.get_or_create(name=role)
            self.groups.add(group)
