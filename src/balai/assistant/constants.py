# SPDX-License-Identifier: EUPL-1.2
"""Vocabularies of the assistant: intents, channels, roles, error codes."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

# Exactly the intents of issue 17, in a fixed order (the classifier's labels).
INTENTS = (
    "requirements",
    "fee",
    "duration",
    "how_to_apply",
    "status_application",
    "status_report",
    "tax_bill",
    "complaint",
    "greeting",
    "handoff",
    "out_of_scope",
)
# the action of a reply answered with a public page (balai.core.sitemap); the
# reply's intent stays the understood one
PAGE_REPLY = "page"
# intents answered from the catalog's facts about one service
SERVICE_INTENTS = frozenset({"requirements", "fee", "duration", "how_to_apply"})
# intents whose ``service`` is always null
NO_SERVICE_INTENTS = frozenset({"greeting", "handoff", "out_of_scope"})
REPORT_SLUG = "pengaduan"
TAX_SLUG = "pbb-p2"

MAX_TEXT = 1000
#: characters of the comment beside "did this answer your question?"
MAX_COMMENT = 1000
# Below this top probability the answer is a fallback (Rasa's nlu_fallback, ~0.3).
FALLBACK_THRESHOLD = 0.3
# Top two intents closer than this (and the top below CLARIFY_BELOW) → ask which.
CLARIFY_MARGIN = 0.12
CLARIFY_BELOW = 0.55


class Channel(models.TextChoices):
    WEB = "web", _("web widget")
    API = "api", _("API")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")


class Speaker(models.TextChoices):
    CITIZEN = "citizen", _("citizen")
    ASSISTANT = "assistant", _("assistant")
    OFFICER = "officer", _("officer")


class ErrorCode(StrEnum):
    EMPTY_TEXT = "empty_text"
    TEXT_TOO_LONG = "text_too_long"
    COMMENT_TOO_LONG = "comment_too_long"
    CONVERSATION_NOT_FOUND = "conversation_not_found"
    MODEL_MISSING = "model_missing"
    BAD_EVALUATION_FILE = "bad_evaluation_file"
