# SPDX-License-Identifier: EUPL-1.2
"""System checks: every channel names a backend that exists and is configured."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.checks import Warning as CheckWarning
from django.core.exceptions import ImproperlyConfigured

from balai.notifications.backends import backend_class
from balai.notifications.backends.http import HttpGatewayBackend
from balai.notifications.constants import Channel


@register()
def check_notification_backends(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    conf = getattr(settings, "NOTIFICATIONS", {})
    problems: list[CheckMessage] = []
    for channel in Channel.values:
        try:
            cls = backend_class(conf.get(channel) or "")
        except ImproperlyConfigured as exc:
            problems.append(
                Error(
                    str(exc),
                    hint=f"NOTIFICATIONS[{channel!r}]",
                    id="notifications.E001",
                )
            )
            continue
        if issubclass(cls, HttpGatewayBackend) and not conf.get(f"{channel}_url"):
            problems.append(
                CheckWarning(
                    f"The {channel} channel uses the http backend but has no URL.",
                    hint=f"Set BALAI_{channel.upper()}_GATEWAY_URL.",
                    id="notifications.W001",
                )
            )
    return problems
