# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of the participation app: each area keeps its own module."""

from __future__ import annotations

from balai.participation.tests.matrix_rows_budgeting import ROWS as BUDGETING_ROWS

ROWS = {**BUDGETING_ROWS}
