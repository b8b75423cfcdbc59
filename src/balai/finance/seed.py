# SPDX-License-Identifier: EUPL-1.2
"""Demo budget: the demo city's agencies, programmes down to sub-activities, the
murni and one pergeseran of this year (and last year's murni), realisation up to
today (SP2Ds, STSs, transfers) so the dashboards and ``/anggaran/`` show real
shapes at once.

Deterministic (``context.seed``) and idempotent: a year that already has a budget is
left as it is. The seeder acts as the demo finance officer from the server's shell
(``accounts.services.staff_acting_from_command``, audited).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from balai.accounts.constants import Role
from balai.finance.constants import EntryKind, VersionKind
from balai.finance.models import (
    Activity,
    BudgetItem,
    BudgetLine,
    BudgetVersion,
    CashPlanLine,
    RevenueRoute,
)
from balai.finance.services.batch import Transfer, transfers_post
from balai.finance.services.budget import (
    budget_line_set,
    budget_version_approve,
    budget_version_create,
    item_get_or_create,
    version_in_force,
)
from balai.finance.services.codes import codes_load_all
from balai.finance.services.journal import period_close, realised

# which agency carries which bidang/programme prefixes
AGENCY_PREFIXES = {
    "dinas-pu": ("1.03",),
    "dlh": ("2.11",),
    "disdukcapil": ("2.12",),
    "diskominfo": ("2.16",),
    "dpmptsp": ("2.18",),
    "bapenda": ("5.02.01", "5.02.04"),
    "bpkad": ("5.02.02",),
    "inspektorat": ("6.01",),
    "kecamatan-coblong": ("7.01",),
}
SALARY = "5.1.01.01.01.0001"
GOODS = ("5.1.02.01.01.0024", "5.1.02.02.01.0026", "5.1.02.04.01.0001")
CAPITAL = {
    "1.03.10": "5.2.04.01.01.0012",
    "1.03.02": "5.2.04.02.04.0001",
    "1.03.03": "5.2.04.02.04.0001",
    "2.16.03": "5.2.02.10.01.0002",
    "2.11.11": "5.1.02.03.02.0035",
}
# (agency, sub-activity, revenue account, fund, yearly amount, payable kind)
REVENUE = [
    (
        "bapenda",
        "5.02.04.2.01.0004",
        "4.1.01.12.01.0001",
        "PAD",
        310_000_000_000,
        "PBB",
    ),
    (
        "bapenda",
        "5.02.04.2.01.0004",
        "4.1.01.13.01.0001",
        "PAD",
        420_000_000_000,
        "BPHTB",
    ),
    ("bapenda", "5.02.04.2.01.0004", "4.1.04.16.01.0001", "PAD", 12_000_000_000, ""),
    ("dpmptsp", "2.18.04.2.01.0001", "4.1.02.03.01.0001", "PAD", 38_000_000_000, "PMH"),
    ("dlh", "2.11.11.2.01.0001", "4.1.02.01.01.0001", "PAD", 24_000_000_000, ""),
    ("bpkad", "5.02.02.2.01.0001", "4.2.01.01.02.0001", "DAU", 1_650_000_000_000, ""),
    ("bpkad", "5.02.02.2.01.0001", "4.2.01.01.01.0001", "DBH", 140_000_000_000, ""),
]
DISTRICTS = ("32.73.02", "32.73.09", "32.73.13", "32.73.22", "32.73.27")


def seed_finance(context: Any) -> None:
    """The seeder registered with ``balai seed``/``balai demo``."""
    codes_load_all()
    keeper = _keeper()
    if keeper is None:
        context.write("finance: no finance officer to act as; budget not seeded")
        return
    today = timezone.localdate()
    rng = random.Random(context.seed * 16 + 1)  # noqa: S311 - demo data
    for year, upto in (
        (today.year - 1, dt.date(today.year - 1, 12, 31)),
        (today.year, today),
    ):
        if BudgetVersion.objects.filter(fiscal_year=year).exists():
            continue
        entries = _seed_year(keeper, year, upto, rng, shift=year == today.year)
        context.write(f"finance: budget {year} with {entries} journal entries")


def _keeper() -> Any:
    from balai.accounts.services import staff_acting_from_command

    user = (
        get_user_model()
        .objects.filter(
            groups__name=Role.FINANCE_OFFICER, is_active=True, is_staff=True
        )
        .order_by("date_joined")
        .first()
    )
    if user is None:
        return None
    return staff_acting_from_command(user=user, purpose="demo budget")


def _agencies() -> dict[str, Any]:
    from balai.accounts.models import Agency  # read only: the demo's agencies

    return {a.code: a for a in Agency.objects.filter(code__in=AGENCY_PREFIXES)}


def _spending_items(rng: random.Random) -> list[tuple[BudgetItem, int, str]]:
    """(item, yearly ceiling, profile) for every sub-activity of every agency."""
    lines: list[tuple[BudgetItem, int, str]] = []
    for code, agency in sorted(_agencies().items()):
        subs = Activity.objects.filter(level=5).order_by("code")
        for sub in subs:
            if not sub.code.startswith(AGENCY_PREFIXES[code]):
                continue
            programme = ".".join(sub.code.split(".")[:3])

            def add(
                account: str,
                amount: int,
                profile: str,
                *,
                fund: str = "DAU",
                where: str = "32.73",
                agency: Any = agency,
                sub: Activity = sub,
            ) -> None:
                lines.append(
                    (
                        item_get_or_create(
                            agency=agency,
                            sub_activity_code=sub.code,
                            account_code=account,
                            fund_code=fund,
                            location_code=where,
                        ),
                        amount,
                        profile,
                    )
                )

            if sub.code.endswith("2.02.0001"):  # salaries
                add(SALARY, rng.randint(8, 60) * 1_000_000_000, "salary")
            elif programme in CAPITAL:
                for district in rng.sample(DISTRICTS, 2):
                    add(
                        CAPITAL[programme],
                        rng.randint(15, 90) * 1_000_000_000,
                        "capital",
                        fund=rng.choice(("DAK-FISIK", "PAD", "DAU")),
                        where=district,
                    )
                add(GOODS[1], rng.randint(300, 900) * 1_000_000, "goods", fund="PAD")
            else:
                for account in GOODS:
                    add(
                        account,
                        rng.randint(150, 2_500) * 1_000_000,
                        "goods",
                        fund="PAD",
                    )
    return lines


def _revenue_items() -> list[tuple[BudgetItem, int, str]]:
    agencies = _agencies()
    lines = []
    for agency, sub, account, fund, amount, kind in REVENUE:
        if agency not in agencies:
            continue
        item = item_get_or_create(
            agency=agencies[agency],
            sub_activity_code=sub,
            account_code=account,
            fund_code=fund,
            location_code="32.73",
        )
        lines.append((item, amount, kind))
    return lines


def _share(profile: str, month: int, rng: random.Random) -> float:
    """The part of the yearly ceiling spent in ``month``: salaries monthly (with the
    13th month in June), goods steady, capital back-loaded into the second half."""
    if profile == "salary":
        return (2 if month == 6 else 1) / 13 * rng.uniform(0.97, 1.0)
    if profile == "capital":
        weights = [0, 0, 0.02, 0.03, 0.05, 0.08, 0.1, 0.12, 0.14, 0.16, 0.15, 0.1]
        return weights[month - 1] * rng.uniform(0.7, 1.1)
    weights = [0.03, 0.06, 0.08, 0.09, 0.09, 0.09, 0.09, 0.09, 0.09, 0.09, 0.09, 0.1]
    return weights[month - 1] * rng.uniform(0.6, 1.15)


PLAN_WEIGHTS = {
    "salary": [1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1],
    "capital": [0, 0, 2, 3, 5, 8, 10, 12, 14, 16, 15, 10],
    "goods": [3, 6, 8, 9, 9, 9, 9, 9, 9, 9, 9, 10],
}


def _cash_plan(year: int, spending: list[tuple[BudgetItem, int, str]]) -> None:
    """The anggaran kas of the murni: each line's ceiling spread over the months
    by its profile (in thousands of rupiah, the rest in December)."""
    lines = []
    for item, amount, profile in spending:
        weights = PLAN_WEIGHTS.get(profile, PLAN_WEIGHTS["goods"])
        months = [amount * w // sum(weights) // 1000 * 1000 for w in weights]
        months[11] += amount - sum(months)
        lines += [
            CashPlanLine(item=item, fiscal_year=year, month=m, amount=value)
            for m, value in enumerate(months, start=1)
            if value
        ]
    CashPlanLine.objects.bulk_create(lines, ignore_conflicts=True)


@transaction.atomic
def _seed_year(
    keeper: Any, year: int, upto: dt.date, rng: random.Random, *, shift: bool
) -> int:
    spending = _spending_items(rng)
    revenue = _revenue_items()
    murni = budget_version_create(
        actor=keeper,
        fiscal_year=year,
        kind=VersionKind.MURNI,
        title=f"APBD Murni {year}",
    )
    for item, amount, _profile in spending:
        budget_line_set(actor=keeper, version=murni, item=item, amount=amount)
    for item, amount, _kind in revenue:
        budget_line_set(actor=keeper, version=murni, item=item, amount=amount)
    budget_version_approve(actor=keeper, version=murni)
    _cash_plan(year, spending)
    if shift:
        version = budget_version_create(
            actor=keeper,
            fiscal_year=year,
            kind=VersionKind.PERGESERAN,
            title=f"Pergeseran I {year}",
        )
        capital = [(i, a) for i, a, p in spending if p == "capital"]
        for (give, amount), (take, other) in zip(
            capital[::2], capital[1::2], strict=False
        ):
            moved = amount // 10 // 1_000_000 * 1_000_000
            budget_line_set(
                actor=keeper, version=version, item=give, amount=amount - moved
            )
            budget_line_set(
                actor=keeper, version=version, item=take, amount=other + moved
            )
        budget_version_approve(actor=keeper, version=version)
    for kind_item, _amount, kind in revenue:
        if kind:
            RevenueRoute.objects.update_or_create(
                kind=kind, defaults={"item": kind_item}
            )
    return _realise(keeper, year, upto, rng, spending, revenue)


def _realise(
    keeper: Any,
    year: int,
    upto: dt.date,
    rng: random.Random,
    spending: list[tuple[BudgetItem, int, str]],
    revenue: list[tuple[BudgetItem, int, str]],
) -> int:
    """Each month's SP2Ds and STSs, posted as one batch on the 25th (commitment
    control applies to the batch as to single postings); the ceilings are read once
    and what is spent is counted here, so a month costs a constant number of queries.
    """
    version = version_in_force(fiscal_year=year)
    ceilings = dict(
        BudgetLine.objects.filter(version=version).values_list("item_id", "amount")
    )
    spent = {item.pk: realised(item, year) for item, _amount, _profile in spending}
    count = 0
    for month in range(1, upto.month + 1):
        day = min(dt.date(year, month, 25), upto)
        if day.month != month:
            break
        transfers = []
        for item, _amount, profile in spending:
            ceiling = ceilings.get(item.pk) or Decimal(0)
            share = _share(profile, month, rng)
            amount = int(Decimal(share) * ceiling) // 1000 * 1000
            amount = min(amount, int(ceiling - spent[item.pk]))
            if amount <= 0:
                continue
            count += 1
            spent[item.pk] += amount
            transfers.append(
                Transfer(
                    kind=EntryKind.SPENDING,
                    item=item,
                    amount=amount,
                    document_number=f"SP2D/{count:05d}/{year}",
                    description=f"{item.sub_activity.name[:120]} ({month:02d}/{year})",
                )
            )
        for item, amount, _kind in revenue:
            value = int(amount * rng.uniform(0.06, 0.1)) // 1000 * 1000
            count += 1
            transfers.append(
                Transfer(
                    kind=EntryKind.REVENUE,
                    item=item,
                    amount=value,
                    document_number=f"STS/{count:05d}/{year}",
                    description=f"{item.account.name} ({month:02d}/{year})",
                )
            )
        transfers_post(actor=keeper, date=day, transfers=transfers)
        if month < upto.month or (upto.month == 12 and upto.day == 31):
            period_close(actor=keeper, fiscal_year=year, month=month)
    return count
