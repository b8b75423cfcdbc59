# SPDX-License-Identifier: EUPL-1.2
"""Signal receivers feeding security monitoring; ``connect()`` wires them.

Call ``connect()`` from ``SecurityConfig.ready()``; it is idempotent (dispatch uids).
A failure to record an event is logged and never breaks the login or page that
caused it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.db import DatabaseError
from django.dispatch import Signal

from balai.security.monitoring.constants import EventKind
from balai.security.monitoring.services import security_event_record
from balai.security.monitoring.signals import login_locked_out, two_factor_failed

logger = logging.getLogger(__name__)


def record_safely(**kwargs: Any) -> None:
    """``security_event_record`` that logs a database failure instead of raising."""
    try:
        security_event_record(**kwargs)
    except DatabaseError:
        logger.exception("security.event_not_recorded kind=%s", kwargs.get("kind"))


def _path(request: Any) -> str:
    return str(getattr(request, "path", "") or "")


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    """Django's ``user_login_failed``: the typed username is masked, never kept."""
    username = credentials.get("username") or credentials.get("email") or ""
    record_safely(
        kind=EventKind.LOGIN_FAILED, username=str(username), path=_path(request)
    )


def on_locked_out(
    sender: Any,
    request: Any = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    """Our ``login_locked_out`` (sent for every refused attempt while it lasts);
    the typed username is masked, never kept."""
    record_safely(
        kind=EventKind.LOCKOUT,
        username=str(username or ""),
        ip=ip_address,
        path=_path(request),
    )


def on_two_factor_failed(
    sender: Any, user: Any = None, request: Any = None, **kwargs: Any
) -> None:
    """Our ``two_factor_failed`` and django-otp's ``otp_verification_failed``."""
    record_safely(kind=EventKind.TWO_FACTOR_FAILED, actor=user, path=_path(request))


def _connections() -> list[tuple[Signal, Callable[..., None], str]]:
    from django_otp.forms import otp_verification_failed

    return [
        (user_login_failed, on_login_failed, "security.monitoring.login_failed"),
        (login_locked_out, on_locked_out, "security.monitoring.locked_out"),
        (two_factor_failed, on_two_factor_failed, "security.monitoring.2fa_failed"),
        (
            otp_verification_failed,
            on_two_factor_failed,
            "security.monitoring.otp_verification_failed",
        ),
    ]


_connected = False


def connect() -> None:
    """Connect every receiver (idempotent)."""
    global _connected
    for signal, receiver, uid in _connections():
        signal.connect(receiver, dispatch_uid=uid, weak=False)
    _connected = True


def disconnect() -> None:
    """Disconnect every receiver (for tests)."""
    global _connected
    for signal, receiver, uid in _connections():
        signal.disconnect(receiver, dispatch_uid=uid)
    _connected = False


def is_connected() -> bool:
    return _connected
