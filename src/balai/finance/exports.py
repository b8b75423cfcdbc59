# SPDX-License-Identifier: EUPL-1.2
"""The LRA and the breakdown tables as CSV, XLSX (openpyxl) and PDF (reportlab)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _

from balai.finance.lra import Lra
from balai.finance.money import rupiah


def _header() -> list[str]:
    return [
        _("Code"),
        _("Description"),
        _("Budget"),
        _("Realisation"),
        _("%"),
        _("Previous year"),
    ]


def _values(lra: Lra) -> list[list[object]]:
    return [
        [
            row.code,
            row.name,
            int(row.budget),
            int(row.realised),
            "" if row.percent is None else float(row.percent),
            int(row.previous),
        ]
        for row in lra.rows
    ]


def _title(lra: Lra) -> str:
    version = lra.version.title if lra.version else _("no approved budget")
    return _("Budget realisation report %(year)s to %(date)s (%(version)s)") % {
        "year": lra.year,
        "date": lra.through.isoformat(),
        "version": version,
    }


def lra_csv(lra: Lra) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_header())
    writer.writerows(_values(lra))
    return out.getvalue()


def lra_xlsx(lra: Lra) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"LRA {lra.year}"
    sheet.append([_title(lra)])
    sheet["A1"].font = Font(bold=True)
    sheet.append(_header())
    for row, values in zip(lra.rows, _values(lra), strict=True):
        sheet.append(values)
        if row.total or row.level == 1:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    for column in ("C", "D", "F"):
        for cell in sheet[column][2:]:
            cell.number_format = "#,##0"
    sheet.column_dimensions["B"].width = 60
    for column in ("C", "D", "F"):
        sheet.column_dimensions[column].width = 20
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def lra_pdf(lra: Lra) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), title=_title(lra))
    styles = getSampleStyleSheet()
    data: list[list[object]] = [list(_header())]
    for row in lra.rows:
        data.append(
            [
                row.code,
                Paragraph(row.name, styles["BodyText"]),
                rupiah(row.budget),
                rupiah(row.realised),
                "" if row.percent is None else f"{row.percent}",
                rupiah(row.previous),
            ]
        )
    table = Table(data, colWidths=[70, 300, 110, 110, 40, 110], repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for index, row in enumerate(lra.rows, start=1):
        if row.total:
            style.append(("FONTNAME", (0, index), (-1, index), "Helvetica-Bold"))
    table.setStyle(TableStyle(style))
    doc.build([Paragraph(_title(lra), styles["Title"]), table])
    return out.getvalue()


def total_of(lra: Lra, code: str) -> Decimal:
    """The realisation of one account code in the report (for checks and tests)."""
    return next((row.realised for row in lra.rows if row.code == code), Decimal(0))
