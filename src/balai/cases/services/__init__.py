# SPDX-License-Identifier: EUPL-1.2
"""Every write of the cases app: one function per use case (see each module)."""

from balai.cases.services.applying import (
    application_answers_update,
    application_start,
    application_submit,
    document_upload,
    missing_requirements,
)
from balai.cases.services.deciding import application_approve, application_reject
from balai.cases.services.fees import fee_settled
from balai.cases.services.responding import (
    application_withdraw,
    information_request_answer,
)
from balai.cases.services.reviewing import (
    application_assign,
    application_claim,
    application_escalate,
    application_read,
    applications_listed,
    document_check,
    revision_request,
)
from balai.cases.services.sla import sla_alerts_raise
from balai.cases.services.surveys import survey_submit

__all__ = [
    "application_answers_update",
    "application_approve",
    "application_assign",
    "application_claim",
    "application_escalate",
    "application_read",
    "application_reject",
    "application_start",
    "application_submit",
    "application_withdraw",
    "applications_listed",
    "document_check",
    "document_upload",
    "fee_settled",
    "information_request_answer",
    "missing_requirements",
    "revision_request",
    "sla_alerts_raise",
    "survey_submit",
]
