# SPDX-License-Identifier: EUPL-1.2
"""Every write on consultations: drafts, schedule, comments, moderation, offline
input, the response matrix and closing.

Each service checks the policy, runs in a transaction, writes an audit entry for
officer actions (and citizens' submissions), and leaves messages and domain events to
after the commit. Closing is refused while any submission is unanswered: the third
right of UU 13/2022 Pasal 96 (an explanation for every opinion given).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, Conflict
from balai.core.links import public_reverse
from balai.core.uploads import clean_upload
from balai.notifications.services import user_notify
from balai.participation import consultations_policies as policies
from balai.participation import events
from balai.participation.consultations_constants import (
    NEEDS_FINAL_SECTION,
    OFFLINE_CHANNELS,
    AppealStatus,
    Channel,
    ConsultationStatus,
    Decision,
    DraftKind,
    ErrorCode,
    Moderation,
    Phase,
)
from balai.participation.models import (
    Comment,
    CommentSupport,
    Consultation,
    Draft,
    DraftAttachment,
    DraftSection,
    Organisation,
    Response,
)
from balai.security import audit

MAX_TEXT = 5000
ANSWERED_TEMPLATE = "consultation_answered"


def _required(value: str, field: str, message: str, code: str) -> str:
    value = (value or "").strip()
    if not value:
        raise BalaiError(message, code=code, field_errors={field: [message]})
    return value


def _cleaned_file(file: IO[bytes], field: str) -> tuple[ContentFile[bytes], str]:
    cleaned = clean_upload(file, allowed=("pdf", "jpeg", "png"), field=field)
    return ContentFile(
        cleaned.content, name=f"upload.{cleaned.extension}"
    ), cleaned.mime


def _locked(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _ensure_not_closed(consultation: Consultation) -> None:
    if consultation.status == ConsultationStatus.CLOSED:
        raise Conflict(_("This consultation is closed."), code=ErrorCode.CLOSED)


# --- drafts and schedule -----------------------------------------------------------


@transaction.atomic
def draft_create(
    *,
    actor: Any,
    title: str,
    kind: str,
    sections: Sequence[tuple[str, str]],
    summary: str = "",
    academic_paper: IO[bytes] | None = None,
) -> Draft:
    """A draft of the officer's own agency with its sections in order (and the
    academic paper, cleaned and stored privately)."""
    policies.ensure_can_manage_consultation(actor)
    title = _required(title, "title", _("Give the draft a title."), "title_required")
    if kind not in DraftKind.values:
        message = _("Choose the kind of draft.")
        raise BalaiError(message, code="invalid_kind", field_errors={"kind": [message]})
    if not sections:
        message = _("A draft needs at least one section.")
        raise BalaiError(message, code=ErrorCode.TEXT_REQUIRED)
    draft = Draft(
        title=title[:300],
        kind=kind,
        agency_id=actor.agency_id,
        summary=(summary or "").strip(),
        created_by=actor,
    )
    if academic_paper is not None:
        content, _mime = _cleaned_file(academic_paper, "academic_paper")
        draft.academic_paper.save(content.name or "paper.pdf", content, save=False)
    draft.full_clean()
    draft.save()
    for position, (heading, text) in enumerate(sections, start=1):
        heading = _required(
            heading, "sections", _("Every section needs a heading."), "text_required"
        )
        text = _required(
            text, "sections", _("Every section needs its text."), "text_required"
        )
        DraftSection.objects.create(
            draft=draft, position=position, heading=heading[:200], text=text
        )
    audit.record(actor=actor, action="participation.draft_create", target=draft)
    return draft


@transaction.atomic
def draft_attachment_add(
    *, actor: Any, draft: Draft, title: str, file: IO[bytes]
) -> DraftAttachment:
    """Attach a supporting document to a draft (cleaned, private storage)."""
    policies.ensure_can_manage_consultation(actor, draft)
    title = _required(title, "title", _("Give the document a title."), "title_required")
    content, mime = _cleaned_file(file, "file")
    attachment = DraftAttachment(
        draft=draft, title=title[:200], mime=mime, size=len(content)
    )
    attachment.file.save(content.name or "file", content, save=False)
    attachment.save()
    audit.record(actor=actor, action="participation.draft_attach", target=attachment)
    return attachment


@transaction.atomic
def consultation_publish(
    *,
    actor: Any,
    draft: Draft,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    outcome_due: dt.date | None = None,
) -> Consultation:
    """Announce a consultation on ``draft`` now, open for input between the dates."""
    policies.ensure_can_manage_consultation(actor, draft)
    if opens_at is None or closes_at is None or opens_at >= closes_at:
        message = _("The consultation must open before it closes.")
        raise BalaiError(
            message, code=ErrorCode.INVALID_DATES, field_errors={"closes_at": [message]}
        )
    consultation = Consultation.objects.create(
        draft=draft, opens_at=opens_at, closes_at=closes_at, outcome_due=outcome_due
    )
    audit.record(
        actor=actor, action="participation.consultation_publish", target=consultation
    )
    return consultation


# --- comments --------------------------------------------------------------------


def _emit_submitted(comment: Comment, consultation: Consultation) -> None:
    transaction.on_commit(
        partial(
            events.comment_submitted.send,
            sender=Comment,
            comment_id=str(comment.pk),
            consultation_id=str(consultation.pk),
            text=comment.text,
            agency_code=consultation.draft.agency.code,
            submitted_at=comment.created_at,
        )
    )


def _check_target(
    consultation: Consultation, section: DraftSection | None, parent: Comment | None
) -> None:
    if section is not None and section.draft_id != consultation.draft_id:
        message = _("This section belongs to another draft.")
        raise BalaiError(
            message,
            code=ErrorCode.INVALID_SECTION,
            field_errors={"section": [message]},
        )
    if parent is not None and (
        parent.consultation_id != consultation.pk or parent.is_hidden
    ):
        raise BalaiError(
            _("You cannot reply to this comment."), code=ErrorCode.INVALID_PARENT
        )


@transaction.atomic
def comment_submit(
    *,
    actor: Any,
    consultation: Consultation,
    text: str,
    section: DraftSection | None = None,
    parent: Comment | None = None,
    organisation: Organisation | None = None,
    attachment: IO[bytes] | None = None,
) -> Comment:
    """A verified citizen comments on the draft, a section, or replies to a comment,
    while the consultation is open; optionally for an organisation they belong to."""
    policies.ensure_can_participate(actor)
    if consultation.phase != Phase.OPEN:
        raise Conflict(
            _("This consultation is not open for input."), code=ErrorCode.NOT_OPEN
        )
    text = _required(text, "text", _("Write your comment."), ErrorCode.TEXT_REQUIRED)
    _check_target(consultation, section, parent)
    if parent is not None:
        section = parent.section
    if (
        organisation is not None
        and not organisation.members.filter(pk=actor.pk).exists()
    ):
        message = _("You are not a member of this organisation.")
        raise BalaiError(
            message,
            code=ErrorCode.INVALID_ORGANISATION,
            field_errors={"organisation": [message]},
        )
    comment = Comment(
        consultation=consultation,
        section=section,
        parent=parent,
        author=actor,
        organisation=organisation,
        text=text[:MAX_TEXT],
    )
    if attachment is not None:
        content, comment.attachment_mime = _cleaned_file(attachment, "attachment")
        comment.attachment.save(content.name or "file", content, save=False)
    comment.save()
    audit.record(actor=actor, action="participation.comment_submit", target=comment)
    _emit_submitted(comment, consultation)
    return comment


@transaction.atomic
def offline_input_add(
    *,
    actor: Any,
    consultation: Consultation,
    channel: str,
    source: str,
    text: str,
    section: DraftSection | None = None,
) -> Comment:
    """An officer enters input received at a hearing, by letter or otherwise, with
    its source, so the response matrix covers every channel."""
    policies.ensure_can_manage_consultation(actor, consultation)
    _ensure_not_closed(_locked(consultation))
    if channel not in OFFLINE_CHANNELS:
        message = _("Choose how the input was received.")
        raise BalaiError(
            message, code="invalid_channel", field_errors={"channel": [message]}
        )
    source = _required(
        source,
        "source",
        _("Say where the input came from (who, which hearing or letter)."),
        ErrorCode.SOURCE_REQUIRED,
    )
    text = _required(text, "text", _("Write the input."), ErrorCode.TEXT_REQUIRED)
    _check_target(consultation, section, None)
    comment = Comment.objects.create(
        consultation=consultation,
        section=section,
        channel=channel,
        source=source[:300],
        entered_by=actor,
        text=text[:MAX_TEXT],
    )
    audit.record(actor=actor, action="participation.offline_input", target=comment)
    _emit_submitted(comment, consultation)
    return comment


@transaction.atomic
def comment_support(*, actor: Any, comment: Comment) -> bool:
    """ "Saya setuju": the actor supports a visible comment of someone else once;
    True when newly counted."""
    policies.ensure_can_participate(actor)
    if comment.is_hidden:
        raise BalaiError(_("This comment is hidden."), code=ErrorCode.INVALID_PARENT)
    if comment.author_id == actor.pk:
        raise BalaiError(
            _("You cannot support your own comment."), code=ErrorCode.OWN_COMMENT
        )
    try:
        with transaction.atomic():
            CommentSupport.objects.create(comment=comment, user=actor)
    except IntegrityError:
        return False
    return True


# --- moderation ------------------------------------------------------------------


@transaction.atomic
def comment_hide(*, actor: Any, comment: Comment, reason: str) -> Comment:
    """An officer hides a comment with a reason the author sees and may appeal."""
    policies.ensure_can_manage_consultation(actor, comment.consultation)
    reason = _required(
        reason, "reason", _("Give the reason for hiding."), ErrorCode.REASON_REQUIRED
    )
    comment.moderation = Moderation.HIDDEN
    comment.moderation_reason = reason[:500]
    comment.appeal_status = AppealStatus.NONE
    comment.save(
        update_fields=["moderation", "moderation_reason", "appeal_status", "updated_at"]
    )
    audit.record(actor=actor, action="participation.comment_hide", target=comment)
    return comment


@transaction.atomic
def comment_appeal(*, actor: Any, comment: Comment, text: str) -> Comment:
    """The author of a hidden comment appeals once against the hiding."""
    policies.ensure_can_participate(actor)
    if (
        comment.author_id != actor.pk
        or not comment.is_hidden
        or comment.appeal_status != AppealStatus.NONE
    ):
        raise BalaiError(
            _("This comment cannot be appealed."), code=ErrorCode.INVALID_APPEAL
        )
    comment.appeal_text = _required(
        text, "text", _("Say why the comment should be restored."), "text_required"
    )[:MAX_TEXT]
    comment.appeal_status = AppealStatus.PENDING
    comment.save(update_fields=["appeal_text", "appeal_status", "updated_at"])
    audit.record(actor=actor, action="participation.comment_appeal", target=comment)
    return comment


@transaction.atomic
def appeal_decide(
    *, actor: Any, comment: Comment, restore: bool, answer: str
) -> Comment:
    """An officer decides a pending appeal: restore the comment or uphold the hiding,
    with an answer the author sees."""
    policies.ensure_can_manage_consultation(actor, comment.consultation)
    if comment.appeal_status != AppealStatus.PENDING:
        raise BalaiError(_("No appeal is pending."), code=ErrorCode.INVALID_APPEAL)
    comment.appeal_answer = _required(
        answer, "answer", _("Explain the decision."), ErrorCode.REASON_REQUIRED
    )[:500]
    comment.appeal_status = AppealStatus.REVERSED if restore else AppealStatus.UPHELD
    if restore:
        comment.moderation = Moderation.VISIBLE
    comment.save(
        update_fields=["appeal_answer", "appeal_status", "moderation", "updated_at"]
    )
    audit.record(actor=actor, action="participation.appeal_decide", target=comment)
    return comment


# --- response matrix and closing ---------------------------------------------------


def submissions_of(consultation: Consultation) -> Any:
    """The rows of the response matrix: top-level comments not hidden."""
    return consultation.comments.filter(parent__isnull=True).exclude(
        moderation=Moderation.HIDDEN
    )


@transaction.atomic
def response_record(
    *,
    actor: Any,
    comment: Comment,
    decision: str,
    reason: str,
    final_section: str = "",
) -> Response:
    """Answer a submission (or change the answer) before the consultation closes;
    the commenter is told after commit."""
    policies.ensure_can_manage_consultation(actor, comment.consultation)
    consultation = _locked(comment.consultation)  # fresh, and no close meanwhile
    _ensure_not_closed(consultation)
    if not comment.is_submission or comment.is_hidden:
        raise BalaiError(
            _("Only submissions are answered."), code=ErrorCode.NOT_A_SUBMISSION
        )
    if decision not in Decision.values:
        message = _("Choose a decision.")
        raise BalaiError(
            message,
            code=ErrorCode.INVALID_DECISION,
            field_errors={"decision": [message]},
        )
    reason = _required(
        reason, "reason", _("Give the reason for the decision."), "reason_required"
    )
    final_section = (final_section or "").strip()
    if decision in NEEDS_FINAL_SECTION and not final_section:
        message = _("Say where in the final text the input went.")
        raise BalaiError(
            message,
            code=ErrorCode.FINAL_SECTION_REQUIRED,
            field_errors={"final_section": [message]},
        )
    response, _created = Response.objects.update_or_create(
        comment=comment,
        defaults={
            "decision": decision,
            "reason": reason[:MAX_TEXT],
            "final_section": final_section[:200],
            "answered_by": actor,
        },
    )
    audit.record(
        actor=actor,
        action="participation.response_record",
        target=response,
        changes=["decision", "reason", "final_section"],
    )
    if comment.author_id is not None:
        user_notify(
            user_id=str(comment.author_id),
            template=ANSWERED_TEMPLATE,
            context={
                "title": consultation.draft.title,
                "decision": decision,
                "reason": response.reason,
                "final_section": response.final_section,
                "link": public_reverse(
                    "participation:consultation-detail", pk=str(consultation.pk)
                ),
            },
        )
    return response


@transaction.atomic
def consultation_close(
    *, actor: Any, consultation: Consultation, outcome: str
) -> Consultation:
    """Close a consultation after its input period with a published outcome; refused
    while any submission is unanswered."""
    policies.ensure_can_manage_consultation(actor, consultation)
    consultation = _locked(consultation)
    _ensure_not_closed(consultation)
    if consultation.phase == Phase.OPEN or consultation.phase == Phase.ANNOUNCEMENT:
        raise Conflict(
            _("The consultation is still before or in its input period."),
            code=ErrorCode.NOT_OPEN,
        )
    unanswered = submissions_of(consultation).filter(response__isnull=True).count()
    if unanswered:
        raise Conflict(
            _(
                "%(count)d submission(s) have no official answer yet; answer every "
                "submission before closing."
            )
            % {"count": unanswered},
            code=ErrorCode.UNANSWERED,
            unanswered=unanswered,
        )
    consultation.outcome = _required(
        outcome, "outcome", _("Describe the outcome."), ErrorCode.TEXT_REQUIRED
    )
    consultation.status = ConsultationStatus.CLOSED
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["outcome", "status", "closed_at", "updated_at"])
    audit.record(
        actor=actor, action="participation.consultation_close", target=consultation
    )
    return consultation


def channel_label(value: str) -> str:
    return str(Channel(value).label) if value in Channel.values else value
