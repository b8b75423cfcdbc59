# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from balai.finance.models import BudgetLine, JournalEntry
from balai.finance.services.budget import (
    budget_version_approve,
    budget_version_create,
)
from balai.finance.services.journal import realised
from balai.finance.sipd import SP2D_COLUMNS, budget_import, sp2d_import
from balai.finance.tests.helpers import ROAD, item

pytestmark = pytest.mark.usefixtures("codes")

BUDGET = """kode_skpd,kode_sub_kegiatan,kode_rekening,sumber_dana,kode_lokasi,pagu
dinas-pu,1.03.10.2.01.21,5.2.04.01.001.00012,PAD,32.73,1.000.000
dinas-pu,1.03.01.2.01.0001,5.1.02.01.01.0024,PAD,32.73.02,250000.00
dinas-xx,1.03.01.2.01.0001,5.1.02.01.01.0024,PAD,32.73,10
dinas-pu,9.99.99.2.01.0001,5.1.02.01.01.0024,PAD,32.73,10
dinas-pu,1.03.01.2.01.0001,5.1.02.01.01.0024,PAD,32.73,sepuluh
"""
SP2D = (
    ",".join(SP2D_COLUMNS)
    + """
SP2D/1,2026-02-03,dinas-pu,1.03.10.2.01.0021,5.2.04.01.01.0012,PAD,32.73,400000,Termin 1
SP2D/2,2026-02-30,dinas-pu,1.03.10.2.01.0021,5.2.04.01.01.0012,PAD,32.73,1,x
SP2D/3,2026-03-03,dinas-pu,1.03.10.2.01.0021,5.2.04.01.01.0012,PAD,32.73,700000,x
,2026-03-03,dinas-pu,1.03.10.2.01.0021,5.2.04.01.01.0012,PAD,32.73,1,tanpa nomor
"""
)


def test_budget_import_rejects_bad_rows_and_reimport_changes_nothing(
    keeper: Any, agency: Any
) -> None:
    version = budget_version_create(actor=keeper, fiscal_year=2026, kind="murni")
    result = budget_import(actor=keeper, version=version, text=BUDGET)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert [(r.row, r.field) for r in result.rejected] == [
        (4, "kode_skpd"),
        (5, "kode_sub_kegiatan"),
        (6, "pagu"),
    ]
    assert "row,field,reason" in result.report_csv()
    road = item(agency, ROAD)
    assert BudgetLine.objects.get(version=version, item=road).amount == 1_000_000

    again = budget_import(actor=keeper, version=version, text=BUDGET)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert BudgetLine.objects.filter(version=version).count() == 2


def test_sp2d_import_posts_good_rows_once_with_the_refusals_reported(
    keeper: Any, agency: Any
) -> None:
    version = budget_version_create(actor=keeper, fiscal_year=2026, kind="murni")
    budget_import(actor=keeper, version=version, text=BUDGET)
    budget_version_approve(actor=keeper, version=version)

    result = sp2d_import(actor=keeper, text=SP2D)
    assert result.created == 1
    reasons = {r.row: (r.field, r.reason) for r in result.rejected}
    assert reasons[3][0] == "tanggal"
    assert "Rp600.000" in reasons[4][1]  # remaining budget named in the refusal
    assert reasons[5][0] == "nomor_sp2d"
    road = item(agency, ROAD)
    assert realised(road, 2026) == Decimal(400_000)

    again = sp2d_import(actor=keeper, text=SP2D)
    assert again.created == 0 and again.unchanged == 1
    assert JournalEntry.objects.count() == 1
