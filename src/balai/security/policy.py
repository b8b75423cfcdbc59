# SPDX-License-Identifier: EUPL-1.2
"""The one policy entry point: ``can(user, action, obj)``, deny by default.

Each app declares its rules in its ``policies.py`` with ``@rule("app.verb_noun")``; the
rules are loaded when the app is ready. An action that no app declared is denied, so a
new endpoint without a policy cannot be reached by accident.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

logger = logging.getLogger(__name__)

Rule = Callable[[Any, Any], bool]
_rules: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    """Declare the rule deciding ``action``; one rule per action."""

    def decorator(fn: Rule) -> Rule:
        existing = _rules.get(action)
        if existing is not None and existing.__qualname__ != fn.__qualname__:
            raise RuntimeError(f"Policy rule {action!r} is declared twice.")
        _rules[action] = fn
        return fn

    return decorator


def can(user: Any, action: str, obj: Any = None) -> bool:
    """May ``user`` perform ``action`` (on ``obj``)? Unknown actions and errors deny."""
    decide = _rules.get(action)
    if decide is None:
        logger.warning("policy.unknown_action action=%s", action)
        return False
    if user is None or not getattr(user, "is_active", False):
        return False
    return bool(decide(user, obj))


def ensure(user: Any, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        raise PermissionDenied(action)


def known_actions() -> list[str]:
    """Every declared action, for tests and the policy matrix."""
    return sorted(_rules)


# --- how the user authenticated: the one two-factor check -----------------------------


@dataclass(frozen=True)
class Authentication:
    """How the user of this request proved who they are.

    Set by the code that authenticated them (``authenticated_as``): the API token
    authentication (``method="token"``; a token carries ``second_factor`` only when it
    was created from a session verified with 2FA), a server command acting for a staff
    member (``"command"``). Session users need none: django-otp's middleware puts the
    device verified in this session on ``user.otp_device``.
    """

    method: str
    second_factor: bool
    reference: str = ""


AUTHENTICATION_ATTRIBUTE = "balai_authentication"


def authenticated_as(user: Any, authentication: Authentication) -> Any:
    """Record on the user object how this request authenticated; returns the user."""
    setattr(user, AUTHENTICATION_ATTRIBUTE, authentication)
    return user


def authentication_of(user: Any) -> Authentication | None:
    """How ``user`` authenticated in this request: explicit, else a session."""
    found: Authentication | None = getattr(user, AUTHENTICATION_ATTRIBUTE, None)
    if found is not None:
        return found
    if not getattr(user, "is_authenticated", False):
        return None
    device = getattr(user, "otp_device", None)
    verified = device is not None and getattr(device, "user_id", None) == user.pk
    return Authentication(
        "session", verified, str(getattr(device, "persistent_id", "") or "")
    )


def second_factor_verified(user: Any) -> bool:
    """Did this request's user pass a second factor? The one check every policy uses.

    Yes for a session verified through django-otp (``django_otp.login``), a token
    created from such a session, or a server command acting for staff; no for any
    other token, an unverified session, a user object loaded from the database, and
    an inactive or anonymous user."""
    if not getattr(user, "is_authenticated", False) or not getattr(
        user, "is_active", False
    ):
        return False
    authentication = authentication_of(user)
    return bool(authentication and authentication.second_factor)
