# SPDX-License-Identifier: EUPL-1.2
"""Log in with email or mobile number plus password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from balai.accounts.models import User


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
