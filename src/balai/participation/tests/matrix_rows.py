# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of the participation app: each area keeps its own module."""

from __future__ import annotations

from balai.participation.tests.matrix_rows_budgeting import ROWS as BUDGETING_ROWS
from balai.security.tests.matrix_support import EVERYONE, row

ROWS = {
    "participation:home": row(EVERYONE),
    **BUDGETING_ROWS,
}
