# SPDX-License-Identifier: EUPL-1.2
"""Decoding uploaded images safely: bounded pixels, reduced decoding, few at once.

An image bomb is a small file that decodes to a huge bitmap (a 233 KB PNG of 60
megapixels takes 0.75 GB). Three bounds stop it:

- pixels are counted from the header before anything is decoded: at most
  ``UPLOAD_MAX_PIXELS`` (50 MP: a phone photo) for JPEG, which is decoded reduced
  (``Image.draft``: 1/2, 1/4 or 1/8 scale straight from the DCT), and at most a
  quarter of that for formats decoded in full (PNG, WebP, HEIC);
- Pillow's own guard (``Image.MAX_IMAGE_PIXELS``) is set to the same bound;
- at most ``UPLOAD_IMAGE_CONCURRENCY`` images are decoded at once per process;
  others wait up to 30 seconds, then are refused with 503 (try again).

The result is always a fresh image: upright (EXIF orientation applied), RGB, no
EXIF/GPS/XMP/ICC/comments; the caller re-encodes it.
"""

from __future__ import annotations

import threading
import warnings
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from PIL import Image, UnidentifiedImageError

from balai.core.errors import BalaiError

WAIT_SECONDS = 30
_lock = threading.Lock()
_slots: threading.BoundedSemaphore | None = None
_slots_size = 0


class Busy(BalaiError):
    code = "busy"
    status = 503


def _semaphore() -> threading.BoundedSemaphore:
    global _slots, _slots_size
    size = max(1, int(settings.UPLOAD_IMAGE_CONCURRENCY))
    with _lock:
        if _slots is None or _slots_size != size:
            _slots, _slots_size = threading.BoundedSemaphore(size), size
        return _slots


def max_pixels(format_name: str | None) -> int:
    """The pixel bound of a format: reduced decoding (JPEG) allows more."""
    bound = int(settings.UPLOAD_MAX_PIXELS)
    return bound if format_name == "JPEG" else bound // 4


def decode(
    upload: IO[bytes], *, max_side: int, field: str, code: str = "invalid_image"
) -> Image.Image:
    """The upload's pixels, upright, RGB, at most ``max_side`` on the long side.

    BalaiError(``code``) when the file is not a whole image or too large in pixels;
    Busy when the process is already decoding its share of images."""
    semaphore = _semaphore()
    if not semaphore.acquire(timeout=WAIT_SECONDS):
        raise Busy(_("The server is busy with other photos. Try again in a minute."))
    try:
        return _decode(upload, max_side=max_side, field=field, code=code)
    finally:
        semaphore.release()


def _decode(upload: IO[bytes], *, max_side: int, field: str, code: str) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = int(settings.UPLOAD_MAX_PIXELS)
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns above MAX_IMAGE_PIXELS: here that is a refusal
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
        with image:
            width, height = image.size
            if width < 1 or height < 1 or width * height > max_pixels(image.format):
                raise _bad(_("The image is too large in pixels."), field, code)
            if image.format == "JPEG":
                # decode at 1/2, 1/4 or 1/8 scale when that still covers the size
                # the picture will be shrunk to (the long side at max_side)
                scale = max_side / max(width, height)
                if scale < 1:
                    image.draft(
                        "RGB",
                        (max(1, int(width * scale)), max(1, int(height * scale))),
                    )
            image.load()  # the whole file is parsed: a fake or cut image fails here
            if image.mode in ("RGBA", "LA", "P", "PA"):
                rgba = image.convert("RGBA")
                background = Image.new("RGBA", rgba.size, "white")
                rgb = Image.alpha_composite(background, rgba).convert("RGB")
                del rgba, background
            elif image.mode != "RGB":
                rgb = image.convert("RGB")
            else:
                rgb = image.copy()
            orientation = image.getexif().get(0x0112)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _bad(_("The image cannot be read."), field, code) from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _bad(_("The image is too large in pixels."), field, code) from exc
    # shrink first, then turn upright: the rotation works on the small picture
    rgb.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=2.0)
    transpose = _ORIENTATION.get(orientation or 1)
    if transpose is not None:
        rgb = rgb.transpose(transpose)
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)  # a fresh image carries no info dict (exif, icc, xmp, comments)
    return clean


_T = Image.Transpose
_ORIENTATION = {
    2: _T.FLIP_LEFT_RIGHT,
    3: _T.ROTATE_180,
    4: _T.FLIP_TOP_BOTTOM,
    5: _T.TRANSPOSE,
    6: _T.ROTATE_270,
    7: _T.TRANSVERSE,
    8: _T.ROTATE_90,
}


def _bad(message: str, field: str, code: str) -> BalaiError:
    return BalaiError(message, code=code, field_errors={field: [message]})
