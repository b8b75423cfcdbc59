# SPDX-License-Identifier: EUPL-1.2
"""FAQ entries (admin-editable knowledge), conversations and their messages."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.assistant.constants import Channel, Speaker
from balai.core.models import BaseModel


class FaqEntry(BaseModel):
    """A question and its answer in Indonesian and English, optionally about one
    catalog service; saving one reindexes the assistant's knowledge."""

    question_id = models.CharField(_("question (Indonesian)"), max_length=300)
    question_en = models.CharField(_("question (English)"), max_length=300)
    answer_id = models.TextField(_("answer (Indonesian)"))
    answer_en = models.TextField(_("answer (English)"))
    service_slug = models.SlugField(
        _("service"), max_length=60, blank=True, help_text=_("Catalog slug, or empty.")
    )
    intent = models.CharField(_("intent"), max_length=30, blank=True)
    keywords = models.CharField(
        _("keywords"),
        max_length=300,
        blank=True,
        help_text=_("Other words people use."),
    )
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["service_slug", "question_id"]

    def __str__(self) -> str:
        return self.question_id


class Conversation(BaseModel):
    """One dialogue with the assistant; ``state`` carries the context between turns
    (last service and intent, a slot being asked for)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assistant_conversations",
    )
    channel = models.CharField(
        _("channel"), max_length=12, choices=Channel.choices, default=Channel.API
    )
    # the external chat id (WhatsApp number hash, Telegram chat id), else ""
    external_id = models.CharField(_("external id"), max_length=80, blank=True)
    state = models.JSONField(_("state"), default=dict, blank=True)
    handed_off = models.BooleanField(_("handed off"), default=False)
    handed_off_at = models.DateTimeField(_("handed off at"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return str(self.pk)


class Message(models.Model):
    """One turn: what the citizen wrote, or what the assistant (or an officer) said."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    speaker = models.CharField(_("speaker"), max_length=10, choices=Speaker.choices)
    text = models.TextField(_("text"))
    intent = models.CharField(_("intent"), max_length=30, blank=True)
    service = models.CharField(_("service"), max_length=60, blank=True)
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    fallback = models.BooleanField(_("fallback"), default=False)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    # "did this answer your question?" on an assistant message: None until asked
    helpful = models.BooleanField(_("helpful"), null=True, blank=True)
    # what they wrote beside it (optional); it also goes to sentiment analysis
    feedback_comment = models.TextField(_("feedback comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["conversation", "created_at"])]

    def __str__(self) -> str:
        return self.text[:60]
