# SPDX-License-Identifier: EUPL-1.2
"""Statuses, document checks, IKM elements and error codes of the cases app."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.sla import SlaState

__all__ = ["SlaState"]  # service-time states are core's (balai.core.sla)

NUMBER_PREFIX = "PMH"  # permohonan; also the payable kind of application fees
NUMBER_DIGITS = 6


class Status(models.TextChoices):
    """Where an application stands; ``states.py`` says which moves are allowed."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    IN_REVIEW = "in_review", _("In review")
    NEEDS_REVISION = "needs_revision", _("Needs revision")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ESCALATED = "escalated", _("Escalated to the agency head")
    APPROVED = "approved", _("Approved")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


FINAL_STATUSES = frozenset({Status.COMPLETED, Status.REJECTED, Status.WITHDRAWN})
# with the agency, its SLA clock running (officers' inbox)
OPEN_STATUSES = frozenset(
    {Status.SUBMITTED, Status.IN_REVIEW, Status.RESUBMITTED, Status.ESCALATED}
)
# the clock stops while the agency waits for the citizen
PAUSED_STATUSES = frozenset({Status.NEEDS_REVISION, Status.AWAITING_PAYMENT})


class Action(models.TextChoices):
    """What happened at one step of the timeline (a Transition row)."""

    CREATE = "create", _("Draft started")
    SUBMIT = "submit", _("Submitted")
    AWAIT_PAYMENT = "await_payment", _("Payment requested")
    PAYMENT_SETTLED = "payment_settled", _("Payment received")
    CLAIM = "claim", _("Taken into review")
    ASSIGN = "assign", _("Assigned to an officer")
    CHECK_DOCUMENT = "check_document", _("Document checked")
    REQUEST_REVISION = "request_revision", _("Revision requested")
    ANSWER = "answer", _("Revision sent")
    ESCALATE = "escalate", _("Escalated to the agency head")
    SIGN_OFF = "sign_off", _("Signed off")
    OVERRIDE_DOCUMENTS = (
        "override_documents",
        _("Approved without all documents accepted"),
    )
    APPROVE = "approve", _("Approved")
    REGISTER = "register", _("Population register updated")
    COMPLETE = "complete", _("Document issued")
    REJECT = "reject", _("Rejected")
    WITHDRAW = "withdraw", _("Withdrawn")
    SLA_ALERT = "sla_alert", _("Service time alert")


class DocumentCheck(models.TextChoices):
    PENDING = "pending", _("Not checked yet")
    OK = "ok", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class PayableStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting payment")
    SETTLED = "settled", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


# PermenPAN-RB 14/2017: the nine elements (unsur) of the community satisfaction survey
IKM_ELEMENTS: tuple[tuple[str, object], ...] = (
    ("u1_requirements", _("Requirements")),
    ("u2_procedure", _("Systems, mechanisms and procedures")),
    ("u3_time", _("Completion time")),
    ("u4_fee", _("Cost or tariff")),
    ("u5_product", _("Product specification of the service type")),
    ("u6_competence", _("Competence of the staff")),
    ("u7_conduct", _("Conduct of the staff")),
    ("u8_complaints", _("Handling of complaints, suggestions and feedback")),
    ("u9_facilities", _("Facilities and infrastructure")),
)
IKM_SCORES = (
    (1, _("Poor")),
    (2, _("Fair")),
    (3, _("Good")),
    (4, _("Very good")),
)


class ErrorCode(StrEnum):
    INVALID_TRANSITION = "invalid_transition"
    INVALID_ANSWERS = "invalid_answers"
    REASON_REQUIRED = "reason_required"
    DOCUMENTS_MISSING = "documents_missing"
    UNKNOWN_REQUIREMENT = "unknown_requirement"
    NOT_ONLINE = "service_not_online"
    NOT_ASSIGNABLE = "not_assignable"
    NOT_CLAIMED = "not_claimed"
    ALREADY_ANSWERED = "already_answered"
    SURVEY_DONE = "survey_already_done"
    REGISTER_ACTION_FAILED = "register_action_failed"
    DOCUMENT_NOT_ISSUED = "document_not_issued"
    DOCUMENTS_NOT_ACCEPTED = "documents_not_accepted"
    CONFIRMATION_REQUIRED = "confirmation_required"
    SIGNATORY_REQUIRED = "signatory_required"
    SAME_SIGNATORY = "same_signatory"


# audit purposes (UU 27/2022: every access to personal data states why)
PURPOSE_PROCESS = "processing a citizen's application for a public service"
PURPOSE_APPLY = "the citizen's own application for a public service"
PURPOSE_PREFILL = "prefilling the citizen's own application form from the register"
