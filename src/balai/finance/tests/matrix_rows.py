# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of the finance app (gathered by security's matrix test)."""

from __future__ import annotations

from balai.security.tests.matrix_support import EVERYONE, row

ROWS = {
    "finance:transparency": row(EVERYONE),
}
