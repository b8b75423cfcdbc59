# SPDX-License-Identifier: EUPL-1.2
"""The contract every channel backend fulfils."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from balai.notifications.models import Message


class DeliveryError(Exception):
    """Sending failed. ``permanent`` means retrying cannot help (bad address, 4xx).

    The text is stored in ``Message.last_error``: it must never contain the recipient.
    """

    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent


class BackendNotConfigured(DeliveryError):
    """Settings are missing (URL, directory). Temporary: fix the setting, it retries."""

    def __init__(self, message: str) -> None:
        super().__init__(message, permanent=False)


class ChannelBackend:
    """Hands one message to a provider and returns the provider's id for it, if any."""

    #: short name used in settings.NOTIFICATIONS
    name = "base"

    def send(self, message: Message) -> str | None:
        raise NotImplementedError
