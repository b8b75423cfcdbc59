# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of issued documents: verification is public."""

from __future__ import annotations

from balai.cases.documents.tests.factories import matrix_document
from balai.security.tests.matrix_support import EVERYONE, row

ROWS = {
    # the payer only; nobody in the matrix paid this (made-up) reference
    "documents:receipt": row(set(), kwargs=lambda w: {"reference": "PBB-2026-1"}),
    "documents:verify-upload": row(EVERYONE),
    "documents:verify": row(
        EVERYONE, kwargs=lambda w: {"code": matrix_document(w).code}
    ),
}
