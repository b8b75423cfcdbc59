# SPDX-License-Identifier: EUPL-1.2
"""The document's A4 layout: letterhead, title, data table, QR and signature block.

Plain values in, PDF bytes out (reportlab platypus). Fonts are the PDF base fonts
(Helvetica family, WinAnsi): every reader has them and they cover Indonesian text.
Positions depend only on the content, so the same content always lays out the same
way (``invariant=True`` also fixes the file's creation date and id, for tests).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from balai.cases.documents.pdf.qr import QrFlowable

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
LETTERHEAD_HEIGHT = 36 * mm
FOOTER_HEIGHT = 20 * mm
EMBLEM_SIZE = 22 * mm
QR_SIZE = 32 * mm
KEYWORD_PREFIX = "balai-verify:"
MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
LEGAL_NOTE = (
    "Dokumen ini ditandatangani secara elektronik menggunakan sertifikat elektronik. "
    "Sesuai UU No. 11 Tahun 2008 tentang Informasi dan Transaksi Elektronik beserta "
    "perubahannya dan PP No. 71 Tahun 2019, tanda tangan elektronik memiliki kekuatan "
    "hukum dan akibat hukum yang sah; dokumen ini tidak memerlukan tanda tangan basah, "
    "cap, maupun legalisasi."
)


@dataclass(frozen=True)
class DocumentContent:
    """Everything printed on a document (already decided by the service)."""

    unit_name: str
    agency_name: str
    address_line: str
    title_id: str
    title_en: str
    number: str
    reference: str
    fields: tuple[tuple[str, str], ...]
    place: str
    issued_on: dt.date
    valid_until: dt.date | None
    verify_url: str
    display_code: str
    signer_name: str
    note: str = ""


def date_id(value: dt.date) -> str:
    """``28 November 2026``: Indonesian month names whatever the active language."""
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName="Helvetica", fontSize=10.5, leading=13.5)
    return {
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName="Helvetica-Bold",
            fontSize=14,
            leading=18,
            alignment=TA_CENTER,
        ),
        "subtitle": ParagraphStyle(
            "subtitle",
            parent=base,
            fontName="Helvetica-Oblique",
            fontSize=10,
            alignment=TA_CENTER,
            textColor=colors.HexColor("#333333"),
        ),
        "number": ParagraphStyle(
            "number", parent=base, fontSize=11, alignment=TA_CENTER, spaceBefore=2
        ),
        "label": ParagraphStyle("label", parent=base),
        "value": ParagraphStyle("value", parent=base, fontName="Helvetica-Bold"),
        "small": ParagraphStyle(
            "small", parent=base, fontSize=8, leading=10, alignment=TA_LEFT
        ),
        "sign": ParagraphStyle("sign", parent=base, fontSize=10, leading=13),
        "note": ParagraphStyle(
            "note", parent=base, fontSize=9, leading=11.5, spaceBefore=6
        ),
    }


def _fit(text: str, font: str, size: float, width: float, minimum: float = 8) -> float:
    """The largest font size up to ``size`` at which ``text`` fits on one line."""
    while size > minimum and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _draw_emblem(canvas: Any, x: float, y: float, size: float) -> None:
    """A drawn placeholder for the regional emblem: a shield with a star."""
    w, h = size * 0.8, size
    left = x + (size - w) / 2
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor("#04434d"))
    canvas.setFillColor(colors.HexColor("#e6f2f4"))
    canvas.setLineWidth(1.2)
    shield = canvas.beginPath()
    shield.moveTo(left, y + h)
    shield.lineTo(left + w, y + h)
    shield.lineTo(left + w, y + h * 0.45)
    shield.curveTo(
        left + w, y + h * 0.15, left + w * 0.6, y + h * 0.05, left + w / 2, y
    )
    shield.curveTo(left + w * 0.4, y + h * 0.05, left, y + h * 0.15, left, y + h * 0.45)
    shield.close()
    canvas.drawPath(shield, stroke=1, fill=1)
    canvas.setFillColor(colors.HexColor("#9a6700"))
    cx, cy, outer = left + w / 2, y + h * 0.58, w * 0.28
    star = canvas.beginPath()
    for i in range(10):
        radius = outer if i % 2 == 0 else outer * 0.4
        angle = math.pi / 2 + i * math.pi / 5
        px, py = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        star.moveTo(px, py) if i == 0 else star.lineTo(px, py)
    star.close()
    canvas.drawPath(star, stroke=0, fill=1)
    canvas.restoreState()


def _letterhead(canvas: Any, content: DocumentContent) -> None:
    top = PAGE_HEIGHT - MARGIN
    _draw_emblem(canvas, MARGIN, top - EMBLEM_SIZE, EMBLEM_SIZE)
    text_left = MARGIN + EMBLEM_SIZE + 4 * mm
    width = PAGE_WIDTH - MARGIN - text_left
    centre = text_left + width / 2
    lines = [
        (content.unit_name.upper(), "Helvetica-Bold", 13),
        (content.agency_name.upper(), "Helvetica-Bold", 15),
        (content.address_line, "Helvetica", 9),
    ]
    y = top - 5 * mm
    for text, font, size in lines:
        if not text:
            continue
        fitted = _fit(text, font, size, width)
        canvas.setFont(font, fitted)
        canvas.drawCentredString(centre, y, text)
        y -= fitted + 4
    rule = top - EMBLEM_SIZE - 4 * mm
    canvas.setLineWidth(2)
    canvas.line(MARGIN, rule, PAGE_WIDTH - MARGIN, rule)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, rule - 2.5, PAGE_WIDTH - MARGIN, rule - 2.5)


def _footer(canvas: Any, content: DocumentContent, page: int) -> None:
    styles = _styles()
    note = Paragraph(escape(LEGAL_NOTE), styles["small"])
    width = PAGE_WIDTH - 2 * MARGIN
    _w, height = note.wrap(width, FOOTER_HEIGHT)
    base = MARGIN - 8 * mm
    note.drawOn(canvas, MARGIN, base + 22)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN, base + height + 25, PAGE_WIDTH - MARGIN, base + height + 25)
    canvas.setFont("Helvetica", 7.5)
    canvas.drawString(MARGIN, base + 11, f"Periksa keaslian: {content.verify_url}")
    canvas.drawString(
        MARGIN,
        base + 2,
        f"Kode verifikasi: {content.display_code}  ·  "
        f"Nomor permohonan: {content.reference}",
    )
    canvas.drawRightString(PAGE_WIDTH - MARGIN, base + 2, f"Halaman {page}")


def _fields_table(content: DocumentContent, styles: dict[str, ParagraphStyle]) -> Table:
    rows = [
        [
            Paragraph(escape(label), styles["label"]),
            Paragraph(":", styles["label"]),
            Paragraph(escape(value) or "-", styles["value"]),
        ]
        for label, value in content.fields
    ]
    width = PAGE_WIDTH - 2 * MARGIN
    table = Table(rows, colWidths=[58 * mm, 4 * mm, width - 62 * mm], repeatRows=0)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _closing(content: DocumentContent, styles: dict[str, ParagraphStyle]) -> Table:
    """QR code and its explanation on the left; place, date and the electronic
    signature statement on the right (where a wet signature used to go)."""
    qr_text = Paragraph(
        "Pindai kode QR untuk memeriksa keaslian dokumen ini.<br/>"
        "<i>Scan the QR code to verify this document.</i><br/>"
        f"Kode verifikasi: <b>{escape(content.display_code)}</b>",
        styles["small"],
    )
    signature = Paragraph(
        f"{escape(content.place)}, {date_id(content.issued_on)}<br/><br/>"
        "Ditandatangani secara elektronik oleh<br/>"
        "<i>Electronically signed by</i><br/>"
        f"<b>{escape(content.agency_name)}</b><br/>"
        f"<font size=8>Sertifikat elektronik: {escape(content.signer_name)}</font>",
        styles["sign"],
    )
    width = PAGE_WIDTH - 2 * MARGIN
    left = Table([[QrFlowable(content.verify_url, QR_SIZE)], [qr_text]])
    left.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    table = Table([[left, signature]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (1, 0), (1, 0), 0.6, colors.HexColor("#6b7780")),
                ("LEFTPADDING", (1, 0), (1, 0), 8),
                ("TOPPADDING", (1, 0), (1, 0), 6),
                ("BOTTOMPADDING", (1, 0), (1, 0), 8),
            ]
        )
    )
    return table


def render_pdf(content: DocumentContent, *, invariant: bool = False) -> bytes:
    """The unsigned PDF of ``content``."""
    buffer = io.BytesIO()
    styles = _styles()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + LETTERHEAD_HEIGHT,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        title=f"{content.title_id} {content.number}",
        author=content.agency_name,
        subject=content.title_en or content.title_id,
        creator="Balai",
        keywords=[KEYWORD_PREFIX + content.display_code.replace("-", "")],
        lang="id-ID",
        invariant=1 if invariant else 0,
    )
    story: list[Any] = [
        Paragraph(escape(content.title_id.upper()), styles["title"]),
    ]
    if content.title_en:
        story.append(Paragraph(escape(content.title_en), styles["subtitle"]))
    story += [
        Paragraph(f"Nomor: {escape(content.number)}", styles["number"]),
        Spacer(1, 6 * mm),
        _fields_table(content, styles),
    ]
    if content.valid_until:
        story.append(
            Paragraph(
                f"Berlaku sampai dengan: <b>{date_id(content.valid_until)}</b>",
                styles["note"],
            )
        )
    if content.note:
        story.append(Paragraph(escape(content.note), styles["note"]))
    story += [Spacer(1, 8 * mm), KeepTogether([_closing(content, styles)])]

    def first_page(canvas: Any, doc: Any) -> None:
        _letterhead(canvas, content)
        _footer(canvas, content, doc.page)

    def later_page(canvas: Any, doc: Any) -> None:
        _footer(canvas, content, doc.page)

    template.build(story, onFirstPage=first_page, onLaterPages=later_page)
    return buffer.getvalue()
