# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of Musrenbang and participatory budgeting (gathered through
``matrix_rows.py``). A proposal with a photo waits at the village level; no
matrix officer works a kelurahan office, so only the system administrator may decide
on it; the dinas officers and heads open the (regency-level) review queue."""

from __future__ import annotations

import io
from typing import Any

from balai.security.tests.matrix_support import EVERYONE, SIGNED_IN, row

REVIEWERS = {"officer", "officer_other_agency", "agency_head", "system_admin"}
CITIZENS = {"citizen", "other_citizen"}


def objects(w: dict[str, Any]) -> dict[str, Any]:
    if "budgeting_objects" not in w:
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone

        from PIL import Image

        from balai.participation.models.budgeting import MusrenbangRound
        from balai.participation.services import budgeting as services

        buffer = io.BytesIO()
        Image.new("RGB", (32, 32), (10, 120, 40)).save(buffer, format="JPEG")
        musrenbang = MusrenbangRound.objects.create(
            title="Musrenbang matriks",
            fiscal_year=timezone.localdate().year,
            region_code="32.73",
        )
        proposal = services.proposal_submit(
            actor=w["citizen"],
            musrenbang=musrenbang,
            title="Drainase matriks",
            problem="Saluran tersumbat.",
            sector="infrastructure",
            region_code="32.73.02.1001",
            estimated_cost=1_000_000,
            address="Jl. Matriks",
            photos=[SimpleUploadedFile("p.jpg", buffer.getvalue())],
        )
        w["budgeting_objects"] = {
            "proposal": proposal,
            "photo": proposal.photos.get(),
            "round": _voting_round(musrenbang, proposal),
        }
    return w["budgeting_objects"]


def _voting_round(musrenbang: Any, proposal: Any) -> Any:
    from balai.participation.models.budgeting import BudgetRound

    budget_round = BudgetRound.objects.create(
        musrenbang=musrenbang,
        title="PB matriks",
        ceiling=10_000_000,
        max_projects=1,
        status="voting",
    )
    budget_round.projects.add(proposal)
    return budget_round


def _proposal(w: dict[str, Any]) -> dict[str, Any]:
    return {"public_id": objects(w)["proposal"].public_id}


ROWS = {
    "participation:musrenbang": row(EVERYONE, kwargs=lambda w: objects(w) and {}),
    "participation:musrenbang-new": row(CITIZENS, kwargs=lambda w: objects(w) and {}),
    "participation:musrenbang-mine": row(SIGNED_IN),
    "participation:musrenbang-review": row(REVIEWERS),
    "participation:musrenbang-detail": row(EVERYONE, kwargs=_proposal),
    "participation:musrenbang-support": row(CITIZENS, method="POST", kwargs=_proposal),
    # an empty form: the allowed are sent back with a message, the others refused
    "participation:musrenbang-decide": row(
        {"system_admin"}, method="POST", kwargs=_proposal
    ),
    "participation:musrenbang-link-budget": row(
        {"finance_officer", "system_admin"}, method="POST", kwargs=_proposal
    ),
    "participation:musrenbang-photo": row(
        EVERYONE,
        kwargs=lambda w: {
            "public_id": objects(w)["proposal"].public_id,
            "photo_id": objects(w)["photo"].pk,
        },
    ),
    "participation:budget-rounds": row(EVERYONE),
    "participation:budget-round": row(
        EVERYONE, kwargs=lambda w: {"pk": objects(w)["round"].pk}
    ),
    # planners only (no matrix officer works at the planning agency)
    "participation:budget-round-new": row(
        {"system_admin"}, kwargs=lambda w: objects(w) and {}
    ),
    "participation:budget-round-open": row(
        {"system_admin"}, method="POST", kwargs=lambda w: {"pk": objects(w)["round"].pk}
    ),
    "participation:budget-round-close": row(
        {"system_admin"}, method="POST", kwargs=lambda w: {"pk": objects(w)["round"].pk}
    ),
    "participation-api:musrenbang-proposal-list": row(EVERYONE),
    "participation-api:musrenbang-proposal-detail": row(EVERYONE, kwargs=_proposal),
    "participation-api:budget-round-list": row(EVERYONE),
}
