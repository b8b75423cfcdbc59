# SPDX-License-Identifier: EUPL-1.2
"""Vocabularies of the sentiment app: labels, sources, error codes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

LABELS = ("negative", "neutral", "positive")
MAX_TEXT = 5000
MAX_BATCH = 1000
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
AUTHOR_CONTEXT = "sentiment.author"


class Label(models.TextChoices):
    NEGATIVE = "negative", _("negative")
    NEUTRAL = "neutral", _("neutral")
    POSITIVE = "positive", _("positive")


class Source(models.TextChoices):
    UPLOAD = "upload", _("file upload")
    API = "api", _("API")
    CONNECTOR = "connector", _("connector")
    SURVEY = "survey", _("satisfaction survey comment")
    REPORT = "report", _("citizen report")
    CONSULTATION = "consultation", _("consultation comment")
    ASSISTANT = "assistant", _("assistant feedback comment")
    DEMO = "demo", _("demo data")


class ModelPath(models.TextChoices):
    FAST = "fast", _("fast")
    QUALITY = "quality", _("quality")


class ErrorCode:
    EMPTY_TEXT = "empty_text"
    TEXT_TOO_LONG = "text_too_long"
    BAD_FILE = "bad_file"
    BAD_LABEL = "bad_label"
    TOO_MANY = "too_many"
    BAD_TIME = "bad_time"
    UNKNOWN_CONNECTOR = "unknown_connector"
