# SPDX-License-Identifier: EUPL-1.2
"""Who may issue and revoke documents; checking one is public (no rule needed).

Issuing and revoking are agency acts: officers and heads of the issuing agency (or
an agency above it) may do them; a system administrator may also revoke, for
documents issued in error anywhere. ``issued_by=None`` is the system itself (a
task acting on an approval that was already policy-checked by cases).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from balai.accounts.constants import Role
from balai.accounts.policies import has_role, is_staff_member
from balai.accounts.selectors import agency_scope
from balai.cases.documents.models import IssuedDocument
from balai.security.policy import can, rule

AGENCY_ROLES = (Role.OFFICER, Role.AGENCY_HEAD)


def _acts_for(user: Any, agency_id: Any) -> bool:
    """Officers and heads of the agency, of an agency above it (``below`` from the
    officer: supervision), or of a unit beneath it acting for it (``above`` from the
    officer: delegation — a Disdukcapil UPT issues the Dinas' deeds, as in cases and
    the register)."""
    if not (
        is_staff_member(user) and any(has_role(user, role) for role in AGENCY_ROLES)
    ):
        return False
    scope = agency_scope(user)
    return agency_id in scope.below or agency_id in scope.above


@rule("issued_documents.issue")
def _issue(user: Any, agency: Any) -> bool:
    return agency is not None and _acts_for(user, agency.pk)


@rule("issued_documents.revoke")
def _revoke(user: Any, document: Any) -> bool:
    if not isinstance(document, IssuedDocument):
        return False
    return _acts_for(user, document.agency_id) or (
        is_staff_member(user) and has_role(user, Role.SYSTEM_ADMIN)
    )


def can_issue_document(user: Any, agency: Any) -> bool:
    return can(user, "issued_documents.issue", agency)


def ensure_can_issue_document(user: Any, agency: Any) -> None:
    if user is None:  # the system, acting on an approval cases already checked
        return
    if not can_issue_document(user, agency):
        raise PermissionDenied("issued_documents.issue")


def can_revoke_document(user: Any, document: IssuedDocument) -> bool:
    return can(user, "issued_documents.revoke", document)


def ensure_can_revoke_document(user: Any, document: IssuedDocument) -> None:
    if not can_revoke_document(user, document):
        raise PermissionDenied("issued_documents.revoke")


def visible_documents(user: Any) -> QuerySet[IssuedDocument]:
    """Documents staff may list: a system admin all, agency staff their agency's."""
    documents = IssuedDocument.objects.select_related("agency")
    if is_staff_member(user) and has_role(user, Role.SYSTEM_ADMIN):
        return documents
    if is_staff_member(user) and user.agency_id is not None:
        return documents.filter(agency_id=user.agency_id)
    return documents.none()
