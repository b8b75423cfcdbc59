# SPDX-License-Identifier: EUPL-1.2
"""The approval chain of an application and the documents it must have accepted.

A service declares its chain in the catalog: the steps marked ``sign_off`` (e.g.
"Verifikasi berkas" by an officer, then "Penandatanganan elektronik" by the agency
head). The same declaration is what ``/layanan/<slug>/`` shows citizens, so the
published procedure and the workflow cannot drift. Here the chain is read against
the application's timeline: the steps already signed since the last revision request
(a revision starts the chain again), the step that is due, and who may sign it.

Pure reads; ``services.deciding`` enforces them inside its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from balai.accounts.constants import Role
from balai.cases import policies
from balai.cases.constants import Action, DocumentCheck, ErrorCode, Status
from balai.cases.models import Application, ApplicationDocument
from balai.catalog.definitions import (
    DocumentRequirement,
    ServiceDefinition,
    Text,
    WorkflowStep,
)
from balai.core.errors import Conflict

# a service whose definition declares no chain (not possible for shipped files; the
# catalog checks refuse it) is approved by one handling officer
DEFAULT_STEP = WorkflowStep(
    code="persetujuan",
    name=Text("Persetujuan", "Approval"),
    role=Role.OFFICER,
    sign_off=True,
)


@dataclass(frozen=True)
class Approval:
    """Where an application stands in its service's approval chain."""

    chain: tuple[WorkflowStep, ...]
    signed: tuple[tuple[str, Any], ...]  # (step code, signer's user id), in order

    @property
    def pending(self) -> WorkflowStep | None:
        """The next step to sign, or None when the whole chain is signed."""
        done = len(self.signed)
        return self.chain[done] if done < len(self.chain) else None

    @property
    def is_final(self) -> bool:
        """Signing the pending step approves the application."""
        return len(self.signed) == len(self.chain) - 1

    @property
    def signer_ids(self) -> frozenset[Any]:
        return frozenset(user_id for _code, user_id in self.signed)


def approval_of(application: Application, service: ServiceDefinition) -> Approval:
    """The chain and its signatures since the last revision request."""
    chain = service.approval_chain or (DEFAULT_STEP,)
    rows = application.transitions.filter(
        action__in=(Action.SIGN_OFF, Action.REQUEST_REVISION)
    ).order_by("at", "id")
    signed: list[tuple[str, Any]] = []
    for row in rows:
        if row.action == Action.REQUEST_REVISION:
            signed = []
        else:
            signed.append((row.step_code, row.actor_id))
    return Approval(chain=chain, signed=tuple(signed[: len(chain) - 1]))


def may_sign(user: Any, application: Application, step: WorkflowStep) -> bool:
    """Whether ``user`` is of the role the step names (heads may sign officers'
    steps: they lead the agency's officers)."""
    if step.role == Role.AGENCY_HEAD:
        return policies.can_lead_application(user, application)
    return policies.can_handle_application(user, application)


def may_sign_next(user: Any, application: Application, approval: Approval) -> bool:
    """Whether ``user`` may sign the pending step now (for pages and the API)."""
    try:
        ensure_may_sign(user, application, approval)
    except Conflict:
        return False
    return True


def ensure_may_sign(user: Any, application: Application, approval: Approval) -> None:
    """Conflict unless ``user`` may sign the pending step and signed none before."""
    step = approval.pending
    if step is None:  # pragma: no cover - an approved application is not reviewable
        raise Conflict(_("The application is already approved."))
    if not may_sign(user, application, step):
        raise Conflict(
            _("The step “%(step)s” is signed by: %(role)s.")
            % {"step": step.name, "role": Role(step.role).label},
            code=ErrorCode.SIGNATORY_REQUIRED,
        )
    # once escalated, the head alone acts (states.required_actor): they sign on
    if user.pk in approval.signer_ids and application.status != Status.ESCALATED:
        raise Conflict(
            _(
                "You signed an earlier step of this application; another person "
                "signs “%(step)s”."
            )
            % {"step": step.name},
            code=ErrorCode.SAME_SIGNATORY,
        )


@dataclass(frozen=True)
class Unaccepted:
    """A requirement whose document is not accepted (missing, pending, rejected)."""

    requirement: DocumentRequirement
    document: ApplicationDocument | None

    def describe(self) -> str:
        if self.document is None:
            state = _("not uploaded")
        else:
            state = str(DocumentCheck(self.document.check_status).label).lower()
        return f"{self.requirement.name} ({state})"


def unaccepted_documents(
    application: Application, service: ServiceDefinition
) -> list[Unaccepted]:
    """Every required document not accepted, and every uploaded optional one not
    yet checked: what stands between the application and its approval."""
    current = {
        document.requirement_code: document
        for document in application.documents.filter(is_current=True)
    }
    problems: list[Unaccepted] = []
    for requirement in service.requirements:
        document = current.get(requirement.code)
        if requirement.required:
            if document is None or document.check_status != DocumentCheck.OK:
                problems.append(Unaccepted(requirement, document))
        elif document is not None and document.check_status == DocumentCheck.PENDING:
            problems.append(Unaccepted(requirement, document))
    return problems
