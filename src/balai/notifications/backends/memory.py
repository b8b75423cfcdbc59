# SPDX-License-Identifier: EUPL-1.2
"""Keep sent messages in a list, for tests: ``outbox`` is cleared by the test fixture.

Each entry is a snapshot taken at sending time, so a sensitive body that the outbox
row redacts afterwards can still be read by the test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from balai.notifications.backends.base import ChannelBackend

if TYPE_CHECKING:
    from balai.notifications.models import Message


@dataclass(frozen=True)
class SentMessage:
    id: str
    channel: str
    recipient: str
    template: str
    language: str
    subject: str
    body: str


outbox: list[SentMessage] = []


class MemoryBackend(ChannelBackend):
    name = "memory"

    def send(self, message: Message) -> str | None:
        outbox.append(
            SentMessage(
                id=str(message.pk),
                channel=message.channel,
                recipient=message.recipient,
                template=message.template,
                language=message.language,
                subject=message.subject,
                body=message.body,
            )
        )
        return f"memory-{len(outbox)}"
