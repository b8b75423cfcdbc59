# SPDX-License-Identifier: EUPL-1.2
"""``balai seed --residents N``: synthetic residents in families, in bulk.

Households come from ``seed_plan`` (deterministic for a seed) and are written in
batches with ``bulk_create``: residents, family cards, memberships, one
first_registration event per household, and version 1 of every resident. Idempotent:
a household any of whose NIKs or whose card number is already in the register is
skipped, so a second run with the same seed creates nothing. The first household
holds the demo citizen (``warga@balai.test``), so "Data Saya" shows a register record.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from tqdm import tqdm

from balai.core.seeding import SeedContext
from balai.regions.selectors import region_children
from balai.registry.constants import (
    EventKind,
    MaritalStatus,
    ParticipantRole,
    Relationship,
    Religion,
    Sex,
)
from balai.registry.integration.importing.bulk import insert_rows
from balai.registry.models import (
    Family,
    FamilyMembership,
    LifeEvent,
    LifeEventParticipant,
    Resident,
    ResidentVersion,
    nik_province,
)
from balai.registry.seed_plan import (
    PlannedHousehold,
    PlannedPerson,
    Planner,
    households,
)
from balai.registry.services.history import snapshot_of
from balai.security import audit

CITY = "32.73"  # Kota Bandung, the demo government unit
FALLBACK_DISTRICTS = ["327301", "327302", "327303"]
BATCH_PEOPLE = 5000
# The demo citizen of balai.accounts.seed (same NIK and date of birth).
DEMO_NIK = "3273015708900003"
DEMO_BIRTH = dt.date(1990, 8, 17)


def _villages() -> list[tuple[str | None, str]]:
    """(village code, compact district) of the demo city; districts only without
    loaded regions (then residents get no village)."""
    found = [
        (village.code, district.compact_code)
        for district in region_children(CITY)
        for village in region_children(district.code)
    ]
    return found or [(None, code) for code in FALLBACK_DISTRICTS]


def _demo_household(planner: Planner) -> PlannedHousehold:
    """The demo citizen with a husband (head) and a child, in Sukasari."""
    place = next((v for v in planner.villages if v[1] == "327301"), planner.villages[0])
    planner.niks.reserved.add(DEMO_NIK)
    home = planner.household(1, place)  # the card, address and a head to replace
    common = {"religion": Religion.ISLAM}
    head = planner.person(
        place[1],
        sex=Sex.MALE,
        age=38,
        relationship=Relationship.HEAD,
        marital=MaritalStatus.MARRIED,
        **common,
    )
    wife = PlannedPerson(
        nik=DEMO_NIK,
        full_name="Siti Rahmawati",
        sex=Sex.FEMALE,
        birth_date=DEMO_BIRTH,
        birth_place="Bandung",
        religion=Religion.ISLAM,
        marital_status=MaritalStatus.MARRIED,
        occupation="Guru",
        education="d4_s1",
        blood_type="O",
        relationship=Relationship.WIFE,
    )
    child = planner.person(
        place[1],
        sex=Sex.FEMALE,
        age=9,
        relationship=Relationship.CHILD,
        marital=MaritalStatus.SINGLE,
        **common,
    )
    home.members = [head, wife, child]
    return home


def _rows(home: PlannedHousehold, now: dt.datetime) -> dict[str, list]:
    people = [
        Resident(
            nik=p.nik,
            kk_number=home.kk_number,
            full_name=p.full_name,
            birth_place=p.birth_place,
            birth_date=p.birth_date,
            sex=p.sex,
            religion=p.religion,
            marital_status=p.marital_status,
            occupation=p.occupation,
            education=p.education,
            blood_type=p.blood_type,
            address=home.address,
            rt=home.rt,
            rw=home.rw,
            village_id=home.village_code,
            version=1,
        )
        for p in home.members
    ]
    family = Family(
        kk_number=home.kk_number,
        head=people[0],
        address=home.address,
        rt=home.rt,
        rw=home.rw,
        village_id=home.village_code,
        issued_on=home.issued_on,
    )
    event = LifeEvent(
        kind=EventKind.FIRST_REGISTRATION,
        event_date=home.issued_on,
        event_month=home.issued_on.replace(day=1),
        recorded_at=now,
        details={"seeded": True, "family_id": str(family.pk)},
    )
    memberships = [
        FamilyMembership(
            family=family, resident=r, relationship=p.relationship, valid_from=now
        )
        for r, p in zip(people, home.members, strict=True)
    ]
    return {
        "residents": people,
        "families": [family],
        "memberships": memberships,
        "events": [event],
        "participants": [
            LifeEventParticipant(event=event, resident=r, role=ParticipantRole.SUBJECT)
            for r in people
        ],
        "versions": [
            ResidentVersion(
                resident=r,
                version=1,
                valid_from=now,
                snapshot=snapshot_of(r, m),
                caused_by=event,
            )
            for r, m in zip(people, memberships, strict=True)
        ],
    }


def _fresh(batch: list[PlannedHousehold]) -> list[PlannedHousehold]:
    """Households none of whose numbers is in the register yet."""
    nik_field = Resident._meta.get_field("nik_index")
    kk_field = Family._meta.get_field("kk_index")
    niks = {m.nik: nik_field.index_of(m.nik) for h in batch for m in h.members}  # type: ignore[attr-defined]
    kks = {h.kk_number: kk_field.index_of(h.kk_number) for h in batch}  # type: ignore[attr-defined]
    taken_niks = set(
        Resident.objects.filter(
            nik_index__in=list(niks.values()),
            nik_province__in={nik_province(nik) for nik in niks},
        ).values_list("nik_index", flat=True)
    )
    taken_kks = set(
        Family.objects.filter(kk_index__in=list(kks.values())).values_list(
            "kk_index", flat=True
        )
    )
    return [
        h
        for h in batch
        if kks[h.kk_number] not in taken_kks
        and not any(niks[m.nik] in taken_niks for m in h.members)
    ]


@transaction.atomic
def _write(batch: list[PlannedHousehold]) -> int:
    now = timezone.now()
    rows: dict[str, list] = {}
    for home in _fresh(batch):
        for name, items in _rows(home, now).items():
            rows.setdefault(name, []).extend(items)
    models = [
        ("residents", Resident),
        ("families", Family),
        ("memberships", FamilyMembership),
        ("events", LifeEvent),
        ("participants", LifeEventParticipant),
        ("versions", ResidentVersion),
    ]
    for name, model in models:
        insert_rows(model, rows.get(name, []), now)
    return len(rows.get("residents", []))


def _batches(planned: Iterable[PlannedHousehold]) -> Iterable[list[PlannedHousehold]]:
    batch: list[PlannedHousehold] = []
    people = 0
    for home in planned:
        batch.append(home)
        people += len(home.members)
        if people >= BATCH_PEOPLE:
            yield batch
            batch, people = [], 0
    if batch:
        yield batch


def seed_register(context: SeedContext) -> None:
    """Seed ``context.residents`` synthetic residents (none when zero)."""
    if context.residents <= 0:
        return
    context.fake.seed_instance(context.seed)
    planner = Planner(
        rng=random.Random(context.seed),  # noqa: S311 - synthetic demo data
        fake=context.fake,
        villages=_villages(),
        today=timezone.localdate(),
    )
    planned = households(planner, context.residents, _demo_household(planner))
    created = 0
    bar = tqdm(total=context.residents, desc="residents", disable=not context.progress)
    for batch in _batches(planned):
        created += _write(batch)
        bar.update(sum(len(h.members) for h in batch))
    bar.close()
    if created:
        audit.record(
            actor=None,
            action="registry.seed",
            purpose="synthetic demo data",
            object_type="registry.resident",
            object_id=str(created),
        )
    context.write(f"registry: {created} new synthetic residents")
