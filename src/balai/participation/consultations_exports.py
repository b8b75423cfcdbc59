# SPDX-License-Identifier: EUPL-1.2
"""The response matrix as CSV and PDF (reportlab): one row per submission with the
official answer; the submitter is named only as an organisation, an offline source
or "Citizen" (no personal data)."""

from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from balai.participation.consultations_selectors import matrix_rows, submitter_label
from balai.participation.models import Comment, Consultation


def _header() -> list[str]:
    return [
        _("No."),
        _("Section"),
        _("Submitted by"),
        _("Channel"),
        _("Input"),
        _("Supports"),
        _("Decision"),
        _("Reason"),
        _("Section of the final text"),
    ]


def _row(number: int, comment: Comment) -> list[str]:
    response = getattr(comment, "response", None)
    return [
        str(number),
        comment.section.heading if comment.section else _("Whole draft"),
        submitter_label(comment),
        str(comment.get_channel_display()),
        comment.text,
        str(getattr(comment, "support_count", 0)),
        str(response.get_decision_display()) if response else _("Not answered yet"),
        response.reason if response else "",
        response.final_section if response else "",
    ]


def _safe(value: str) -> str:
    """No spreadsheet formulas from citizens' text (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def matrix_csv(consultation: Consultation) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_header())
    for number, comment in enumerate(matrix_rows(consultation), start=1):
        writer.writerow([_safe(cell) for cell in _row(number, comment)])
    return out.getvalue()


def matrix_pdf(consultation: Consultation) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    title = _("Response matrix: %(title)s") % {"title": consultation.draft.title}
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), title=title)
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    body.fontSize = 8
    body.leading = 10
    data: list[list[object]] = [[Paragraph(escape(cell), body) for cell in _header()]]
    for number, comment in enumerate(matrix_rows(consultation), start=1):
        data.append([Paragraph(escape(cell), body) for cell in _row(number, comment)])
    table = Table(data, colWidths=[25, 70, 80, 55, 180, 40, 65, 180, 75], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
            ]
        )
    )
    doc.build([Paragraph(escape(title), styles["Title"]), table])
    return out.getvalue()
