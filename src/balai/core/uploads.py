# SPDX-License-Identifier: EUPL-1.2
"""Upload checks every app uses: the content decides the type, not the name.

``check_upload`` sniffs a file from its first bytes (``filetype``), compares it with
the kinds the caller allows, and refuses it when larger than the limit.
``clean_upload`` then parses the whole file with a real parser and returns new
bytes to store instead of the upload: images decoded within pixel bounds and
re-encoded without metadata (``balai.core.images``), PDFs rewritten by qpdf without
JavaScript, actions or embedded files (``balai.core.pdfs``). A file that only starts
like a JPEG or PDF fails there. Errors are translatable and name what was expected.
"""

from __future__ import annotations

import io
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


@dataclass(frozen=True)
class CleanedUpload:
    """What to store: the cleaned bytes, their type and size."""

    kind: str
    mime: str
    content: bytes
    removed: int  # active PDF parts removed (0 for images)

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def extension(self) -> str:
        return KINDS[self.kind][1][0]


DOCUMENT_MAX_SIDE = 3000  # px: a scanned A4 page at 250 dpi stays legible
JPEG_QUALITY = 88


def clean_upload(
    file: IO[bytes],
    *,
    allowed: tuple[str, ...] = ("pdf", "jpeg", "png"),
    max_bytes: int | None = None,
    field: str = "file",
) -> CleanedUpload:
    """Check an upload, parse it in full and return clean bytes to store.

    PDFs come back rewritten without active content; JPEG, WebP and HEIC as a fresh
    JPEG, PNG as a fresh PNG, upright and without EXIF (no GPS, no camera serial)."""
    from balai.core import images, pdfs

    checked = check_upload(file, allowed=allowed, max_bytes=max_bytes, field=field)
    if checked.kind == "pdf":
        file.seek(0)
        content, removed = pdfs.sanitise_pdf(file.read(), field=field)
        return CleanedUpload("pdf", KINDS["pdf"][0], content, removed)
    picture = images.decode(
        file, max_side=DOCUMENT_MAX_SIDE, field=field, code="upload_invalid_image"
    )
    buffer = io.BytesIO()
    if checked.kind == "png":
        picture.save(buffer, format="PNG", optimize=True)
        kind = "png"
    else:
        picture.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        kind = "jpeg"
    return CleanedUpload(kind, KINDS[kind][0], buffer.getvalue(), 0)


def _error(message: str, field: str, code: str = "invalid_upload") -> BalaiError:
    return BalaiError(message, code=code, field_errors={field: [message]})
