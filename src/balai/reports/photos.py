# SPDX-License-Identifier: EUPL-1.2
"""Photo processing: sniff, honour orientation, resize, re-encode without metadata.

The uploaded bytes are never stored. The pixels are decoded within the bounds of
``balai.core.images`` (pixel count from the header, reduced JPEG decoding, a few
decodes at once), rotated as the EXIF orientation says, shrunk to
``REPORTS_PHOTO_MAX_SIDE`` and written as a fresh JPEG with no EXIF (so no GPS
position, camera serial or time), no XMP and no ICC profile.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.conf import settings

from PIL import Image

from balai.core import images
from balai.core.uploads import check_upload
from balai.reports.constants import ErrorCode

JPEG_QUALITY = 82


@dataclass(frozen=True)
class ProcessedPhoto:
    content: bytes
    width: int
    height: int


def accepted_kinds() -> tuple[str, ...]:
    """JPEG, PNG and WebP; HEIC only when a Pillow plug-in can decode it."""
    kinds = ["jpeg", "png", "webp"]
    if ".heic" in Image.registered_extensions():
        kinds.append("heic")
    return tuple(kinds)


def process_photo(upload: IO[bytes], *, field: str = "photos") -> ProcessedPhoto:
    """Return the cleaned JPEG of an upload; BalaiError on a bad or foreign file."""
    check_upload(
        upload,
        allowed=accepted_kinds(),
        max_bytes=settings.REPORTS_PHOTO_MAX_BYTES,
        field=field,
    )
    side = max(1, int(settings.REPORTS_PHOTO_MAX_SIDE))
    # bounded pixels, reduced JPEG decoding, a few at once (balai.core.images)
    clean = images.decode(
        upload, max_side=side, field=field, code=ErrorCode.INVALID_PHOTO
    )
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return ProcessedPhoto(buffer.getvalue(), clean.width, clean.height)
