# SPDX-License-Identifier: EUPL-1.2
"""Words for the codes "Data Saya" would otherwise show: audit actions, the audit
log's (English, stable) purposes and the kinds of messages sent.

The audit log and the outbox keep codes and English texts on purpose (they are
evidence and must not change with a translation); the page translates them here, at
display time. An unknown code is never shown raw: it falls back to a general phrase
(actions, messages) or, for a purpose an officer typed, to the text as typed.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "person.read": _("Viewed your data"),
    "person.search": _("Found you in a search of the register"),
    "person.verify": _("Verified your identity"),
    "person.read_document": _("Opened a document you sent"),
    "person.update": _("Changed your data"),
    "person.export": _("Exported your data"),
    "correction_request.claim": _("Took your correction request into review"),
    "correction_request.resolve": _("Decided on your correction request"),
    "resident.register_first": _("Registered you in the population register"),
    "resident.register_birth": _("Registered your birth"),
    "resident.register_death": _("Registered a death"),
    "resident.register_move_in": _("Recorded your arrival"),
    "resident.register_move_out": _("Recorded your moving out"),
    "resident.register_marriage": _("Recorded a marriage"),
    "resident.register_divorce": _("Recorded a divorce"),
    "resident.correct": _("Corrected your data in the population register"),
    "family.create": _("Issued a family card"),
    "family.close": _("Replaced a family card"),
    "document.issue": _("Issued a signed document to you"),
    "document.revoke": _("Revoked a document issued to you"),
    "document.verify": _("Checked a document issued to you"),
    "document.verify_upload": _("Checked a document issued to you"),
    "report.read": _("Opened your report"),
    "report.assign": _("Assigned your report to an officer"),
    "report.status_change": _("Changed the status of your report"),
    "report.reroute": _("Passed your report to another agency"),
    "report.merge": _("Merged your report with another one"),
    "report.merge_into": _("Merged your report with another one"),
    "report.hide": _("Hid your report from the public pages"),
    "report.comment": _("Commented on your report"),
    "user.create": _("Created your account"),
    "user.read": _("Viewed your account"),
    "user.update": _("Changed your account"),
    "integration.merge": _("Merged duplicate register records about you"),
    "integration.unmerge": _("Undid a merge of register records about you"),
    "integration.link": _("Linked imported data to your register record"),
    "integration.reject": _("Kept imported data apart from your record"),
    "consent.give": _("Recorded your consent"),
    "consent.withdraw": _("Recorded the withdrawal of your consent"),
}
# application.<step>: the step's own label (cases.constants.Action) after this
APPLICATION_ACTION = _("Your application: %(step)s")
APPLICATION_STEPS = {
    "create": _("Draft started"),
    "upload": _("Document uploaded"),
    "update": _("Answers changed"),
    "submit": _("Submitted"),
    "claim": _("Taken into review"),
    "assign": _("Assigned to an officer"),
    "check_document": _("Document checked"),
    "request_revision": _("Revision requested"),
    "answer": _("Revision sent"),
    "escalate": _("Escalated to the agency head"),
    "sign_off": _("Signed off"),
    "override_documents": _("Approved without all documents accepted"),
    "approve": _("Approved"),
    "register": _("Population register updated"),
    "complete": _("Document issued"),
    "reject": _("Rejected"),
    "withdraw": _("Withdrawn"),
    "survey": _("Satisfaction survey"),
    "sla_alert": _("Service time alert"),
}


def action_label(code: str | None) -> str:
    """What was done, in words; never the code."""
    code = code or ""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    noun, _dot, verb = code.partition(".")
    if noun == "application":
        step = APPLICATION_STEPS.get(verb)
        return str(APPLICATION_ACTION % {"step": step or gettext("processed")})
    return gettext("Processed your data")


# the purposes services write (English, stable), as people read them
PURPOSE_LABELS = {
    "processing a citizen's application for a public service": _(
        "processing your application for a public service"
    ),
    "the citizen's own application for a public service": _(
        "your own application for a public service"
    ),
    "prefilling the citizen's own application form from the register": _(
        "filling in your application form from the register"
    ),
    "handling a citizen's service request": _("handling a citizen's service request"),
    "recording a life event": _("recording a life event"),
    "recording a life event in the population register": _(
        "recording a life event in the population register"
    ),
    "verifying identity data": _("verifying identity data"),
    "handling a data correction": _("handling a data correction"),
    "data quality check": _("data quality check"),
    "Handling the citizen report on the reports board": _(
        "handling your report on the reports board"
    ),
    "citizen sign-up": _("creating your account"),
    "citizen sign-up with known details": _("creating your account"),
    "sign-up verification": _("confirming your account"),
    "staff account provisioning": _("setting up a staff account"),
    "API access": _("access through the API"),
    "password reset": _("resetting your password"),
    "demo data": _("demonstration data"),
    "synthetic demo data": _("demonstration data"),
}


def purpose_label(text: str | None) -> str:
    """Why, in the reader's language; a purpose typed by an officer as typed."""
    text = (text or "").strip()
    if not text:
        return "—"
    label = PURPOSE_LABELS.get(text)
    return str(label) if label is not None else text


# notifications templates (the message kinds) as people read them
MESSAGE_LABELS = {
    "cases_submit": _("Application received"),
    "cases_await_payment": _("Application: payment requested"),
    "cases_payment_settled": _("Application: payment received"),
    "cases_claim": _("Application taken into review"),
    "cases_request_revision": _("Application needs revision"),
    "cases_answer": _("Application: revision received"),
    "cases_escalate": _("Application passed to the agency head"),
    "cases_approve": _("Application approved"),
    "cases_complete": _("Application completed: document issued"),
    "cases_reject": _("Application rejected"),
    "cases_withdraw": _("Application withdrawn"),
    "correction_submitted": _("Correction request received"),
    "correction_claimed": _("Correction request in review"),
    "correction_accepted": _("Correction request accepted"),
    "correction_rejected": _("Correction request rejected"),
    "password_changed": _("Password changed"),
    "password_reset": _("Password reset code"),
    "report_received": _("Report received"),
    "report_status_changed": _("Report status changed"),
    "report_commented": _("Reply to your report"),
    "reports_overdue": _("Reports past their service time"),
    "signup_code": _("Sign-up code"),
    "signup_existing": _("Sign-up attempt for an existing account"),
    "welcome": _("Welcome"),
    "security_alert": _("Security alert"),
    "sentiment_spike": _("Sentiment alert"),
    "generic": _("Message"),
}


def message_label(template: str | None) -> str:
    template = template or ""
    if template in MESSAGE_LABELS:
        return str(MESSAGE_LABELS[template])
    if template.startswith("cases_staff_"):
        return gettext("Application work for staff")
    return gettext("Message")
