# SPDX-License-Identifier: EUPL-1.2
"""Log in with email or mobile number plus password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from balai.accounts.identifiers import normalise_email, normalise_phone
from balai.accounts.models import User
from balai.security.crypto.blind import blind_index


class LoginBackend(ModelBackend):
    """Authenticate by email or phone; inactive (unverified) accounts cannot log in."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = User.objects.get_by_login(username)
        if user is None:
            # Spend the same time hashing as for a real user (timing side channel).
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest | None, credentials: dict | None = None) -> str:
    """What django-axes stores for a login attempt: a keyed hash, never the address.

    Lockouts still count per identifier (the same email or number gives the same
    hash); the database holds no email or phone number in plaintext.
    """
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = getattr(request, "POST", {}).get("username")
    identifier = str(raw or "").strip()
    if "@" in identifier:
        identifier = normalise_email(identifier)
    else:
        identifier = normalise_phone(identifier) or identifier.lower()
    return blind_index(identifier, context="axes.username") or ""
