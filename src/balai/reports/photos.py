# SPDX-License-Identifier: EUPL-1.2
"""Photo processing: sniff, honour orientation, resize, re-encode without metadata.

The uploaded bytes are never stored. The pixels are decoded, rotated as the EXIF
orientation says, shrunk to ``REPORTS_PHOTO_MAX_SIDE`` and written as a fresh JPEG
with no EXIF (so no GPS position, camera serial or time), no XMP and no ICC profile.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from PIL import Image, ImageOps, UnidentifiedImageError

from balai.core.errors import BalaiError
from balai.core.uploads import check_upload
from balai.reports.constants import ErrorCode

MAX_PIXELS = 60_000_000  # refuse decompression bombs before decoding
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
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise _bad(_("The photo is too large in pixels."), field)
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            rgb = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise _bad(_("The photo cannot be read."), field) from exc
    side = max(1, int(settings.REPORTS_PHOTO_MAX_SIDE))
    rgb.thumbnail((side, side), Image.Resampling.LANCZOS)
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)  # a fresh image carries no info dict (exif, icc, xmp, comments)
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return ProcessedPhoto(buffer.getvalue(), clean.width, clean.height)


def _bad(message: str, field: str) -> BalaiError:
    return BalaiError(
        message, code=ErrorCode.INVALID_PHOTO, field_errors={field: [message]}
    )
