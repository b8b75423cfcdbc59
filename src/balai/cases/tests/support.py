# SPDX-License-Identifier: EUPL-1.2
"""Test support: people, register records, answers and uploads for applications."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from balai.accounts.constants import Role
from balai.accounts.tests.factories import AgencyFactory, StaffFactory, UserFactory
from balai.cases import catalog_access, services
from balai.cases.models import Application
from balai.cases.tests.catalog import PAID
from balai.catalog.definitions import (
    ServiceDefinition,
)
from balai.core.samples import ONE_PAGE_PDF
from balai.registry.constants import Sex
from balai.registry.tests.factories import (
    couple,
    identity_agency,
    register_officer,
    verified,
)

PDF = ONE_PAGE_PDF
BIRTH = "akta-kelahiran"


def png_bytes() -> bytes:
    """A real 1x1 PNG (sniffed as image/png)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def pdf(name: str = "berkas.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png(name: str = "foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def text_file(name: str = "surat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"just some text, not a PDF", content_type="application/pdf"
    )


def big_pdf(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "besar.pdf", PDF + b"0" * size, content_type="application/pdf"
    )


def paid_service() -> ServiceDefinition:
    """A small service with a fee, of the identity agency (``catalog_services/``)."""
    return catalog_access.service_get(PAID)


@dataclass
class World:
    agency: Any
    other_agency: Any
    officer: Any
    colleague: Any
    head: Any
    other_officer: Any
    citizen: Any
    other_citizen: Any
    mother: Any
    father: Any
    family: Any


def make_world(signing_pki: Any = None) -> World:
    """Disdukcapil with two officers and a head (verified), another agency, a married
    couple in the register and the wife's citizen account (NIK and birth date match)."""
    agency = identity_agency()
    if signing_pki is not None:
        signing_pki.certify(agency)
    officer = register_officer()
    father, mother, family = couple(officer)
    citizen = UserFactory(nik=mother.nik, birth_date=mother.birth_date)
    other = AgencyFactory(code="dinas-lain")
    return World(
        agency=agency,
        other_agency=other,
        officer=officer,
        colleague=register_officer(),
        head=register_officer(roles=[Role.AGENCY_HEAD]),
        other_officer=verified(StaffFactory(agency=other)),
        citizen=citizen,
        other_citizen=UserFactory(),
        mother=mother,
        father=father,
        family=family,
    )


def birth_answers(world: World, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "child_name": "Putri Ayu Lestari",
        "child_sex": Sex.FEMALE,
        "birth_date": (timezone.localdate() - dt.timedelta(days=10)).isoformat(),
        "birth_place": "Bandung",
        "birth_facility": "rumah-sakit",
        "birth_attendant": "bidan",
        "birth_order": 1,
        "mother_nik": world.mother.nik,
        "mother_name": world.mother.full_name,
        "father_nik": world.father.nik,
        "father_name": world.father.full_name,
        "kk_number": world.family.kk_number,
        "reporter_relationship": "ibu",
        "declaration": True,
    }
    values.update(overrides)
    return values


def birth_service() -> ServiceDefinition:
    return catalog_access.service_get(BIRTH)


def draft(world: World, *, key: str = "") -> Application:
    return services.application_start(
        actor=world.citizen,
        service=birth_service(),
        answers=birth_answers(world),
        idempotency_key=key,
    )


def submitted(world: World) -> Application:
    """A submitted birth-certificate application with its required documents."""
    application = draft(world)
    for code in ("surat-keterangan-lahir", "kartu-keluarga"):
        services.document_upload(
            actor=world.citizen,
            application=application,
            requirement_code=code,
            file=pdf(),
        )
    return services.application_submit(actor=world.citizen, application=application)


def in_review(world: World) -> Application:
    application = submitted(world)
    return services.application_claim(actor=world.officer, application=application)


def accept_documents(world: World, application: Application) -> None:
    """The claiming officer accepts every current upload."""
    for document in application.documents.filter(is_current=True):
        services.document_check(actor=world.officer, document=document, ok=True)


def approved(world: World, application: Application | None = None) -> Application:
    """Through the birth certificate's approval chain: the officer accepts the
    documents and verifies, the head signs and confirms the register change."""
    application = application or in_review(world)
    accept_documents(world, application)
    services.application_approve(actor=world.officer, application=application)
    return services.application_approve(
        actor=world.head, application=application, confirmed=True
    )
