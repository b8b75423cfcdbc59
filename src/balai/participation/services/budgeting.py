# SPDX-License-Identifier: EUPL-1.2
"""Every write of Musrenbang and participatory budgeting.

Proposals are filed by citizens (for themselves, a community group or a village),
supported once per account, and decided level by level through the table in
``budgeting_states``; each decision is a public timeline entry, an audit entry and a
message to the proposer (after commit). Budgeting rounds hold a vote under a ceiling;
a ballot is checked against the round's rules before it is stored, and the database
keeps one ballot per account even under concurrent requests.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from PIL import Image

from balai.core import images
from balai.core.errors import BalaiError, Conflict, NotFound
from balai.core.geo import validate_point
from balai.core.links import public_reverse
from balai.core.uploads import check_upload
from balai.notifications.services import user_notify
from balai.participation import budgeting_policies as policies
from balai.participation import budgeting_states as states
from balai.participation.models.budgeting import (
    BudgetBallot,
    BudgetBallotChoice,
    BudgetRound,
    BudgetRoundStatus,
    MusrenbangRound,
    Proposal,
    ProposalDecision,
    ProposalKind,
    ProposalLevel,
    ProposalPhoto,
    ProposalStatus,
    ProposalSupport,
    Sector,
)
from balai.security import audit

logger = logging.getLogger(__name__)

ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PUBLIC_ID_PREFIX = "USL-"
MAX_PHOTOS = 3
MAX_TITLE = 200
MAX_PROBLEM = 4000
MAX_COST = Decimal("1000000000000")  # Rp 1 trillion: beyond any village proposal
PHOTO_MAX_SIDE = 1600
PHOTO_MAX_BYTES = 10 * 1024 * 1024
DECIDED = "musrenbang_decision"
RECEIVED = "musrenbang_received"


def new_public_id() -> str:
    return PUBLIC_ID_PREFIX + "".join(secrets.choice(ID_ALPHABET) for _ in range(8))


_WHOLE_RUPIAH = re.compile(r"[0-9]{1,3}([.,][0-9]{3})+|[0-9]+")


def _amount(value: Any, *, field: str, errors: dict[str, list[str]]) -> Decimal:
    """Whole rupiah: an int, a Decimal or text of digits with optional thousands
    separators (``150.000.000``); anything else is a field error."""
    if isinstance(value, bool):
        value = None
    if isinstance(value, int | Decimal):
        text = str(value)
    else:
        text = str(value or "").strip().removeprefix("Rp").strip()
    if not _WHOLE_RUPIAH.fullmatch(text):
        errors[field] = [_("Give the amount in whole rupiah.")]
        return Decimal(0)
    try:
        amount = Decimal(text.replace(".", "").replace(",", ""))
    except InvalidOperation:
        errors[field] = [_("Give the amount in whole rupiah.")]
        return Decimal(0)
    if amount <= 0 or amount > MAX_COST:
        errors[field] = [_("The amount must be more than zero and realistic.")]
    return amount


def _clean_photo(upload: Any) -> tuple[bytes, int, int]:
    """A fresh JPEG without metadata (no GPS, no camera serial), as reports do."""
    import io

    check_upload(
        upload,
        allowed=("jpeg", "png", "webp"),
        max_bytes=PHOTO_MAX_BYTES,
        field="photos",
    )
    clean: Image.Image = images.decode(
        upload, max_side=PHOTO_MAX_SIDE, field="photos", code="invalid_photo"
    )
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue(), clean.width, clean.height


def proposal_submit(
    *,
    actor: Any,
    musrenbang: MusrenbangRound,
    title: str,
    problem: str,
    sector: str,
    region_code: str,
    estimated_cost: Any,
    lat: Any = None,
    lon: Any = None,
    address: str = "",
    kind: str = ProposalKind.CITIZEN,
    group_name: str = "",
    agency: Any = None,
    photos: Sequence[Any] = (),
) -> Proposal:
    """File a proposal at the village level; the proposer gets its number.

    BalaiError with field errors (``title``, ``problem``, ``sector``,
    ``region_code``, ``estimated_cost``, ``location``, ``group_name``, ``photos``).
    """
    from balai.regions.selectors import region_get

    policies.ensure_can_propose(actor)
    if not musrenbang.is_open:
        raise Conflict(
            _("This Musrenbang round no longer takes proposals."), code="round_closed"
        )
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    problem = (problem or "").replace("\r\n", "\n").strip()
    if not title:
        errors["title"] = [_("Give the proposal a title.")]
    elif len(title) > MAX_TITLE:
        errors["title"] = [_("The title is too long.")]
    if not problem:
        errors["problem"] = [_("Describe the problem the proposal solves.")]
    elif len(problem) > MAX_PROBLEM:
        errors["problem"] = [_("The description is too long.")]
    if sector not in Sector.values:
        errors["sector"] = [_("Choose a sector.")]
    if kind not in ProposalKind.values:
        errors["kind"] = [_("Choose who proposes.")]
    group_name = (group_name or "").strip()[:200]
    if kind in (ProposalKind.GROUP, ProposalKind.VILLAGE) and not group_name:
        errors["group_name"] = [_("Name the group or village that proposes.")]
    region_code = (region_code or "").strip()
    if not region_code or region_get(region_code) is None:
        errors["region_code"] = [_("Choose the village or kelurahan of the proposal.")]
    cost = _amount(estimated_cost, field="estimated_cost", errors=errors)
    point = None
    try:
        point = validate_point(lat, lon)
    except ValueError:
        errors["location"] = [_("The point on the map is not valid.")]
    address = (address or "").strip()
    if len(address) > 300:
        errors["address"] = [_("The place description is too long.")]
    if point is None and not address and "location" not in errors:
        errors["location"] = [_("Place the proposal on the map or describe the place.")]
    photos = [p for p in (photos or ()) if p]
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = [_("At most %(max)d photos.") % {"max": MAX_PHOTOS}]
    if errors:
        first = next(iter(errors.values()))[0]
        raise BalaiError(first, code="invalid_proposal", field_errors=errors)
    cleaned = [_clean_photo(photo) for photo in photos]
    lat_f, lon_f = point if point else (None, None)
    with transaction.atomic():
        proposal = Proposal(
            round=musrenbang,
            title=title,
            problem=problem,
            kind=kind,
            group_name=group_name if kind != ProposalKind.CITIZEN else "",
            proposer=actor,
            lat=lat_f,
            lon=lon_f,
            address=address,
            region_code=region_code,
            sector=sector,
            agency=agency,
            estimated_cost=cost,
        )
        for _attempt in range(5):
            proposal.public_id = new_public_id()
            if not Proposal.objects.filter(public_id=proposal.public_id).exists():
                break
        proposal.full_clean()
        proposal.save(force_insert=True)
        for position, (content, width, height) in enumerate(cleaned):
            photo = ProposalPhoto(
                proposal=proposal, width=width, height=height, position=position
            )
            photo.file.save("photo.jpg", ContentFile(content), save=False)
            photo.save(force_insert=True)
        ProposalDecision.objects.create(
            proposal=proposal,
            action="submit",
            level=ProposalLevel.DESA,
            status_to=proposal.status,
            actor=actor,
        )
        audit.record(
            actor=actor,
            action="proposal.submit",
            target=proposal,
            changes=["title", "problem", "location", "estimated_cost"]
            + (["photos"] if cleaned else []),
        )
        user_notify(
            user_id=str(actor.pk), template=RECEIVED, context=proposal_context(proposal)
        )
    return proposal


def proposal_context(proposal: Proposal, *, reason: str = "") -> dict[str, Any]:
    """What a message about a proposal may say (JSON-safe, no personal data)."""
    return {
        "public_id": proposal.public_id,
        "title": proposal.title,
        "status": proposal.status,
        "status_label_id": _label_in(proposal.status, "id"),
        "status_label_en": _label_in(proposal.status, "en"),
        "reason": reason,
        "link": public_reverse(
            "participation:musrenbang-detail", public_id=proposal.public_id
        ),
    }


def _label_in(status: str, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return str(ProposalStatus(status).label)


@transaction.atomic
def proposal_support(*, proposal: Proposal, actor: Any) -> bool:
    """Add ``actor``'s support (once); True when it was new."""
    policies.ensure_can_support(actor)
    if proposal.status not in states.LEVEL_OF:
        raise Conflict(
            _("Only proposals under review can be supported."), code="not_supportable"
        )
    try:
        with transaction.atomic():
            ProposalSupport.objects.create(proposal=proposal, user=actor)
    except IntegrityError:
        return False
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
    proposal.refresh_from_db(fields=["support_count"])
    audit.record(actor=actor, action="proposal.support", target=proposal)
    return True


@transaction.atomic
def proposal_decide(
    *,
    proposal: Proposal,
    actor: Any,
    decision: str,
    reason: str = "",
    merge_into: Proposal | None = None,
) -> Proposal:
    """Take one decision (forward/accept, merge, defer, reject, reopen) at the
    proposal's level; the proposer is told after commit."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    policies.ensure_can_review(actor, proposal)
    if decision not in states.DECISIONS:
        raise BalaiError(_("Unknown decision."), code="invalid_decision")
    action = states.machine_action(decision, proposal.status, proposal.level)
    move = states.MACHINE.move_for(action, proposal.status)
    reason = (reason or "").strip()
    if move.reason_required and not reason:
        message = _("Give the reason for this decision.")
        raise BalaiError(
            message, code="reason_required", field_errors={"reason": [message]}
        )
    if len(reason) > 2000:
        message = _("The reason is too long.")
        raise BalaiError(
            message, code="invalid_reason", field_errors={"reason": [message]}
        )
    if decision == states.MERGE:
        merge_into = _merge_target(proposal, merge_into)
    status_from = proposal.status
    proposal.status = str(move.target)
    if proposal.status in states.LEVEL_OF:
        proposal.level = states.LEVEL_OF[proposal.status]
    proposal.reason = reason
    fields = ["status", "level", "reason", "updated_at"]
    if merge_into is not None:
        proposal.merged_into = merge_into
        fields.append("merged_into")
    proposal.full_clean()
    proposal.save(update_fields=fields)
    ProposalDecision.objects.create(
        proposal=proposal,
        action=action,
        level=states.LEVEL_OF.get(status_from, proposal.level),
        status_from=status_from,
        status_to=proposal.status,
        reason=reason,
        actor=actor,
    )
    if merge_into is not None:
        _move_supports(proposal, merge_into)
    audit.record(
        actor=actor,
        action=f"proposal.{decision}",
        target=proposal,
        changes=fields[:-1],
    )
    if proposal.proposer_id is not None:
        context = proposal_context(proposal, reason=reason)
        if merge_into is not None:
            context["merged_into"] = merge_into.public_id
        user_notify(
            user_id=str(proposal.proposer_id), template=DECIDED, context=context
        )
    return proposal


def _merge_target(proposal: Proposal, target: Proposal | None) -> Proposal:
    if target is None:
        message = _("Choose the proposal to merge into.")
        raise BalaiError(
            message,
            code="merge_target_required",
            field_errors={"merge_into": [message]},
        )
    target = Proposal.objects.select_for_update().get(pk=target.pk)
    if target.pk == proposal.pk or target.round_id != proposal.round_id:
        message = _("A proposal merges into another proposal of the same round.")
        raise BalaiError(
            message, code="invalid_merge_target", field_errors={"merge_into": [message]}
        )
    if target.status not in states.LEVEL_OF:
        message = _("The proposal to merge into is no longer under review.")
        raise Conflict(message, code="invalid_merge_target")
    return target


def _move_supports(source: Proposal, target: Proposal) -> None:
    """The supports of a merged proposal count for the one it went into (once per
    account); the photos stay with the source, whose page links to the target."""
    have = set(
        ProposalSupport.objects.filter(proposal=target).values_list(
            "user_id", flat=True
        )
    )
    supporters = [
        uid
        for uid in ProposalSupport.objects.filter(proposal=source).values_list(
            "user_id", flat=True
        )
        if uid not in have
    ]
    if (
        source.proposer_id
        and source.proposer_id not in have
        and source.proposer_id != target.proposer_id
        and source.proposer_id not in supporters
    ):
        supporters.append(source.proposer_id)
    ProposalSupport.objects.bulk_create(
        [ProposalSupport(proposal=target, user_id=uid) for uid in supporters]
    )
    count = ProposalSupport.objects.filter(proposal=target).count()
    Proposal.objects.filter(pk=target.pk).update(support_count=count)


@transaction.atomic
def proposal_link_budget(
    *, proposal: Proposal, actor: Any, budget_item_id: Any, year: int
) -> Proposal:
    """Tie an accepted proposal to the finance budget item that carries it."""
    from balai.finance.selectors import item_get

    policies.ensure_can_link_budget(actor)
    if proposal.status != ProposalStatus.ACCEPTED:
        raise Conflict(
            _("Only accepted proposals are linked to the budget."), code="not_accepted"
        )
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        message = _("Give the fiscal year.")
        raise BalaiError(message, code="invalid_year", field_errors={"year": [message]})
    try:
        item = item_get(budget_item_id)
    except Exception:  # a malformed id is a bad request, not a server error
        item = None
    if item is None:
        message = _("There is no budget item with this id.")
        raise NotFound(
            message, code="unknown_budget_item", field_errors={"budget_item": [message]}
        )
    proposal.budget_item = item
    proposal.budget_year = year
    proposal.save(update_fields=["budget_item", "budget_year", "updated_at"])
    audit.record(
        actor=actor,
        action="proposal.link_budget",
        target=proposal,
        changes=["budget_item", "budget_year"],
    )
    return proposal


# --- participatory budgeting ---------------------------------------------------------


@transaction.atomic
def budget_round_create(
    *,
    actor: Any,
    musrenbang: MusrenbangRound,
    title: str,
    region_code: str,
    ceiling: Any,
    max_projects: int,
    projects: Iterable[Proposal],
) -> BudgetRound:
    """Prepare a vote (draft) among ``projects`` of the Musrenbang round."""
    policies.ensure_can_manage_rounds(actor)
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Give the round a title.")]
    amount = _amount(ceiling, field="ceiling", errors=errors)
    try:
        max_projects = int(max_projects)
    except (TypeError, ValueError):
        max_projects = 0
    if not 1 <= max_projects <= 50:
        errors["max_projects"] = [_("Between 1 and 50 projects per voter.")]
    chosen = list(projects)
    if any(p.round_id != musrenbang.pk for p in chosen):
        errors["projects"] = [_("Projects must come from this Musrenbang round.")]
    if errors:
        raise BalaiError(
            next(iter(errors.values()))[0], code="invalid_round", field_errors=errors
        )
    budget_round = BudgetRound(
        musrenbang=musrenbang,
        title=title[:200],
        region_code=(region_code or "").strip()[:13],
        ceiling=amount,
        max_projects=max_projects,
    )
    budget_round.full_clean()
    budget_round.save(force_insert=True)
    budget_round.projects.set(chosen)
    audit.record(actor=actor, action="budget_round.create", target=budget_round)
    return budget_round


_ROUND_MOVES = {
    "open": ({BudgetRoundStatus.DRAFT}, BudgetRoundStatus.VOTING),
    "close": ({BudgetRoundStatus.VOTING}, BudgetRoundStatus.CLOSED),
}


@transaction.atomic
def budget_round_move(
    *, budget_round: BudgetRound, actor: Any, action: str
) -> BudgetRound:
    """Open the vote (``open``) or close it (``close``)."""
    policies.ensure_can_manage_rounds(actor)
    budget_round = BudgetRound.objects.select_for_update().get(pk=budget_round.pk)
    sources, target = _ROUND_MOVES.get(action, (set(), None))
    if target is None or budget_round.status not in sources:
        raise Conflict(
            _("This step is not possible for the round now."), code="invalid_transition"
        )
    if action == "open" and not budget_round.projects.exists():
        raise Conflict(_("The round has no projects to vote on."), code="no_projects")
    budget_round.status = target
    fields = ["status", "updated_at"]
    if target == BudgetRoundStatus.CLOSED:
        budget_round.closed_at = timezone.now()
        fields.append("closed_at")
    budget_round.save(update_fields=fields)
    audit.record(actor=actor, action=f"budget_round.{action}", target=budget_round)
    return budget_round


def ballot_cast(
    *, budget_round: BudgetRound, voter: Any, proposal_ids: Sequence[Any]
) -> BudgetBallot:
    """Store one verified account's ballot after checking the round's rules:
    at least one and at most ``max_projects`` projects of this round, their total
    cost within the ceiling. A second ballot of the same account is refused
    (Conflict ``already_voted``), also when two arrive at once."""
    policies.ensure_can_vote(voter)
    try:
        with transaction.atomic():
            return _cast(
                budget_round=budget_round, voter=voter, proposal_ids=proposal_ids
            )
    except IntegrityError as exc:
        raise Conflict(
            _("You have already voted in this round."), code="already_voted"
        ) from exc


def _cast(
    *, budget_round: BudgetRound, voter: Any, proposal_ids: Sequence[Any]
) -> BudgetBallot:
    budget_round = BudgetRound.objects.get(pk=budget_round.pk)
    if budget_round.status != BudgetRoundStatus.VOTING:
        raise Conflict(_("Voting in this round is not open."), code="voting_closed")
    if BudgetBallot.objects.filter(round=budget_round, voter=voter).exists():
        raise Conflict(_("You have already voted in this round."), code="already_voted")
    wanted = {str(pk) for pk in proposal_ids if pk}
    projects = {str(p.pk): p for p in budget_round.projects.all()}
    if not wanted:
        message = _("Choose at least one project.")
        raise BalaiError(
            message, code="empty_ballot", field_errors={"projects": [message]}
        )
    if not wanted <= set(projects):
        message = _("Only the projects of this round can be chosen.")
        raise BalaiError(
            message, code="unknown_project", field_errors={"projects": [message]}
        )
    if len(wanted) > budget_round.max_projects:
        message = _("Choose at most %(max)d projects.") % {
            "max": budget_round.max_projects
        }
        raise BalaiError(
            message, code="too_many_projects", field_errors={"projects": [message]}
        )
    total = sum((projects[pk].estimated_cost for pk in wanted), Decimal(0))
    if total > budget_round.ceiling:
        message = _(
            "The projects you chose cost Rp %(total)s together, more than the "
            "ceiling of Rp %(ceiling)s."
        ) % {
            "total": f"{total:,.0f}".replace(",", "."),
            "ceiling": f"{budget_round.ceiling:,.0f}".replace(",", "."),
        }
        raise BalaiError(
            message, code="over_ceiling", field_errors={"projects": [message]}
        )
    ballot = BudgetBallot.objects.create(
        round=budget_round, voter=voter, total_cost=total
    )
    BudgetBallotChoice.objects.bulk_create(
        [
            BudgetBallotChoice(ballot=ballot, proposal=projects[pk])
            for pk in sorted(wanted)
        ]
    )
    audit.record(actor=voter, action="ballot.cast", target=budget_round)
    return ballot


def musrenbang_round_create(
    *, actor: Any, title: str, fiscal_year: int, region_code: str = ""
) -> MusrenbangRound:
    """Open a Musrenbang round (planning staff)."""
    policies.ensure_can_manage_rounds(actor)
    musrenbang = MusrenbangRound(
        title=(title or "").strip()[:200],
        fiscal_year=fiscal_year,
        region_code=region_code,
    )
    musrenbang.full_clean()
    musrenbang.save(force_insert=True)
    audit.record(actor=actor, action="musrenbang.create", target=musrenbang)
    return musrenbang
