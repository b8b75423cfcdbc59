# SPDX-License-Identifier: EUPL-1.2
"""Print messages on standard output (development), with the recipient masked."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from balai.notifications.backends.base import ChannelBackend
from balai.notifications.privacy import mask_recipient

if TYPE_CHECKING:
    from balai.notifications.models import Message


class ConsoleBackend(ChannelBackend):
    name = "console"

    def send(self, message: Message) -> str | None:
        rule = "-" * 72
        sys.stdout.write(
            f"{rule}\n[{message.channel}] to {mask_recipient(message.recipient)} "
            f"({message.template}, {message.pk})\nSubject: {message.subject}\n\n"
            f"{message.body}\n{rule}\n"
        )
        sys.stdout.flush()
        return None
