# SPDX-License-Identifier: EUPL-1.2
"""Synthetic register data for tests, created through the event services."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from balai.accounts import testing as accounts_testing
from balai.accounts.constants import Role
from balai.accounts.models import Agency
from balai.accounts.tests.factories import AgencyFactory, StaffFactory
from balai.core.samples import ONE_PAGE_PDF
from balai.registry.constants import Relationship, Religion, Sex
from balai.registry.models import Family, Resident
from balai.registry.services import (
    AddressData,
    PersonData,
    first_registration,
    marriage_register,
)

VILLAGE = "32.73.01.1001"  # Sukasari, Kota Bandung (in the sample regions)
OTHER_VILLAGE = "32.73.01.1002"
DISTRICT = "32.73.01"
PDF = ONE_PAGE_PDF


def identity_agency() -> Agency:
    return Agency.objects.filter(code="disdukcapil").first() or AgencyFactory(
        code="disdukcapil"
    )


def verified(user: Any) -> Any:
    """The user after a real TOTP check logged in through django-otp."""
    return accounts_testing.verified(user)


def register_officer(**kwargs: Any) -> Any:
    return verified(StaffFactory(agency=identity_agency(), **kwargs))


def register_head() -> Any:
    return register_officer(roles=[Role.AGENCY_HEAD])


def person(**overrides: Any) -> PersonData:
    values: dict[str, Any] = {
        "full_name": "Budi Santoso",
        "birth_date": dt.date(1990, 5, 12),
        "sex": Sex.MALE,
        "birth_place": "Bandung",
        "religion": Religion.ISLAM,
        "occupation": "Karyawan swasta",
    }
    values.update(overrides)
    return PersonData(**values)


def address(**overrides: Any) -> AddressData:
    values: dict[str, Any] = {
        "address": "Jl. Setiabudi No. 12",
        "rt": "001",
        "rw": "002",
        "village_code": VILLAGE,
    }
    values.update(overrides)
    return AddressData(**values)


def registered(
    actor: Any, *, family: Family | None = None, **overrides: Any
) -> Resident:
    relationship = overrides.pop("relationship", None)
    nik = overrides.pop("nik", None)
    return first_registration(
        actor=actor,
        person=person(**overrides),
        address=address(),
        nik=nik,
        family=family,
        relationship=relationship
        or (Relationship.CHILD if family else Relationship.HEAD),
    )


def couple(actor: Any) -> tuple[Resident, Resident, Family]:
    """A married couple on a new family card (husband heads it)."""
    husband = registered(
        actor, full_name="Agus Pratama", birth_date=dt.date(1988, 1, 20)
    )
    wife = registered(
        actor,
        full_name="Siti Aminah",
        birth_date=dt.date(1991, 7, 3),
        sex=Sex.FEMALE,
    )
    family = marriage_register(
        actor=actor, head=husband, spouse=wife, marriage_date=dt.date(2015, 6, 6)
    )
    husband.refresh_from_db()
    wife.refresh_from_db()
    return husband, wife, family


def pdf(name: str = "akta.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def not_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("x.pdf", io.BytesIO(b"plain text").read())


def matrix_objects(world: dict[str, Any]) -> dict[str, Any]:
    """Register objects for the access-matrix test, created once per world."""
    if "registry" not in world:
        from balai.registry.services import data_correct

        officer = register_officer()
        resident = registered(officer, full_name="Matriks Uji")
        data_correct(
            actor=officer,
            resident=resident,
            changes={"occupation": "Pedagang"},
            reason="uji",
            documents=[pdf()],
        )
        membership = resident.memberships.get()
        document = resident.events.get(kind="data_correction").documents.get()
        world["registry"] = {
            "resident": resident,
            "family": membership.family,
            "document": document,
        }
    return world["registry"]
