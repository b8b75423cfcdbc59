# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of register integration: Disdukcapil officers and heads only."""

from __future__ import annotations

from typing import Any

from balai.registry.tests.factories import matrix_objects
from balai.security.tests.matrix_support import Row, row

REGISTER = {"officer", "agency_head"}


def objects(w: dict[str, Any]) -> dict[str, Any]:
    """A linked batch with one record waiting for review and one merged record."""
    if "integration" not in w:
        from balai.registry.integration.constants import BatchStatus
        from balai.registry.integration.services import merge_perform
        from balai.registry.integration.tests import factories

        resident = matrix_objects(w)["resident"]
        batch = factories.batch(status=BatchStatus.LINKED)
        waiting = factories.candidate(factories.like(resident, batch, 1), resident)
        merged = factories.candidate(factories.like(resident, batch, 2), resident)
        merge = merge_perform(
            staged=merged.staged, resident=resident, candidate=merged, automatic=True
        )
        w["integration"] = {"batch": batch, "candidate": waiting, "merge": merge}
    return w["integration"]


ROWS: dict[str, Row] = {
    "registry-integration:batch-list": row(REGISTER),
    "registry-integration:batch-detail": row(
        REGISTER, kwargs=lambda w: {"batch_id": objects(w)["batch"].pk}
    ),
    "registry-integration:batch-rejections": row(
        REGISTER, kwargs=lambda w: {"batch_id": objects(w)["batch"].pk}
    ),
    # nothing waits for linkage in this batch: the task records that and returns
    "registry-integration:batch-link": row(
        REGISTER, method="POST", kwargs=lambda w: {"batch_id": objects(w)["batch"].pk}
    ),
    "registry-integration:review-queue": row(REGISTER),
    "registry-integration:candidate-detail": row(
        REGISTER, kwargs=lambda w: {"candidate_id": objects(w)["candidate"].pk}
    ),
    "registry-integration:candidate-decide": row(
        REGISTER,
        method="POST",
        kwargs=lambda w: {"candidate_id": objects(w)["candidate"].pk},
        data={"decision": "reject"},
    ),
    "registry-integration:merge-undo": row(
        REGISTER,
        method="POST",
        kwargs=lambda w: {"merge_id": objects(w)["merge"].pk},
        data={"reason": "bukan orang yang sama"},
    ),
}
