# SPDX-License-Identifier: EUPL-1.2
"""The one policy entry point: ``can(user, action, obj)``, deny by default.

Each app declares its rules in its ``policies.py`` with ``@rule("app.verb_noun")``; the
rules are loaded when the app is ready. An action that no app declared is denied, so a
new endpoint without a policy cannot be reached by accident.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
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
