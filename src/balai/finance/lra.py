# SPDX-License-Identifier: EUPL-1.2
"""The budget realisation report (Laporan Realisasi Anggaran, PSAP 02).

Rows by account (akun, kelompok, jenis) for revenue, spending and financing with the
budget in force, realisation to the reporting date, the percentage and the previous
year's realisation; then surplus/deficit, net financing and SiLPA. Figures come from
budget lines and rollup cells only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from balai.finance.constants import Dimension
from balai.finance.models import Account, BudgetVersion
from balai.finance.money import percent
from balai.finance.selectors import budget_cells, realisation_cells
from balai.finance.services.budget import version_in_force

LEVELS = 3  # akun . kelompok . jenis


@dataclass
class LraRow:
    code: str
    name: str
    level: int
    budget: Decimal
    realised: Decimal
    previous: Decimal
    total: bool = False

    @property
    def percent(self) -> Decimal | None:
        return percent(self.realised, self.budget)


@dataclass
class Lra:
    year: int
    through: dt.date
    version: BudgetVersion | None
    rows: list[LraRow]


def lra_build(*, year: int, through: dt.date) -> Lra:
    version = version_in_force(fiscal_year=year)
    budgets = {
        key: amount
        for (dim, key), amount in budget_cells(version).items()
        if dim == Dimension.ACCOUNT
    }
    realised = realisation_cells(
        dimension=Dimension.ACCOUNT, year=year, through_month=through.month
    )
    previous = realisation_cells(dimension=Dimension.ACCOUNT, year=year - 1)
    accounts = Account.objects.filter(level__lte=LEVELS, code__regex=r"^[456]")
    names = dict(accounts.values_list("code", "name"))

    def row(code: str, *, name: str | None = None, total: bool = False) -> LraRow:
        return LraRow(
            code=code,
            name=name or names.get(code, code),
            level=code.count(".") + 1,
            budget=budgets.get(code, Decimal(0)),
            realised=realised.get(code, Decimal(0)),
            previous=previous.get(code, Decimal(0)),
            total=total,
        )

    rows: list[LraRow] = []
    present = sorted(
        code
        for code in names
        if budgets.get(code) or realised.get(code) or previous.get(code)
    )
    for akun in ("4", "5", "6"):
        rows += [row(code) for code in present if code.split(".")[0] == akun]
        if akun == "5":
            income, spend = row("4"), row("5")
            rows.append(_derived(_("Surplus/(deficit)"), income, spend))
    net = _derived(_("Net financing"), row("6.1"), row("6.2"))
    rows.append(net)
    surplus = _derived("", row("4"), row("5"))
    rows.append(
        LraRow(
            code="",
            name=_("Surplus/(shortfall) of budget financing (SiLPA/SiKPA)"),
            level=1,
            budget=surplus.budget + net.budget,
            realised=surplus.realised + net.realised,
            previous=surplus.previous + net.previous,
            total=True,
        )
    )
    return Lra(year=year, through=through, version=version, rows=rows)


def _derived(name: str, plus: LraRow, minus: LraRow) -> LraRow:
    return LraRow(
        code="",
        name=name,
        level=1,
        budget=plus.budget - minus.budget,
        realised=plus.realised - minus.realised,
        previous=plus.previous - minus.previous,
        total=True,
    )
