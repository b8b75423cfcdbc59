# SPDX-License-Identifier: EUPL-1.2
"""Choices and error codes of the reports app."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_PHOTOS = 5
MAX_DESCRIPTION = 4000
PUBLIC_ID_PREFIX = "LPR-"


class Status(models.TextChoices):
    """Workflow states; Open311 sees ``closed`` for CLOSED and ``open`` otherwise."""

    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.OPEN, Status.ACKNOWLEDGED, Status.IN_PROGRESS)


class CloseReason(models.TextChoices):
    """Why a report was closed (mappable onto mySociety's extended status words)."""

    FIXED = "fixed", _("Fixed")
    DUPLICATE = "duplicate", _("Duplicate")
    NOT_OUR_RESPONSIBILITY = "not_our_responsibility", _("Not our responsibility")
    NO_FURTHER_ACTION = "no_further_action", _("No further action")
    CANCELLED = "cancelled", _("Cancelled")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3}


class ReportChannel(models.TextChoices):
    WEB = "web", _("Web")
    PWA = "pwa", _("Mobile web app")
    OPEN311 = "open311", _("Open311")


class ServiceType(models.TextChoices):
    """Open311 service types: what a POST returns (id, token, or neither)."""

    REALTIME = "realtime", "realtime"
    BATCH = "batch", "batch"
    BLACKBOX = "blackbox", "blackbox"


class Datatype(models.TextChoices):
    STRING = "string", "string"
    NUMBER = "number", "number"
    DATETIME = "datetime", "datetime"
    TEXT = "text", "text"
    SINGLEVALUELIST = "singlevaluelist", "singlevaluelist"
    MULTIVALUELIST = "multivaluelist", "multivaluelist"


LIST_DATATYPES = {Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST}


class UpdateKind(models.TextChoices):
    CREATED = "created", _("Report received")
    COMMENT = "comment", _("Comment")
    STATUS = "status", _("Status change")
    ASSIGNMENT = "assignment", _("Assignment")
    ROUTING = "routing", _("Routing")
    MERGE = "merge", _("Merge")


class StatusAction(models.TextChoices):
    """The steps of the reports' state machine (``states.py``)."""

    ACKNOWLEDGE = "acknowledge", _("Acknowledge")
    START = "start", _("Start work")
    PAUSE = "pause", _("Pause work")
    CLOSE = "close", _("Close")
    REOPEN = "reopen", _("Reopen")


class ErrorCode(StrEnum):
    """Every ``BalaiError.code`` the reports app raises."""

    UNKNOWN_SERVICE = "unknown_service"
    SERVICE_REQUIRED = "service_required"
    LOCATION_REQUIRED = "location_required"
    INVALID_LOCATION = "invalid_location"
    DESCRIPTION_REQUIRED = "description_required"
    DESCRIPTION_TOO_LONG = "description_too_long"
    INVALID_ATTRIBUTE = "invalid_attribute"
    TOO_MANY_PHOTOS = "too_many_photos"
    INVALID_PHOTO = "invalid_photo"
    INVALID_REGION = "invalid_region"
    INVALID_TRANSITION = "invalid_transition"
    REASON_REQUIRED = "reason_required"
    INVALID_MERGE = "invalid_merge"
    INVALID_AREA = "invalid_area"
    INVALID_CONTACT = "invalid_contact"
    INVALID_CHANNEL = "invalid_channel"
    INVALID_TOKEN = "invalid_token"  # noqa: S105 (an error code)
    COMMENT_REQUIRED = "comment_required"
    INVALID_TEAM = "invalid_team"
    INVALID_ASSIGNEE = "invalid_assignee"
    INVALID_PRIORITY = "invalid_priority"
    INVALID_AGENCY = "invalid_agency"
    NOT_ON_BOARD = "not_on_board"
