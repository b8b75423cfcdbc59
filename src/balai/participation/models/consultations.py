# SPDX-License-Identifier: EUPL-1.2
"""Consultations on drafts (Raperda, Perkada, policies) and the response matrix.

A ``Draft`` is published by an agency with its academic paper, attachments and text
split into ``DraftSection`` rows. A ``Consultation`` runs on a draft through four
phases (announcement, open for input, deliberation, outcome) with dates. Citizens
and registered ``Organisation`` s leave ``Comment`` s on the draft or one section;
replies hang below a comment; top-level comments (online or offline input entered by
officers) are the *submissions* of the response matrix, each of which gets one
``Response`` before the consultation may close. See docs/participation.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.core.storage import private_storage, uuid_name
from balai.participation.consultations_constants import (
    AppealStatus,
    Channel,
    ConsultationStatus,
    Decision,
    DraftKind,
    Moderation,
    OrganisationKind,
    Phase,
)

__all__ = [
    "Comment",
    "CommentSupport",
    "Consultation",
    "Draft",
    "DraftAttachment",
    "DraftSection",
    "Organisation",
    "Response",
]

FILE_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")


def draft_file_path(instance: object, filename: str) -> str:
    return uuid_name("participation/drafts", filename, allowed=FILE_EXTENSIONS)


def comment_file_path(instance: object, filename: str) -> str:
    return uuid_name("participation/comments", filename, allowed=FILE_EXTENSIONS)


class Draft(BaseModel):
    """A draft regulation or policy an agency puts to the public."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=DraftKind.choices)
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="participation_drafts",
    )
    summary = models.TextField(_("summary"), blank=True)
    academic_paper = models.FileField(
        _("academic paper"),
        upload_to=draft_file_path,
        storage=private_storage,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class DraftSection(BaseModel):
    """One section or article (pasal) of a draft's text, in reading order."""

    draft = models.ForeignKey(
        Draft,
        verbose_name=_("draft"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    position = models.PositiveIntegerField(_("position"))
    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("draft section")
        verbose_name_plural = _("draft sections")
        ordering = ["draft", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "position"], name="participation_section_position"
            )
        ]

    def __str__(self) -> str:
        return self.heading


class DraftAttachment(BaseModel):
    """A supporting document of a draft (cleaned PDF or image, private storage)."""

    draft = models.ForeignKey(
        Draft,
        verbose_name=_("draft"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=draft_file_path, storage=private_storage
    )
    mime = models.CharField(_("content type"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("draft attachment")
        verbose_name_plural = _("draft attachments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class Consultation(BaseModel):
    """A consultation on a draft: its schedule, its phase and, once closed, its
    outcome."""

    draft = models.ForeignKey(
        Draft,
        verbose_name=_("draft"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.PUBLISHED,
    )
    announced_at = models.DateTimeField(_("announced at"), default=timezone.now)
    opens_at = models.DateTimeField(_("open for input from"))
    closes_at = models.DateTimeField(_("open for input until"))
    outcome_due = models.DateField(_("outcome expected on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")),
                name="participation_consultation_dates",
            )
        ]

    def __str__(self) -> str:
        return self.draft.title

    def phase_at(self, now: object = None) -> str:
        """The phase at ``now`` (default: now): outcome once closed, else by dates."""
        if self.status == ConsultationStatus.CLOSED:
            return Phase.OUTCOME
        moment = now or timezone.now()
        if moment < self.opens_at:  # type: ignore[operator]
            return Phase.ANNOUNCEMENT
        if moment < self.closes_at:  # type: ignore[operator]
            return Phase.OPEN
        return Phase.DELIBERATION

    @property
    def phase(self) -> str:
        return self.phase_at()

    @property
    def phase_label(self) -> str:
        return str(Phase(self.phase).label)

    @property
    def is_open(self) -> bool:
        return self.phase == Phase.OPEN


class Organisation(BaseModel):
    """A registered organisation citizens may speak for (with its type)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=OrganisationKind.choices)
    registration_number = models.CharField(
        _("registration number"), max_length=64, blank=True
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        related_name="participation_organisations",
        blank=True,
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Comment(BaseModel):
    """A comment on a draft or one of its sections; a reply when ``parent`` is set.

    Offline input (hearings, letters) is a comment without author, entered by an
    officer with its ``source``."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    section = models.ForeignKey(
        DraftSection,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participation_comments",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
    )
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.ONLINE
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("text"))
    attachment = models.FileField(
        _("attachment"),
        upload_to=comment_file_path,
        storage=private_storage,
        blank=True,
    )
    attachment_mime = models.CharField(_("attachment type"), max_length=64, blank=True)
    moderation = models.CharField(
        _("moderation"),
        max_length=16,
        choices=Moderation.choices,
        default=Moderation.VISIBLE,
    )
    moderation_reason = models.CharField(
        _("moderation reason"), max_length=500, blank=True
    )
    appeal_status = models.CharField(
        _("appeal"),
        max_length=16,
        choices=AppealStatus.choices,
        default=AppealStatus.NONE,
        blank=True,
    )
    appeal_text = models.TextField(_("appeal"), blank=True)
    appeal_answer = models.CharField(_("appeal answer"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["consultation", "parent"])]

    def __str__(self) -> str:
        return f"comment {str(self.pk)[:8]}"

    @property
    def is_submission(self) -> bool:
        return self.parent_id is None

    @property
    def is_hidden(self) -> bool:
        return self.moderation == Moderation.HIDDEN


class CommentSupport(BaseModel):
    """ "Saya setuju": one account supports one comment once."""

    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="supports",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("comment support")
        verbose_name_plural = _("comment supports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"], name="participation_comment_support_once"
            )
        ]


class Response(BaseModel):
    """The official answer to one submission: a row of the response matrix."""

    comment = models.OneToOneField(
        Comment,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="response",
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    final_section = models.CharField(
        _("section of the final text"), max_length=200, blank=True
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return self.get_decision_display()
