# SPDX-License-Identifier: EUPL-1.2
"""The register's seeder: valid, grouped, deterministic and idempotent."""

from __future__ import annotations

from collections import Counter

from balai.core.seeding import make_context
from balai.regions.nik import parse_nik
from balai.registry.constants import Relationship
from balai.registry.models import Family, FamilyMembership, Resident, ResidentVersion
from balai.registry.seed import DEMO_NIK, seed_register


def _seed(residents: int, seed: int = 7) -> list[str]:
    lines: list[str] = []
    seed_register(
        make_context(residents=residents, seed=seed, write=lines.append, progress=False)
    )
    return lines


def test_seeding_creates_valid_residents_in_families_once(db, sample_regions):
    _seed(300)
    assert Resident.objects.count() == 300
    residents = list(Resident.objects.select_related("village"))
    for resident in residents:
        parsed = parse_nik(resident.nik)
        assert parsed.warnings == []
        assert (parsed.sex, parsed.birth_day) == (resident.sex, resident.birth_date.day)
        assert resident.village.code.startswith("32.73.")
        assert resident.nik[:6] == resident.village.code[:8].replace(".", "")
    assert len({r.nik for r in residents}) == 300
    heads = FamilyMembership.objects.filter(relationship=Relationship.HEAD)
    assert heads.count() == Family.objects.count()
    assert FamilyMembership.objects.filter(valid_to__isnull=True).count() == 300
    assert ResidentVersion.objects.count() == 300
    sizes = Counter(FamilyMembership.objects.values_list("family_id", flat=True))
    assert max(sizes.values()) > 1
    # members carry their card's number
    family = Family.objects.first()
    assert {
        m.resident.kk_number for m in family.memberships.select_related("resident")
    } == {family.kk_number}
    # the demo citizen is in the register
    assert Resident.objects.filter(nik_index__isnull=False).count() == 300
    assert any(r.nik == DEMO_NIK for r in residents)

    assert _seed(300) == ["registry: 0 new synthetic residents"]
    assert Resident.objects.count() == 300
    _seed(350)  # a larger run extends the smaller one
    assert Resident.objects.count() in range(340, 351)


def test_seeding_without_regions_uses_district_codes_only(db):
    _seed(20)
    assert Resident.objects.count() == 20
    assert not Resident.objects.filter(village__isnull=False).exists()


def test_zero_residents_seeds_nothing(db):
    assert _seed(0) == []
    assert not Resident.objects.exists()
