# SPDX-License-Identifier: EUPL-1.2
"""SIPD imports as recorded batches: XLSX beside CSV, the rejection report, resume of
an interrupted import, re-import changing nothing, the officers' page, the command."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

import pytest
from openpyxl import Workbook

from balai.finance.constants import BatchStatus, ImportKind
from balai.finance.models import (
    BudgetLine,
    CashPlanLine,
    ImportBatch,
    ImportRejection,
    JournalEntry,
)
from balai.finance.services.budget import budget_version_create
from balai.finance.services.journal import realised
from balai.finance.sipd import (
    BUDGET_COLUMNS,
    SP2D_COLUMNS,
    batch_import,
    batch_result,
    budget_import,
)
from balai.finance.tests.helpers import ROAD, approved_budget, item
from balai.finance.tests.test_sipd import BUDGET

pytestmark = pytest.mark.usefixtures("codes")


def _xlsx(rows: list[list[Any]]) -> bytes:
    """A workbook as SIPD's export writes it: amounts as numbers, dates as dates."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _typed(value: str) -> Any:
    if value.isdigit() and not value.startswith("0"):
        return int(value)
    return value


def _budget_xlsx() -> bytes:
    rows = list(csv.reader(io.StringIO(BUDGET)))
    return _xlsx([rows[0], *([_typed(v) for v in r] for r in rows[1:])])


def _sp2d_rows(n: int, year: int) -> list[list[Any]]:
    """``n`` SP2Ds of 10,000 each on the road line; every fifth has a bad date."""
    rows: list[list[Any]] = [list(SP2D_COLUMNS)]
    for i in range(1, n + 1):
        date: Any = dt.date(year, 2, 1 + i % 27) if i % 5 else "31-02"
        rows.append(
            [f"SP2D/{i:04d}", date, "dinas-pu", *ROAD, "PAD", "32.73", 10_000, "x"]
        )
    return rows


def test_xlsx_budget_import_reports_like_the_csv_path_and_reimport_changes_nothing(
    keeper: Any, agency: Any
) -> None:
    version = budget_version_create(actor=keeper, fiscal_year=2026, kind="murni")
    batch = batch_import(
        actor=keeper,
        kind=ImportKind.BUDGET,
        data=_budget_xlsx(),
        file_name="apbd.xlsx",
        version=version,
    )
    assert (batch.file_format, batch.status) == ("xlsx", BatchStatus.DONE)
    assert (batch.rows_total, batch.rows_created, batch.rows_rejected) == (5, 2, 3)
    from_xlsx = batch_result(batch)
    assert [(r.row, r.field) for r in from_xlsx.rejected] == [
        (4, "kode_skpd"),
        (5, "kode_sub_kegiatan"),
        (6, "pagu"),
    ]
    road = item(agency, ROAD)
    assert BudgetLine.objects.get(version=version, item=road).amount == 1_000_000

    # the CSV path on the same content: the same rejection report, nothing new
    from_csv = budget_import(actor=keeper, version=version, text=BUDGET)
    assert from_csv.report_csv() == from_xlsx.report_csv()
    assert from_csv.unchanged == 2

    again = batch_import(
        actor=keeper,
        kind=ImportKind.BUDGET,
        data=_budget_xlsx(),
        file_name="apbd.xlsx",
        version=version,
    )
    assert again.pk != batch.pk
    assert (again.rows_created, again.rows_updated, again.rows_unchanged) == (0, 0, 2)
    assert BudgetLine.objects.filter(version=version).count() == 2


def test_interrupted_xlsx_sp2d_import_resumes_after_the_last_committed_chunk(
    keeper: Any, agency: Any
) -> None:
    road = item(agency, ROAD)
    approved_budget(keeper, 2026, {road: 1_000_000})
    data = _xlsx(_sp2d_rows(25, 2026))

    class Crash(RuntimeError):
        pass

    def crash_after_two_chunks(batch: ImportBatch) -> None:
        if batch.rows_total >= 20:
            raise Crash

    with pytest.raises(Crash):
        batch_import(
            actor=keeper,
            kind=ImportKind.SP2D,
            data=data,
            file_name="sp2d.xlsx",
            chunk_rows=10,
            after_chunk=crash_after_two_chunks,
        )
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.last_row, batch.rows_total) == (
        BatchStatus.RUNNING,
        21,  # file rows 2..21 = the first 20 SP2Ds
        20,
    )
    assert JournalEntry.objects.count() == 16 and batch.rows_rejected == 4

    resumed = batch_import(
        actor=keeper,
        kind=ImportKind.SP2D,
        data=data,
        file_name="sp2d.xlsx",
        chunk_rows=10,
    )
    assert resumed.pk == batch.pk
    assert resumed.status == BatchStatus.DONE
    assert (resumed.rows_total, resumed.last_row) == (25, 26)
    assert (resumed.rows_created, resumed.rows_unchanged) == (20, 0)
    assert JournalEntry.objects.count() == 20
    rejected = list(ImportRejection.objects.values_list("row_number", "field"))
    assert rejected == [(n, "tanggal") for n in (6, 11, 16, 21, 26)]
    assert realised(road, 2026) == Decimal(200_000)

    # the whole file again: a new batch, every SP2D already in the journal
    again = batch_import(
        actor=keeper, kind=ImportKind.SP2D, data=data, file_name="sp2d.xlsx"
    )
    assert (again.rows_created, again.rows_unchanged, again.rows_rejected) == (
        0,
        20,
        5,
    )
    assert JournalEntry.objects.count() == 20


def test_cash_plan_import_sets_months_once(keeper: Any, agency: Any) -> None:
    road = item(agency, ROAD)
    header = ["tahun", "bulan", "kode_skpd", "kode_sub_kegiatan", "kode_rekening"]
    header += ["sumber_dana", "kode_lokasi", "nilai"]
    rows = [header]
    rows += [[2026, m, "dinas-pu", *ROAD, "PAD", "32.73", 100_000] for m in (1, 2)]
    rows += [[2026, 13, "dinas-pu", *ROAD, "PAD", "32.73", 1]]
    data = _xlsx(rows)
    batch = batch_import(
        actor=keeper, kind=ImportKind.CASH_PLAN, data=data, file_name="kas.xlsx"
    )
    assert (batch.rows_created, batch.rows_rejected) == (2, 1)
    assert CashPlanLine.objects.filter(item=road).count() == 2
    again = batch_import(
        actor=keeper, kind=ImportKind.CASH_PLAN, data=data, file_name="kas.xlsx"
    )
    assert (again.rows_created, again.rows_updated, again.rows_unchanged) == (0, 0, 2)


def test_a_file_without_the_columns_is_refused_before_any_batch(keeper: Any) -> None:
    from balai.core.errors import BalaiError

    with pytest.raises(BalaiError) as refused:
        batch_import(
            actor=keeper,
            kind=ImportKind.SP2D,
            data=_xlsx([["nomor", "nilai"], ["1", 2]]),
            file_name="x.xlsx",
        )
    assert refused.value.code == "invalid_file"
    assert not ImportBatch.objects.exists()


def test_the_command_accepts_xlsx(
    keeper: Any, agency: Any, tmp_path: Path, capsys: Any
) -> None:
    version = budget_version_create(actor=keeper, fiscal_year=2026, kind="murni")
    path = tmp_path / "apbd.xlsx"
    path.write_bytes(_budget_xlsx())
    rejects = tmp_path / "rejects.csv"
    call_command(
        "finance",
        "import-budget",
        str(path),
        "--version",
        str(version.pk),
        "--rejects",
        str(rejects),
    )
    out = capsys.readouterr().out
    assert "(xlsx, 5 rows)" in out
    assert "created 2, updated 0, unchanged 0, rejected 3" in out
    assert rejects.read_text().splitlines()[1].startswith("4,kode_skpd,")


def test_officers_upload_and_see_batches_and_rejections(
    keeper: Any, agency: Any, staff_client: Any
) -> None:
    version = budget_version_create(actor=keeper, fiscal_year=2026, kind="murni")
    client = staff_client(keeper)
    page = client.get(reverse("finance:imports"))
    assert page.status_code == 200
    assert str(version.pk) in page.content.decode()
    upload = SimpleUploadedFile("apbd.xlsx", _budget_xlsx())
    response = client.post(
        reverse("finance:imports"),
        {"kind": "budget", "version": str(version.pk), "file": upload},
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("finance:import", args=[batch.pk])
    detail = client.get(response["Location"]).content.decode()
    assert 'data-testid="batch-rejected">3<' in detail
    assert "kode_sub_kegiatan" in detail
    report = client.get(response["Location"] + "?format=csv")
    assert report.content.decode().startswith("row,field,reason\n4,kode_skpd,")
    listing = client.get(reverse("finance:imports")).content.decode()
    assert "apbd.xlsx" in listing

    # a budget file without a version is refused on the form, nothing imported
    response = client.post(
        reverse("finance:imports"),
        {"kind": "budget", "file": SimpleUploadedFile("a.csv", BUDGET.encode())},
    )
    assert response.status_code == 200
    assert ImportBatch.objects.count() == 1
    assert BUDGET_COLUMNS[0] in response.content.decode()


def test_readers_without_the_keeper_role_cannot_import(
    head: Any, staff_client: Any
) -> None:
    from balai.accounts.testing import verified

    client = staff_client(verified(head))
    assert client.get(reverse("finance:imports")).status_code == 403
