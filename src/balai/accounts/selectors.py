# SPDX-License-Identifier: EUPL-1.2
"""Reads of the accounts app."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from django_otp import devices_for_user

from balai.accounts.constants import Role
from balai.accounts.models import Agency, ApiToken, User
from balai.security.masking import mask_email, mask_nik, mask_phone


def masked_destination(user: User) -> str:
    """Where the code went, masked (``s***@example.id`` or ``+62812****890``)."""
    return mask_email(user.email) if user.email else mask_phone(user.phone)


def role_labels(user: User) -> list[str]:
    labels = dict(Role.choices)
    return [str(labels[name]) for name in sorted(user.role_names) if name in labels]


def account_overview(*, user: User) -> dict[str, Any]:
    """What the account page shows the person about their own account."""
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by(
        "-created_at"
    )
    return {
        "profile": {
            "full_name": user.full_name,
            "nik_masked": mask_nik(user.nik),
            "birth_date": user.birth_date,
            "email": user.email,
            "phone": user.phone,
            "email_verified": user.email_verified_at is not None,
            "phone_verified": user.phone_verified_at is not None,
            "agency": user.agency,
            "roles": role_labels(user),
        },
        "two_factor_enrolled": any(True for _device in devices_for_user(user)),
        "tokens": [
            {
                "token": token,
                "expired": bool(token.expires_at and token.expires_at < timezone.now()),
            }
            for token in tokens
        ],
    }


def staff_overview(*, user: User) -> dict[str, Any]:
    agency = user.agency
    return {
        "agency": agency,
        "unit": agency.unit if agency else None,
        "roles": role_labels(user),
        "colleagues": (
            User.objects.filter(agency=agency, is_active=True).count() if agency else 0
        ),
    }


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """All of ``user``'s own API tokens, revoked ones included, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def agency_names(agency_ids: Iterable[Any]) -> dict[str, str]:
    """Names of agencies by id (as text), for showing who acted without a query each."""
    ids = {str(agency_id) for agency_id in agency_ids if agency_id}
    if not ids:
        return {}
    return {
        str(pk): name
        for pk, name in Agency.objects.filter(pk__in=ids).values_list("pk", "name")
    }


# --- agency scope: which agencies a staff member acts for ---------------------------


@dataclass(frozen=True)
class AgencyScope:
    """A staff member's agency seen both ways along the hierarchy (ids as stored).

    ``below``: the agency and every agency beneath it — **supervision**: a head office
    sees its units' work (the reports board, data-correction queues, the officers a
    head may assign). ``above``: the agency and every agency above it —
    **delegation**: a unit acts for the agency it belongs to, because citizens file
    with the dinas while its UPTs serve them (applications, issued documents, the
    population register of Disdukcapil). Each policy states which direction it uses
    and why; nothing else walks the hierarchy.
    """

    agency_id: Any
    below: frozenset[Any]
    above: frozenset[Any]
    above_codes: frozenset[str]

    @classmethod
    def empty(cls) -> AgencyScope:
        return cls(None, frozenset(), frozenset(), frozenset())


def _agency_tree() -> dict[Any, tuple[Any, str]]:
    """Every agency: id → (parent id, code); one query, agencies are few."""
    return {
        pk: (parent_id, code)
        for pk, parent_id, code in Agency.objects.values_list("pk", "parent_id", "code")
    }


def _scope_in(tree: dict[Any, tuple[Any, str]], agency_id: Any) -> AgencyScope:
    above: list[Any] = []
    node = agency_id
    while node is not None and node in tree and node not in above:
        above.append(node)
        node = tree[node][0]
    children: dict[Any, list[Any]] = {}
    for pk, (parent_id, _code) in tree.items():
        children.setdefault(parent_id, []).append(pk)
    below, frontier = {agency_id}, [agency_id]
    while frontier:
        frontier = [c for p in frontier for c in children.get(p, ()) if c not in below]
        below.update(frontier)
    return AgencyScope(
        agency_id=agency_id,
        below=frozenset(below),
        above=frozenset(above),
        above_codes=frozenset(tree[pk][1] for pk in above),
    )


def agency_scope_of(agency_id: Any) -> AgencyScope:
    """Both directions from one agency (an application's, a report's), uncached."""
    if agency_id is None:
        return AgencyScope.empty()
    return _scope_in(_agency_tree(), agency_id)


_SCOPE_CACHE = "_balai_agency_scope"


def agency_scope(user: Any) -> AgencyScope:
    """THE answer to "which agencies may this staff member act for", cached on the
    user object — which Django builds afresh for every request — and recomputed if
    the user's agency changes. Users without an agency have an empty scope."""
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        return AgencyScope.empty()
    cached: AgencyScope | None = getattr(user, _SCOPE_CACHE, None)
    if cached is not None and cached.agency_id == agency_id:
        return cached
    scope = agency_scope_of(agency_id)
    setattr(user, _SCOPE_CACHE, scope)
    return scope
