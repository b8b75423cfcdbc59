# SPDX-License-Identifier: EUPL-1.2
"""The verification QR code as vector shapes: sharp at any print size, a few KB."""

from __future__ import annotations

from typing import Any

import segno
from reportlab.platypus import Flowable

QUIET_ZONE = 2  # modules of white around the symbol (the page around it is white too)


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The module matrix (True = dark) with error correction M, as scanners expect
    for codes printed on paper that may be folded or stamped."""
    code = segno.make(text, error="m", micro=False, boost_error=False)
    return tuple(tuple(bool(cell) for cell in row) for row in code.matrix)


def draw_qr(canvas: Any, text: str, *, x: float, y: float, size: float) -> None:
    """Draw the symbol with its lower-left corner at (x, y), ``size`` points wide;
    each row's dark runs become one rectangle, so the content stream stays small."""
    matrix = qr_matrix(text)
    modules = len(matrix) + 2 * QUIET_ZONE
    unit = size / modules
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setStrokeColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + QUIET_ZONE) * unit
        col = 0
        while col < len(row):
            if not row[col]:
                col += 1
                continue
            start = col
            while col < len(row) and row[col]:
                col += 1
            path.rect(
                x + (start + QUIET_ZONE) * unit, top - unit, (col - start) * unit, unit
            )
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


class QrFlowable(Flowable):
    """A QR code as a platypus flowable (for tables and frames)."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, self.text, x=0, y=0, size=self.size)
