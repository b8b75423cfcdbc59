# SPDX-License-Identifier: EUPL-1.2
"""Deterministic demo data for accounts: a government unit, its agencies and staff.

Idempotent: running it again updates the same rows and creates nothing new.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from tqdm import tqdm

from balai.accounts.constants import AgencyKind, Channel, Role, UnitLevel
from balai.accounts.models import Agency, GovernmentUnit, User
from balai.accounts.services import _add_role, staff_create
from balai.core.seeding import SeedContext
from balai.regions.selectors import region_children, region_get
from balai.security.crypto.blind import index_for

DEMO_UNIT_REGION = "32.73"

# code, short name, name, kind
DEMO_AGENCIES = [
    (
        "disdukcapil",
        "Disdukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        AgencyKind.DINAS,
    ),
    (
        "dpmptsp",
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        AgencyKind.DINAS,
    ),
    ("bapenda", "Bapenda", "Badan Pendapatan Daerah", AgencyKind.BADAN),
    (
        "dinas-pu",
        "Dinas PU",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        AgencyKind.DINAS,
    ),
    ("bpkad", "BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", AgencyKind.BADAN),
    ("inspektorat", "Inspektorat", "Inspektorat Daerah", AgencyKind.OTHER),
    ("diskominfo", "Diskominfo", "Dinas Komunikasi dan Informatika", AgencyKind.DINAS),
    ("dlh", "DLH", "Dinas Lingkungan Hidup", AgencyKind.DINAS),
    ("kecamatan-coblong", "Kec. Coblong", "Kecamatan Coblong", AgencyKind.KECAMATAN),
    ("kelurahan-dago", "Kel. Dago", "Kelurahan Dago", AgencyKind.KELURAHAN),
]
# A UPT beneath Disdukcapil shows the hierarchy.
DEMO_SUB_AGENCIES = [
    (
        "disdukcapil-upt-coblong",
        "UPT Coblong",
        "UPT Disdukcapil Kecamatan Coblong",
        "disdukcapil",
    ),
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    agency_code: str | None
    full_name: str
    job_title: str = ""


DEMO_STAFF = [
    DemoLogin(
        "petugas.disdukcapil@balai.test",
        Role.OFFICER,
        "disdukcapil",
        "Rina Marlina",
        "Verifikator",
    ),
    DemoLogin(
        "petugas.dpmptsp@balai.test",
        Role.OFFICER,
        "dpmptsp",
        "Agus Setiawan",
        "Petugas Perizinan",
    ),
    DemoLogin(
        "petugas.bapenda@balai.test",
        Role.OFFICER,
        "bapenda",
        "Dewi Lestari",
        "Petugas Pajak",
    ),
    DemoLogin(
        "petugas.dinaspu@balai.test",
        Role.OFFICER,
        "dinas-pu",
        "Bambang Hartono",
        "Pengawas Jalan",
    ),
    DemoLogin(
        "kepala.disdukcapil@balai.test",
        Role.AGENCY_HEAD,
        "disdukcapil",
        "Hendra Gunawan",
        "Kepala Dinas",
    ),
    DemoLogin(
        "keuangan@balai.test", Role.FINANCE_OFFICER, "bpkad", "Sri Wahyuni", "Bendahara"
    ),
    DemoLogin(
        "auditor@balai.test", Role.AUDITOR, "inspektorat", "Yusuf Hidayat", "Auditor"
    ),
    DemoLogin(
        "keamanan@balai.test",
        Role.SECURITY_OFFICER,
        "diskominfo",
        "Fajar Nugroho",
        "Petugas Keamanan Informasi",
    ),
    DemoLogin(
        "admin@balai.test",
        Role.SYSTEM_ADMIN,
        "diskominfo",
        "Admin Balai",
        "Administrator Sistem",
    ),
]
DEMO_CITIZEN_EMAIL = "warga@balai.test"
DEMO_CITIZEN_NIK = "3273015708900003"  # Kota Bandung, Sukasari; woman born 17-08-1990


def demo_logins() -> list[tuple[str, str, str]]:
    """(email, role, agency) rows for ``balai demo`` to print."""
    rows = [(DEMO_CITIZEN_EMAIL, str(Role.CITIZEN.label), "—")]
    labels = dict(Role.choices)
    for login in DEMO_STAFF:
        agency = next(
            (
                short
                for code, short, *_rest in DEMO_AGENCIES
                if code == login.agency_code
            ),
            "—",
        )
        rows.append((login.email, str(labels[login.role]), agency))
    return rows


@transaction.atomic
def seed_agencies() -> dict[str, Agency]:
    region = region_get(DEMO_UNIT_REGION)
    # one government name everywhere: the header, documents and messages all read it
    # from settings (BALAI_GOVERNMENT_UNIT)
    unit, _created = GovernmentUnit.objects.update_or_create(
        level=UnitLevel.CITY,
        region=region,
        defaults={"name": settings.GOVERNMENT_UNIT_NAME},
    )
    agencies: dict[str, Agency] = {}
    for code, short, name, kind in DEMO_AGENCIES:
        agencies[code], _created = Agency.objects.update_or_create(
            code=code,
            defaults={"unit": unit, "short_name": short, "name": name, "kind": kind},
        )
    for code, short, name, parent in DEMO_SUB_AGENCIES:
        agencies[code], _created = Agency.objects.update_or_create(
            code=code,
            defaults={
                "unit": unit,
                "short_name": short,
                "name": name,
                "kind": AgencyKind.OTHER,
                "parent": agencies[parent],
            },
        )
    return agencies


@transaction.atomic
def seed_demo_people(agencies: dict[str, Agency]) -> None:
    """The printed demo logins; passwords are only set when the account is new."""
    password = settings.DEMO_PASSWORD
    for login in DEMO_STAFF:
        staff_create(
            email=login.email,
            full_name=login.full_name,
            password=password,
            roles=[login.role],
            agency=agencies.get(login.agency_code or ""),
            job_title=login.job_title,
        )
    citizen = User.objects.get_by_login(DEMO_CITIZEN_EMAIL)
    if citizen is None:
        citizen = User(
            email=DEMO_CITIZEN_EMAIL,
            phone="+6281234567890",
            nik=DEMO_CITIZEN_NIK,
            full_name="Siti Rahmawati",
            birth_date=date(1990, 8, 17),
            preferred_channel=Channel.EMAIL,
        )
        citizen.set_password(password)
        citizen.email_verified_at = citizen.date_joined
        citizen.full_clean(exclude=["password"])
        citizen.save()
    _add_role(citizen, Role.CITIZEN)


def _district_codes() -> list[str]:
    """Districts of the demo city (real codes when regions are loaded)."""
    districts = [r.code for r in region_children(DEMO_UNIT_REGION)]
    return districts or ["32.73.01", "32.73.02", "32.73.03"]


def seed_citizens(context: SeedContext) -> int:
    """``residents`` synthetic citizens with valid, unique NIKs (no password)."""
    if context.residents <= 0:
        return 0
    rng = random.Random(context.seed)  # noqa: S311 - synthetic demo data
    districts = _district_codes()
    created = 0
    batch: list[User] = []
    bar = tqdm(total=context.residents, desc="citizens", disable=not context.progress)
    for index in range(context.residents):
        female = rng.random() < 0.5
        birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
        day = birth.day + (40 if female else 0)
        district = rng.choice(districts).replace(".", "")
        born = f"{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        nik = f"{district}{born}{index % 9999 + 1:04d}"
        name = context.fake.name_female() if female else context.fake.name_male()
        user = User(
            email=f"warga{index:07d}.s{context.seed}@contoh.balai.test",
            nik=nik,
            full_name=name,
            birth_date=birth,
            is_active=True,
        )
        user.set_unusable_password()
        batch.append(user)
        if len(batch) >= 1000:
            created += _flush(batch)
            bar.update(len(batch))
            batch = []
    created += _flush(batch)
    bar.update(len(batch))
    bar.close()
    return created


def _flush(batch: list[User]) -> int:
    if not batch:
        return 0
    # Emails are encrypted: find existing accounts through the email blind index.
    by_index = {index_for(User, "email", u.email): u for u in batch}
    existing = set(
        User.objects.filter(email_index__in=list(by_index)).values_list(
            "email_index", flat=True
        )
    )
    fresh = [u for index, u in by_index.items() if index not in existing]
    User.objects.bulk_create(fresh, batch_size=500, ignore_conflicts=True)
    return len(fresh)


def seed_accounts(context: SeedContext) -> None:
    agencies = seed_agencies()
    seed_demo_people(agencies)
    created = seed_citizens(context)
    context.write(
        f"accounts: {len(agencies)} agencies, {len(DEMO_STAFF)} staff, "
        f"{created} new synthetic citizens"
    )
