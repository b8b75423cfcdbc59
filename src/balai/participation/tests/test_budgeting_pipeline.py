# SPDX-License-Identifier: EUPL-1.2
"""Musrenbang: filing, the pipeline through three levels, merges, policies, notices."""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from balai.accounts.constants import Role
from balai.accounts.testing import verified
from balai.accounts.tests.factories import StaffFactory
from balai.core.errors import BalaiError, Conflict
from balai.participation import budgeting_policies as policies
from balai.participation import budgeting_selectors as selectors
from balai.participation import budgeting_states as states
from balai.participation.models.budgeting import (
    Proposal,
    ProposalStatus,
    ProposalSupport,
)
from balai.participation.services import budgeting as services
from balai.participation.tests.budgeting_fixtures import *  # noqa: F403 (fixtures)
from balai.participation.tests.budgeting_fixtures import (
    DAGO,
    submit,
    verified_citizen,
)
from balai.security.models import AuditEntry

pytestmark = pytest.mark.django_db


def _jpeg_with_exif() -> SimpleUploadedFile:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_proposal_goes_through_three_levels_and_the_proposer_hears_each_step(
    citizen: Any,
    musrenbang: Any,
    officers: dict[str, Any],
    outbox: list,
    immediate_on_commit: Any,
) -> None:
    proposal = submit(citizen, musrenbang)
    assert proposal.status == ProposalStatus.AT_DESA
    assert proposal.public_id.startswith("USL-")
    assert proposal in selectors.review_queue(officers["desa"], "desa")
    assert proposal not in selectors.review_queue(officers["kecamatan"], "kecamatan")

    # the district cannot act before the village
    with pytest.raises(PermissionDenied):
        services.proposal_decide(
            proposal=proposal, actor=officers["kecamatan"], decision="forward"
        )
    proposal = services.proposal_decide(
        proposal=proposal, actor=officers["desa"], decision="forward"
    )
    assert (proposal.status, proposal.level) == (
        ProposalStatus.AT_KECAMATAN,
        "kecamatan",
    )
    proposal = services.proposal_decide(
        proposal=proposal, actor=officers["kecamatan"], decision="forward"
    )
    assert proposal.status == ProposalStatus.AT_KABUPATEN
    with pytest.raises(PermissionDenied):  # the village is done with it
        services.proposal_decide(
            proposal=proposal, actor=officers["desa"], decision="forward"
        )
    proposal = services.proposal_decide(
        proposal=proposal, actor=officers["kabupaten"], decision="forward"
    )
    assert proposal.status == ProposalStatus.ACCEPTED

    timeline = list(selectors.proposal_timeline(proposal))
    assert [d.status_to for d in timeline] == [
        "at_desa",
        "at_kecamatan",
        "at_kabupaten",
        "accepted",
    ]
    assert [d.level for d in timeline[1:]] == ["desa", "kecamatan", "kabupaten"]
    # a receipt and one message per decision, each with the link to the page
    mine = [m for m in outbox if m.recipient == citizen.email]
    assert len(mine) == 4
    assert all(proposal.public_id in m.body for m in mine)
    assert f"/partisipasi/musrenbang/usulan/{proposal.public_id}/" in mine[-1].body
    assert AuditEntry.objects.filter(action="proposal.forward").count() == 3


def test_defer_and_reject_need_a_reason_which_the_proposer_receives(
    citizen: Any,
    musrenbang: Any,
    officers: dict[str, Any],
    outbox: list,
    immediate_on_commit: Any,
) -> None:
    proposal = submit(citizen, musrenbang)
    for decision in ("defer", "reject", "merge"):
        with pytest.raises(BalaiError) as caught:
            services.proposal_decide(
                proposal=proposal, actor=officers["desa"], decision=decision
            )
        assert caught.value.code == "reason_required"
    proposal = services.proposal_decide(
        proposal=proposal,
        actor=officers["desa"],
        decision="defer",
        reason="Lahan belum jelas statusnya.",
    )
    assert proposal.status == ProposalStatus.DEFERRED
    assert "Lahan belum jelas statusnya." in outbox[-1].body
    # taken up again at its level, then rejected
    proposal = services.proposal_decide(
        proposal=proposal, actor=officers["desa"], decision="reopen"
    )
    assert proposal.status == ProposalStatus.AT_DESA
    proposal = services.proposal_decide(
        proposal=proposal,
        actor=officers["desa"],
        decision="reject",
        reason="Di luar kewenangan.",
    )
    assert proposal.status == ProposalStatus.REJECTED
    with pytest.raises(Conflict) as caught:
        services.proposal_decide(
            proposal=proposal, actor=officers["desa"], decision="forward"
        )
    assert caught.value.code == "invalid_transition"


def test_every_status_has_the_decisions_of_the_table() -> None:
    assert states.decisions_for("at_desa", "desa") == [
        "forward",
        "merge",
        "defer",
        "reject",
    ]
    assert states.decisions_for("at_kabupaten", "kabupaten")[0] == "forward"
    assert states.machine_action("forward", "at_kabupaten", "kabupaten") == "accept"
    assert states.decisions_for("deferred", "kecamatan") == ["reopen"]
    for status in ("accepted", "rejected", "merged"):
        assert states.decisions_for(status, "desa") == []


def test_nearby_similar_proposals_are_found_and_merged_with_their_supports(
    citizen: Any,
    musrenbang: Any,
    officers: dict[str, Any],
    outbox: list,
    immediate_on_commit: Any,
) -> None:
    first = submit(citizen, musrenbang)
    neighbour = verified_citizen()
    second = submit(
        neighbour,
        musrenbang,
        title="Drainase Dago tersumbat",
        lat=DAGO[0] + 0.0005,  # about 55 m away
        lon=DAGO[1],
    )
    far = submit(neighbour, musrenbang, lat=DAGO[0] + 0.05, lon=DAGO[1])
    other_sector = submit(neighbour, musrenbang, sector="health", title="Posyandu Dago")
    supporter = verified_citizen()
    assert services.proposal_support(proposal=second, actor=supporter) is True
    assert services.proposal_support(proposal=second, actor=supporter) is False

    found = selectors.nearby_similar(
        musrenbang=musrenbang,
        sector=second.sector,
        lat=second.lat,
        lon=second.lon,
        title=second.title,
        exclude=second.pk,
    )
    assert [p.pk for p in found] == [first.pk]
    assert 0 < found[0].distance_m < 100
    assert far.pk not in [p.pk for p in found] and other_sector.pk not in [
        p.pk for p in found
    ]

    with pytest.raises(BalaiError) as caught:
        services.proposal_decide(
            proposal=second, actor=officers["desa"], decision="merge", reason="Sama."
        )
    assert caught.value.code == "merge_target_required"
    with pytest.raises(BalaiError):
        services.proposal_decide(
            proposal=second,
            actor=officers["desa"],
            decision="merge",
            reason="Sama.",
            merge_into=second,
        )
    merged = services.proposal_decide(
        proposal=second,
        actor=officers["desa"],
        decision="merge",
        reason="Sama dengan usulan drainase.",
        merge_into=first,
    )
    assert merged.status == ProposalStatus.MERGED and merged.merged_into_id == first.pk
    first.refresh_from_db()
    # the supporter and the merged proposal's author now count for the first one
    assert set(
        ProposalSupport.objects.filter(proposal=first).values_list("user_id", flat=True)
    ) == {
        supporter.pk,
        neighbour.pk,
    }
    assert first.support_count == 2
    assert "USL-" in outbox[-1].body and first.public_id in outbox[-1].body


def test_bad_input_is_refused_field_by_field(citizen: Any, musrenbang: Any) -> None:
    with pytest.raises(BalaiError) as caught:
        submit(
            citizen,
            musrenbang,
            title="",
            problem="",
            sector="space",
            region_code="99.99",
            estimated_cost="-5",
            lat="abc",
            lon="1",
        )
    fields = set(caught.value.field_errors)
    assert {
        "title",
        "problem",
        "sector",
        "region_code",
        "estimated_cost",
        "location",
    } <= fields
    for cost in ("1,5e3", "0", "NaN", "12.5x", "99999999999999999"):
        with pytest.raises(BalaiError):
            submit(citizen, musrenbang, estimated_cost=cost)
    with pytest.raises(BalaiError) as caught:
        submit(citizen, musrenbang, kind="group", group_name="")
    assert "group_name" in caught.value.field_errors
    with pytest.raises(BalaiError) as caught:
        submit(citizen, musrenbang, lat=None, lon=None, address="")
    assert "location" in caught.value.field_errors
    with pytest.raises(BalaiError):
        submit(
            citizen, musrenbang, photos=[SimpleUploadedFile("x.jpg", b"not an image")]
        )
    assert not Proposal.objects.exists()
    musrenbang.is_open = False
    musrenbang.save()
    with pytest.raises(Conflict):
        submit(citizen, musrenbang)


def test_photos_are_re_encoded_without_metadata(citizen: Any, musrenbang: Any) -> None:
    proposal = submit(citizen, musrenbang, photos=[_jpeg_with_exif()])
    photo = proposal.photos.get()
    with photo.file.open("rb") as handle:
        data = handle.read()
    assert b"KameraRahasia" not in data
    assert Image.open(io.BytesIO(data)).format == "JPEG"
    assert photo.file.storage.__class__.__name__ == "PrivateFileStorage"


def test_policies_by_role(
    citizen: Any, musrenbang: Any, officers: dict[str, Any], offices: dict[str, Any]
) -> None:
    proposal = submit(citizen, musrenbang)
    # staff do not file proposals; citizens do not review
    with pytest.raises(PermissionDenied):
        submit(officers["desa"], musrenbang)
    with pytest.raises(PermissionDenied):
        services.proposal_decide(proposal=proposal, actor=citizen, decision="forward")
    assert policies.levels_of(citizen) == []
    assert policies.levels_of(officers["desa"]) == ["desa"]
    assert policies.levels_of(officers["kecamatan"]) == ["kecamatan"]
    assert policies.levels_of(officers["kabupaten"]) == ["kabupaten"]
    # an officer without a passed second factor reviews nothing
    unverified = StaffFactory(agency=offices["desa"], roles=[Role.OFFICER])
    assert policies.levels_of(unverified) == []
    with pytest.raises(PermissionDenied):
        services.proposal_decide(
            proposal=proposal, actor=unverified, decision="forward"
        )
    # at the regency level an agency reviews what is addressed to it; planning all
    services.proposal_decide(
        proposal=proposal, actor=officers["desa"], decision="forward"
    )
    proposal = services.proposal_decide(
        proposal=proposal, actor=officers["kecamatan"], decision="forward"
    )
    assert not policies.can_review(officers["pu"], proposal)
    proposal.agency = offices["pu"]
    proposal.save()
    assert policies.can_review(officers["pu"], proposal)
    assert policies.can_review(officers["kabupaten"], proposal)
    # admins act at every level; only planners manage rounds and link budgets
    admin = verified(StaffFactory(agency=offices["bappeda"], roles=[Role.SYSTEM_ADMIN]))
    assert policies.levels_of(admin) == ["desa", "kecamatan", "kabupaten"]
    assert policies.can_manage_rounds(officers["kabupaten"])
    assert not policies.can_manage_rounds(officers["desa"])
    assert not policies.can_link_budget(officers["pu"])
    keeper = verified(StaffFactory(agency=offices["pu"], roles=[Role.FINANCE_OFFICER]))
    assert policies.can_link_budget(keeper)
    # only verified citizens vote
    assert policies.can_vote(citizen)
    unconfirmed = verified_citizen()
    unconfirmed.email_verified_at = None
    assert not policies.can_vote(unconfirmed)
    assert not policies.can_vote(officers["desa"])
