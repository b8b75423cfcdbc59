# SPDX-License-Identifier: EUPL-1.2
"""A deterministic plan of synthetic households for ``balai seed`` (no database).

Households are drawn one after another from ``random.Random(seed)`` and a Faker
seeded the same way, so the first households are the same whatever the total: a
larger run extends a smaller one. NIKs follow the allocation rules (district of the
village, birth date with +40 for women, serial per prefix counted in memory); family
card numbers likewise (district and issue date).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

import faker

from balai.registry.constants import (
    BloodType,
    Education,
    MaritalStatus,
    Relationship,
    Religion,
    Sex,
)
from balai.registry.services.nik_allocation import kk_prefix, nik_prefix

RELIGIONS = [
    (Religion.ISLAM, 860),
    (Religion.PROTESTANT, 70),
    (Religion.CATHOLIC, 30),
    (Religion.HINDU, 17),
    (Religion.BUDDHIST, 7),
    (Religion.CONFUCIAN, 1),
    (Religion.BELIEF, 1),
]
OCCUPATIONS = [
    "Karyawan Swasta",
    "Wiraswasta",
    "Pedagang",
    "Pegawai Negeri Sipil",
    "Buruh Harian Lepas",
    "Guru",
    "Mengurus Rumah Tangga",
    "Pensiunan",
]
PLACES = ["Bandung", "Cimahi", "Garut", "Tasikmalaya", "Jakarta", "Bogor", "Sumedang"]
SIZES = [(1, 15), (2, 20), (3, 25), (4, 25), (5, 10), (6, 5)]
BLOOD = [BloodType.A, BloodType.B, BloodType.AB, BloodType.O, BloodType.UNKNOWN]


@dataclass
class PlannedPerson:
    nik: str
    full_name: str
    sex: str
    birth_date: dt.date
    birth_place: str
    religion: str
    marital_status: str
    occupation: str
    education: str
    blood_type: str
    relationship: str


@dataclass
class PlannedHousehold:
    kk_number: str
    village_code: str | None
    address: str
    rt: str
    rw: str
    issued_on: dt.date
    members: list[PlannedPerson] = field(default_factory=list)


@dataclass
class Serials:
    """In-memory serial counters per 12-digit prefix (reserved numbers skipped)."""

    reserved: set[str] = field(default_factory=set)
    last: dict[str, int] = field(default_factory=dict)

    def next(self, prefix: str) -> str:
        serial = self.last.get(prefix, 0)
        while True:
            serial += 1
            number = f"{prefix}{serial:04d}"
            if number not in self.reserved:
                self.last[prefix] = serial
                return number


def _weighted(rng: random.Random, items: list[tuple[object, int]]) -> object:
    values, weights = zip(*items, strict=True)
    return rng.choices(values, weights=weights)[0]


def _education(rng: random.Random, age: int) -> str:
    if age < 7:
        return Education.NONE
    if age < 13:
        return Education.PRIMARY_INCOMPLETE
    if age < 19:
        return rng.choice([Education.PRIMARY, Education.JUNIOR])
    return rng.choice(
        [
            Education.PRIMARY,
            Education.JUNIOR,
            Education.SENIOR,
            Education.SENIOR,
            Education.DIPLOMA_3,
            Education.BACHELOR,
            Education.MASTER,
        ]
    )


@dataclass
class Planner:
    rng: random.Random
    fake: faker.Faker
    villages: list[tuple[str | None, str]]  # (village code, compact district)
    today: dt.date
    niks: Serials = field(default_factory=Serials)
    kks: Serials = field(default_factory=Serials)

    def person(
        self,
        district: str,
        *,
        sex: str,
        age: int,
        relationship: str,
        religion: str,
        marital: str,
    ) -> PlannedPerson:
        born = self.today - dt.timedelta(days=age * 365 + self.rng.randrange(365))
        name = self.fake.name_female() if sex == Sex.FEMALE else self.fake.name_male()
        return PlannedPerson(
            nik=self.niks.next(nik_prefix(district=district, birth_date=born, sex=sex)),
            full_name=name,
            sex=sex,
            birth_date=born,
            birth_place=self.rng.choice(PLACES),
            religion=religion,
            marital_status=marital,
            occupation=self.rng.choice(OCCUPATIONS)
            if age >= 18
            else "Pelajar/Mahasiswa",
            education=_education(self.rng, age),
            blood_type=self.rng.choice(BLOOD),
            relationship=relationship,
        )

    def household(
        self, size: int, place: tuple[str | None, str] | None = None
    ) -> PlannedHousehold:
        rng = self.rng
        village, district = place or rng.choice(self.villages)
        issued = self.today - dt.timedelta(days=rng.randrange(30, 365 * 15))
        home = PlannedHousehold(
            kk_number=self.kks.next(kk_prefix(district=district, issued_on=issued)),
            village_code=village,
            address=self.fake.street_address(),
            rt=f"{rng.randint(1, 15):03d}",
            rw=f"{rng.randint(1, 12):03d}",
            issued_on=issued,
        )
        religion = str(_weighted(rng, RELIGIONS))
        head_age = rng.randint(24 if size > 1 else 19, 75)
        married = size > 1 and rng.random() < 0.85
        single = MaritalStatus.SINGLE if head_age < 40 else MaritalStatus.WIDOWED
        home.members.append(
            self.person(
                district,
                sex=Sex.MALE if married or rng.random() < 0.6 else Sex.FEMALE,
                age=head_age,
                relationship=Relationship.HEAD,
                religion=religion,
                marital=MaritalStatus.MARRIED if married else single,
            )
        )
        if married:
            home.members.append(
                self.person(
                    district,
                    sex=Sex.FEMALE,
                    age=max(19, head_age - rng.randint(0, 6)),
                    relationship=Relationship.WIFE,
                    religion=religion,
                    marital=MaritalStatus.MARRIED,
                )
            )
        youngest_parent = head_age if not married else head_age - 6
        while len(home.members) < size:
            age = rng.randint(0, max(0, min(30, youngest_parent - 19)))
            home.members.append(
                self.person(
                    district,
                    sex=rng.choice([Sex.MALE, Sex.FEMALE]),
                    age=age,
                    relationship=Relationship.CHILD,
                    religion=religion,
                    marital=MaritalStatus.SINGLE,
                )
            )
        return home


def households(
    planner: Planner, total: int, first: PlannedHousehold | None = None
) -> Iterator[PlannedHousehold]:
    """Households holding ``total`` people in all (the last one cut to fit)."""
    left = total
    if first is not None and left > 0:
        first.members = first.members[:left]
        left -= len(first.members)
        yield first
    while left > 0:
        size = int(_weighted(planner.rng, SIZES))  # type: ignore[call-overload]
        home = planner.household(size)
        home.members = home.members[:left]
        left -= len(home.members)
        yield home
