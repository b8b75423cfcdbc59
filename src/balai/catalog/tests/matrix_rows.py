# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of the catalog: every page and endpoint is public."""

from __future__ import annotations

from balai.security.tests.matrix_support import EVERYONE, Row, row

ROWS: dict[str, Row] = {
    "catalog:service-list": row(EVERYONE),
    "catalog:service-detail": row(
        EVERYONE, kwargs=lambda w: {"slug": "akta-kelahiran"}
    ),
    "catalog-api:service-list": row(EVERYONE),
    "catalog-api:service-detail": row(EVERYONE, kwargs=lambda w: {"slug": "kia"}),
}
