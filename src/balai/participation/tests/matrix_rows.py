# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of the participation app: the landing page here, each area's
rows in its own module (``matrix_rows_<area>.py``), merged below."""

from __future__ import annotations

from balai.participation.tests.matrix_rows_consultations import (
    ROWS as CONSULTATION_ROWS,
)
from balai.security.tests.matrix_support import EVERYONE, row

ROWS = {
    "participation:home": row(EVERYONE),
}
ROWS.update(CONSULTATION_ROWS)
