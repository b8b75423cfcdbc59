# SPDX-License-Identifier: EUPL-1.2
"""Upload checks every app uses: the content decides the type, not the name.

A file is sniffed from its first bytes (``filetype``), compared with the kinds the
caller allows, and refused when it is larger than the limit; errors are translatable
and name what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

import filetype

from balai.core.errors import BalaiError

# kind -> (mime type, extensions people know it by)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", ("pdf",)),
    "jpeg": ("image/jpeg", ("jpg", "jpeg")),
    "png": ("image/png", ("png",)),
    "webp": ("image/webp", ("webp",)),
    "heic": ("image/heic", ("heic",)),
}
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    mime: str
    size: int


def default_max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def check_upload(
    file: IO[bytes],
    *,
    allowed: tuple[str, ...] = ("pdf", "jpeg", "png"),
    max_bytes: int | None = None,
    field: str = "file",
) -> CheckedUpload:
    """Sniff and size-check an uploaded file; raise BalaiError on a bad one."""
    limit = max_bytes or default_max_bytes()
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    names = ", ".join(ext.upper() for kind in allowed for ext in KINDS[kind][1][:1])
    if size == 0:
        raise _error(_("The file is empty."), field)
    if size > limit:
        raise _error(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            field,
            code="upload_too_large",
        )
    guessed = filetype.guess(head)
    kind = next(
        (k for k in allowed if guessed is not None and guessed.mime == KINDS[k][0]),
        None,
    )
    if kind is None:
        raise _error(
            _("This file is not an accepted type. Accepted: %(types)s.")
            % {"types": names},
            field,
            code="upload_wrong_type",
        )
    return CheckedUpload(kind=kind, mime=KINDS[kind][0], size=size)


def _error(message: str, field: str, code: str = "invalid_upload") -> BalaiError:
    return BalaiError(message, code=code, field_errors={field: [message]})
