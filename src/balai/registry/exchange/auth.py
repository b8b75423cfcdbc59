# SPDX-License-Identifier: EUPL-1.2
"""Who may call the exchange API: a live client, a current agreement, its purpose.

Scheme: ``Authorization: Bearer <client_id>.<secret>`` (the credential printed once
by ``balai registry_client create``). A wrong credential or a revoked client is a
401; a client whose agreement is inactive or outside its period, or a request
whose ``X-Purpose`` header is missing or differs from the agreement's purpose code,
is a 403. ``request.user`` stays anonymous: the client is ``request.auth``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from balai.core import ratelimit
from balai.registry.exchange import services
from balai.registry.exchange.constants import PURPOSE_HEADER, ErrorCode
from balai.registry.exchange.models import ApiClient

KEYWORD = "Bearer"
REALM = "registry"


class ApiClientAuthentication(authentication.BaseAuthentication):
    """``Bearer <client_id>.<secret>``; other bearer tokens are not for this API."""

    def authenticate(self, request: Request) -> tuple[Any, ApiClient] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Malformed Authorization header."), code=ErrorCode.INVALID_CREDENTIALS
            )
        try:
            credential = header[1].decode("ascii")
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(
                _("Malformed credential."), code=ErrorCode.INVALID_CREDENTIALS
            ) from exc
        client, matches = services.api_client_resolve(credential)
        if client is None or not matches:
            raise exceptions.AuthenticationFailed(
                _("Invalid client credential."), code=ErrorCode.INVALID_CREDENTIALS
            )
        if client.is_revoked:
            raise exceptions.AuthenticationFailed(
                _("This API client has been revoked."), code=ErrorCode.CLIENT_REVOKED
            )
        services.api_client_touch(client)
        return AnonymousUser(), client

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="{REALM}"'


class SignedInPersonRefusal(authentication.SessionAuthentication):
    """Recognises a signed-in person's session only so that the permission check
    refuses them with 403 (not 401): this API is for agency systems. Left out of
    the OpenAPI security requirements."""


class HasCurrentAgreement(permissions.BasePermission):
    """A client (not a person's session) under a current agreement, stating its
    agreement's purpose in the X-Purpose header."""

    def has_permission(self, request: Request, view: Any) -> bool:
        client = request.auth
        if not isinstance(client, ApiClient):
            if request.user and request.user.is_authenticated:
                raise exceptions.PermissionDenied(
                    _("This API is for agency systems with a client credential."),
                    code=ErrorCode.NOT_AN_API_CLIENT,
                )
            return False  # DRF answers 401 with the WWW-Authenticate challenge
        agreement = client.agreement
        # A deactivated agency's agreements are not in force either.
        if not agreement.is_current() or not client.agency.is_active:
            raise exceptions.PermissionDenied(
                _("The data-sharing agreement of this client is not in force."),
                code=ErrorCode.AGREEMENT_INACTIVE,
            )
        purpose = request.headers.get(PURPOSE_HEADER, "").strip()
        if not purpose:
            raise exceptions.PermissionDenied(
                _("State the purpose of this request in the X-Purpose header."),
                code=ErrorCode.PURPOSE_REQUIRED,
            )
        if purpose != agreement.purpose_code:
            raise exceptions.PermissionDenied(
                _("The agreement does not allow this purpose."),
                code=ErrorCode.PURPOSE_NOT_ALLOWED,
            )
        return True


class ApiClientRateThrottle(ratelimit.NamedRateThrottle):
    """Each client's own requests-per-minute limit (``ApiClient.rate_limit``), on
    Balai's one rate limiter (balai.core.ratelimit)."""

    rate_name = "registry_client"

    def name_for(self, view: Any) -> str:
        return self.rate_name

    def applies(self, request: Request) -> bool:
        # others are refused by authentication or permission anyway
        return isinstance(request.auth, ApiClient)

    def key_for(self, request: Request, view: Any) -> str:
        return f"client:{request.auth.pk}"

    def rate(self, request: Request, view: Any) -> ratelimit.Rate | None:
        return ratelimit.Rate(getattr(request.auth, "rate_limit", 0), 60)
