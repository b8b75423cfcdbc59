# SPDX-License-Identifier: EUPL-1.2
"""Choices and error codes of consultations and opinion mapping."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class DraftKind(models.TextChoices):
    RAPERDA = "raperda", _("Draft regional regulation (Raperda)")
    PERKADA = "perkada", _("Draft regional head regulation (Perkada)")
    POLICY = "policy", _("Draft policy")


class ConsultationStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class Phase(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Announcement")
    OPEN = "open", _("Open for input")
    DELIBERATION = "deliberation", _("Deliberation")
    OUTCOME = "outcome", _("Outcome")


class OrganisationKind(models.TextChoices):
    COMMUNITY = "community", _("Community organisation")
    PROFESSIONAL = "professional", _("Professional body")
    NGO = "ngo", _("Registered NGO")
    CUSTOMARY = "customary", _("Customary-law community")
    DISABILITY = "disability", _("Organisation of persons with disabilities")
    ACADEMIC = "academic", _("Academic institution")
    BUSINESS = "business", _("Business association")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    HEARING = "hearing", _("Public hearing")
    LETTER = "letter", _("Letter")
    OTHER = "other", _("Other offline input")


OFFLINE_CHANNELS = (Channel.HEARING, Channel.LETTER, Channel.OTHER)


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    OUT_OF_SCOPE = "out_of_scope", _("Outside the scope")


NEEDS_FINAL_SECTION = (Decision.ACCEPTED, Decision.PARTLY)


class Moderation(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by a moderator")


class AppealStatus(models.TextChoices):
    NONE = "", _("No appeal")
    PENDING = "pending", _("Appeal pending")
    UPHELD = "upheld", _("Hiding upheld")
    REVERSED = "reversed", _("Comment restored")


class VoteValue(models.IntegerChoices):
    AGREE = 1, _("Agree")
    PASS = 0, _("Pass")
    DISAGREE = -1, _("Disagree")


class ErrorCode(StrEnum):
    NOT_OPEN = "consultation_not_open"
    CLOSED = "consultation_closed"
    UNANSWERED = "submissions_unanswered"
    TEXT_REQUIRED = "text_required"
    INVALID_SECTION = "invalid_section"
    INVALID_PARENT = "invalid_parent"
    INVALID_ORGANISATION = "invalid_organisation"
    INVALID_DATES = "invalid_dates"
    INVALID_DECISION = "invalid_decision"
    FINAL_SECTION_REQUIRED = "final_section_required"
    REASON_REQUIRED = "reason_required"
    NOT_A_SUBMISSION = "not_a_submission"
    INVALID_APPEAL = "invalid_appeal"
    SOURCE_REQUIRED = "source_required"
    OWN_COMMENT = "own_comment"
    INVALID_VOTE = "invalid_vote"
