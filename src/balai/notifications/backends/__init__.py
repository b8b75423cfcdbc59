# SPDX-License-Identifier: EUPL-1.2
"""Channel backends, chosen per channel by ``settings.NOTIFICATIONS[<channel>]``.

A setting holds a short name (``console``, ``file``, ``memory``, ``smtp``, ``http``) or
the dotted path of a ``ChannelBackend`` subclass.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from balai.notifications.backends.base import (
    BackendNotConfigured,
    ChannelBackend,
    DeliveryError,
)

BUILTIN_BACKENDS = {
    "console": "balai.notifications.backends.console.ConsoleBackend",
    "file": "balai.notifications.backends.file.FileBackend",
    "memory": "balai.notifications.backends.memory.MemoryBackend",
    "smtp": "balai.notifications.backends.smtp.SmtpBackend",
    "http": "balai.notifications.backends.http.HttpGatewayBackend",
}

__all__ = [
    "BUILTIN_BACKENDS",
    "BackendNotConfigured",
    "ChannelBackend",
    "DeliveryError",
    "backend_class",
    "get_backend",
]


def backend_class(name: str) -> type[ChannelBackend]:
    """The backend class a setting value names; ImproperlyConfigured if none."""
    path = BUILTIN_BACKENDS.get(name, name)
    if "." not in path:
        raise ImproperlyConfigured(
            f"Unknown notification backend {name!r}; use one of "
            f"{', '.join(sorted(BUILTIN_BACKENDS))} or a dotted path."
        )
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"Cannot import notification backend {path}."
        ) from exc
    if not (isinstance(cls, type) and issubclass(cls, ChannelBackend)):
        raise ImproperlyConfigured(f"{path} is not a ChannelBackend.")
    return cls


def get_backend(channel: str) -> ChannelBackend:
    """A fresh backend for ``channel`` as settings.NOTIFICATIONS configures it."""
    name = settings.NOTIFICATIONS.get(channel) or ""
    if not name:
        raise ImproperlyConfigured(f"No notification backend set for {channel!r}.")
    return backend_class(name)()
