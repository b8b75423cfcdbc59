# SPDX-License-Identifier: EUPL-1.2
"""Demo data of Musrenbang and participatory budgeting (``balai seed``/``demo``).

Runs after the accounts, regions and finance seeders (registration order). Two
rounds: last plan year's, closed, whose accepted proposals are linked to budget items
of the current year (so their pages show budget against realisation), and the open
one with proposals waiting at each level, one deferred, one rejected, one merged,
and a participatory budgeting vote in progress. Everything goes through the services
(acting as the system administrator from the command, as other seeders do).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from balai.participation.models.budgeting import (
    BudgetRound,
    MusrenbangRound,
    ProposalKind,
    Sector,
)

CITY = "32.73"  # Kota Bandung, the demo city

# (title, problem, sector, cost, kind, group, [decisions...])
Row = tuple[str, str, str, int, str, str, list[tuple[str, str]]]
PROPOSALS: list[Row] = [
    (
        "Perbaikan drainase Jl. Dago Pojok",
        "Saluran air tersumbat, setiap hujan jalan tergenang setinggi 30 cm.",
        Sector.INFRASTRUCTURE,
        350_000_000,
        ProposalKind.GROUP,
        "RW 05 Dago",
        [("forward", ""), ("forward", "")],
    ),
    (
        "Posyandu RW 07",
        "Balita di RW 07 harus berjalan 2 km ke posyandu terdekat.",
        Sector.HEALTH,
        180_000_000,
        ProposalKind.CITIZEN,
        "",
        [("forward", ""), ("forward", "")],
    ),
    (
        "Penerangan jalan gang Sukaluyu",
        "Gang gelap di malam hari, rawan kejahatan.",
        Sector.INFRASTRUCTURE,
        90_000_000,
        ProposalKind.CITIZEN,
        "",
        [("forward", "")],
    ),
    (
        "Pelatihan UMKM kuliner",
        "Ibu-ibu PKK ingin pelatihan pengemasan dan pemasaran daring.",
        Sector.ECONOMY,
        60_000_000,
        ProposalKind.GROUP,
        "PKK Kelurahan Lebakgede",
        [],
    ),
    (
        "Taman bermain anak Cibeunying",
        "Tidak ada ruang bermain aman untuk anak-anak.",
        Sector.SOCIAL,
        250_000_000,
        ProposalKind.VILLAGE,
        "Kelurahan Cibeunying",
        [("forward", ""), ("defer", "Menunggu kepastian status lahan.")],
    ),
    (
        "Pembangunan gedung olahraga",
        "Usulan GOR berstandar nasional.",
        Sector.SOCIAL,
        45_000_000_000,
        ProposalKind.CITIZEN,
        "",
        [("reject", "Di luar kewenangan dan kemampuan anggaran kelurahan.")],
    ),
    (
        "Sumur resapan RW 05",
        "Air hujan tidak meresap, banjir kecil tiap musim hujan.",
        Sector.WATER,
        120_000_000,
        ProposalKind.CITIZEN,
        "",
        [("forward", ""), ("forward", "")],
    ),
    (
        "Bank sampah RW 03",
        "Sampah rumah tangga menumpuk; warga siap mengelola bank sampah.",
        Sector.ENVIRONMENT,
        75_000_000,
        ProposalKind.GROUP,
        "Karang Taruna RW 03",
        [("forward", ""), ("forward", "")],
    ),
]


def seed_budgeting(context: Any) -> None:
    from balai.accounts import services as accounts_services
    from balai.accounts.constants import Role
    from balai.accounts.models import User  # read only: pick demo accounts
    from balai.regions.selectors import region_descendants

    if MusrenbangRound.objects.exists():
        context.write("participation: Musrenbang already seeded")
        return
    admin = (
        User.objects.filter(
            groups__name=Role.SYSTEM_ADMIN, is_staff=True, is_active=True
        )
        .order_by("date_joined")
        .first()
    )
    villages = [r.code for r in region_descendants(CITY, level=4)][:20]
    citizens = list(
        User.objects.filter(is_staff=False, is_active=True).order_by("date_joined")[:30]
    )
    if admin is None or not villages or not citizens:
        context.write(
            "participation: no admin, villages or citizens; Musrenbang skipped"
        )
        return
    admin = accounts_services.staff_acting_from_command(
        user=admin, purpose="demo Musrenbang"
    )
    year = timezone.localdate().year
    past = _past_round(admin, year, villages, citizens)
    current, proposals = _current_round(admin, year, villages, citizens)
    rounds = _budget_round(admin, current, proposals, citizens)
    context.write(
        f"participation: Musrenbang {past.fiscal_year} (closed) and "
        f"{current.fiscal_year} with {len(proposals)} proposals, {rounds} PB round"
    )


def _submit(citizen: Any, musrenbang: Any, row: Row, village: str, index: int) -> Any:
    from balai.participation.services import budgeting as services

    title, problem, sector, cost, kind, group, _decisions = row
    return services.proposal_submit(
        actor=citizen,
        musrenbang=musrenbang,
        title=title,
        problem=problem,
        sector=sector,
        region_code=village,
        estimated_cost=cost,
        lat=-6.885 + 0.004 * (index % 5),
        lon=107.610 + 0.004 * (index // 5),
        address=group or title,
        kind=kind,
        group_name=group,
    )


def _past_round(admin: Any, year: int, villages: list[str], citizens: list[Any]) -> Any:
    """Last year's round: accepted proposals linked to this year's budget items."""
    from balai.finance import selectors as finance
    from balai.participation.services import budgeting as services

    past = services.musrenbang_round_create(
        actor=admin, title=f"Musrenbang RKPD {year}", fiscal_year=year, region_code=CITY
    )
    items = (
        finance.items_of(year=year, agency_code="dinas-pu")[:2]
        or finance.items_of(year=year)[:2]
    )
    done = [
        ("Rehabilitasi jalan lingkungan Coblong", Sector.INFRASTRUCTURE, 400_000_000),
        ("Normalisasi saluran Cikapayang", Sector.WATER, 300_000_000),
    ]
    for index, (title, sector, cost) in enumerate(done):
        row: Row = (
            title,
            "Usulan warga tahun lalu.",
            sector,
            cost,
            ProposalKind.CITIZEN,
            "",
            [],
        )
        proposal = _submit(
            citizens[index % len(citizens)], past, row, villages[0], index
        )
        for _level in range(3):
            proposal = services.proposal_decide(
                proposal=proposal, actor=admin, decision="forward"
            )
        if index < len(items):
            services.proposal_link_budget(
                proposal=proposal,
                actor=admin,
                budget_item_id=items[index].item.pk,
                year=year,
            )
    past.is_open = False
    past.save(update_fields=["is_open", "updated_at"])
    return past


def _current_round(
    admin: Any, year: int, villages: list[str], citizens: list[Any]
) -> tuple[Any, list[Any]]:
    from balai.participation.services import budgeting as services

    current = services.musrenbang_round_create(
        actor=admin,
        title=f"Musrenbang RKPD {year + 1}",
        fiscal_year=year + 1,
        region_code=CITY,
    )
    proposals = []
    for index, row in enumerate(PROPOSALS):
        citizen = citizens[(index + 1) % len(citizens)]
        proposal = _submit(
            citizen, current, row, villages[index % len(villages)], index
        )
        for supporter in citizens[: 2 + index % 5]:
            if supporter.pk != citizen.pk:
                services.proposal_support(proposal=proposal, actor=supporter)
        for decision, reason in row[6]:
            proposal = services.proposal_decide(
                proposal=proposal, actor=admin, decision=decision, reason=reason
            )
        proposals.append(proposal)
    # a near duplicate of the drainage proposal, merged into it at the village
    twin = _submit(
        citizens[-1],
        current,
        (
            "Drainase Dago Pojok mampet",
            "Got depan rumah meluap tiap hujan.",
            Sector.INFRASTRUCTURE,
            200_000_000,
            ProposalKind.CITIZEN,
            "",
            [],
        ),
        villages[0],
        0,
    )
    services.proposal_decide(
        proposal=twin,
        actor=admin,
        decision="merge",
        reason="Sama dengan usulan drainase RW 05.",
        merge_into=proposals[0],
    )
    return current, proposals


def _budget_round(
    admin: Any, current: Any, proposals: list[Any], citizens: list[Any]
) -> int:
    from balai.participation.models.budgeting import ProposalStatus
    from balai.participation.services import budgeting as services

    projects = [
        p
        for p in proposals
        if p.status in (ProposalStatus.AT_KABUPATEN, ProposalStatus.AT_KECAMATAN)
    ]
    if not projects:
        return 0
    budget_round = services.budget_round_create(
        actor=admin,
        musrenbang=current,
        title=f"Anggaran partisipatif Kecamatan Coblong {current.fiscal_year}",
        region_code="32.73.02",
        ceiling=Decimal(400_000_000),
        max_projects=3,
        projects=projects,
    )
    services.budget_round_move(budget_round=budget_round, actor=admin, action="open")
    # a few verified residents have voted already (the demo citizen has not)
    from balai.participation import budgeting_policies as policies

    voters = [c for c in citizens[1:] if policies.is_verified_citizen(c)][:8]
    cheap = sorted(projects, key=lambda p: p.estimated_cost)
    for index, voter in enumerate(voters):
        choice = [cheap[index % len(cheap)].pk]
        services.ballot_cast(
            budget_round=budget_round, voter=voter, proposal_ids=choice
        )
    return BudgetRound.objects.filter(pk=budget_round.pk).count()
