# SPDX-License-Identifier: EUPL-1.2
"""Private files: stored under ``MEDIA_ROOT/private``, never given a public URL.

Supporting documents (scans of KTP or KK, certificates) are personal data. They live in
their own directory so a web server that serves ``MEDIA_ROOT`` can be told to refuse
``private/``, and the storage has no URL at all: views hand them out only after a
policy check and an audit entry.
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property

PRIVATE_DIR = "private"


class PrivateFileStorage(FileSystemStorage):
    """File system storage below ``MEDIA_ROOT/private`` whose files have no URL."""

    @cached_property
    def base_location(self) -> str:
        return os.path.join(str(settings.MEDIA_ROOT), PRIVATE_DIR)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through a view.")


_storage = PrivateFileStorage()


def private_storage() -> PrivateFileStorage:
    """The shared private storage (a callable, so migrations do not freeze a path)."""
    return _storage


def uuid_name(directory: str, filename: str, *, allowed: tuple[str, ...]) -> str:
    """``<directory>/<uuid4>.<ext>``: the client's name is dropped, its extension kept
    only when it is one of ``allowed`` (callers set a name from the sniffed type)."""
    ext = os.path.splitext(filename or "")[1].lower().lstrip(".")
    suffix = f".{ext}" if ext in allowed else ""
    return f"{directory}/{uuid.uuid4().hex}{suffix}"
