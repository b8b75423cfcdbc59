# SPDX-License-Identifier: EUPL-1.2
"""``Authorization: Bearer <token>`` for API clients."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from balai.accounts import services
from balai.security.policy import Authentication, authenticated_as


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        try:
            secret = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Malformed token.")) from exc
        token = services.api_token_resolve(secret)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        # The token carries the second factor of the session that created it, and
        # nothing else: security.policy.second_factor_verified reads this.
        authenticated_as(
            token.user, Authentication("token", token.second_factor, str(token.pk))
        )
        services.api_token_touch(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
