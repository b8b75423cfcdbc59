# SPDX-License-Identifier: EUPL-1.2
"""Choices and error codes of the notifications app."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (will retry)")
    DEAD = "dead", _("Dead (gave up)")


class Language(models.TextChoices):
    INDONESIAN = "id", _("Indonesian")
    ENGLISH = "en", _("English")


DEFAULT_LANGUAGE = Language.INDONESIAN.value

# Written over the body of a sensitive message once it can no longer be (re)sent, so
# one-time codes do not stay in the database.
REDACTED_BODY = "[redacted after delivery]"

# How long a worker may hold a message in "sending" before another may take it over.
SENDING_LEASE_MINUTES = 10
# Exponential backoff after a temporary failure: 1, 5, 25, 125 ... minutes, capped.
BACKOFF_BASE_MINUTES = 1
BACKOFF_FACTOR = 5
BACKOFF_MAX_MINUTES = 12 * 60

LAST_ERROR_MAX_LENGTH = 500


class ErrorCode(StrEnum):
    """Every ``BalaiError.code`` the notifications app raises."""

    UNKNOWN_TEMPLATE = "unknown_template"
    INVALID_TEMPLATE = "invalid_template"
    UNKNOWN_CHANNEL = "unknown_channel"
    MISSING_RECIPIENT = "missing_recipient"
    MESSAGE_NOT_RETRYABLE = "message_not_retryable"
