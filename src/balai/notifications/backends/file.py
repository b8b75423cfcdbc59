# SPDX-License-Identifier: EUPL-1.2
"""Write each message as a JSON file (the demo default: read your sign-up code there).

Files go to ``settings.NOTIFICATIONS["file_dir"]``, named ``<created>-<id>.json`` so
they sort by time, readable by the owner only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

from balai.notifications.backends.base import BackendNotConfigured, ChannelBackend

if TYPE_CHECKING:
    from balai.notifications.models import Message


class FileBackend(ChannelBackend):
    name = "file"

    def send(self, message: Message) -> str | None:
        directory = settings.NOTIFICATIONS.get("file_dir") or ""
        if not directory:
            raise BackendNotConfigured(
                "No outbox directory: set BALAI_NOTIFY_FILE_DIR."
            )
        folder = Path(directory)
        created = (message.created_at or dt.datetime.now(tz=dt.UTC)).astimezone(dt.UTC)
        name = f"{created:%Y%m%dT%H%M%S%fZ}-{message.pk}.json"
        document = {
            "id": str(message.pk),
            "created_at": created.isoformat(),
            "channel": message.channel,
            "recipient": message.recipient,
            "template": message.template,
            "language": message.language,
            "subject": message.subject,
            "body": message.body,
        }
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _write_atomically(folder / name, json.dumps(document, ensure_ascii=False))
        except OSError as exc:
            raise BackendNotConfigured(
                f"Cannot write to the outbox directory ({exc.strerror})."
            ) from exc
        return name


def _write_atomically(path: Path, text: str) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
