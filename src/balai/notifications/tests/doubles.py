# SPDX-License-Identifier: EUPL-1.2
"""Test doubles: a backend that fails on demand, a stand-in staff user."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from balai.notifications.backends.base import ChannelBackend, DeliveryError
from balai.notifications.models import Message


class FlakyBackend(ChannelBackend):
    """Raises the queued errors in turn, then sends; counts every call."""

    errors: list[Exception] = []
    calls: list[str] = []

    def send(self, message: Message) -> str | None:
        FlakyBackend.calls.append(str(message.pk))
        if FlakyBackend.errors:
            raise FlakyBackend.errors.pop(0)
        return "flaky-ok"

    @classmethod
    def reset(cls, *errors: Exception) -> None:
        cls.errors = list(errors)
        cls.calls = []


def temporary(text: str = "Gateway busy.") -> DeliveryError:
    return DeliveryError(text, permanent=False)


def permanent(text: str = "Number does not exist.") -> DeliveryError:
    return DeliveryError(text, permanent=True)


@dataclass
class StaffUser:
    """Just enough of a user for the policy rules."""

    perms: set[str] = field(default_factory=set)
    is_staff: bool = True
    is_active: bool = True
    is_authenticated: bool = True
    pk: uuid.UUID = field(default_factory=uuid.uuid4)

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return perm in self.perms
