# SPDX-License-Identifier: EUPL-1.2
"""Reads of the accounts app."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from django_otp import devices_for_user

from balai.accounts.constants import Role
from balai.accounts.identifiers import mask_email, mask_nik, mask_phone
from balai.accounts.models import Agency, ApiToken, User


def masked_destination(user: User) -> str:
    """Where the code went, masked (``s***@example.id`` or ``+62812****7890``)."""
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
