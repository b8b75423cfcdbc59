# SPDX-License-Identifier: EUPL-1.2
"""Uploaded documents are parsed in full and stored clean (issue #10)."""

from __future__ import annotations

import io
import threading

from django.core.files.uploadedfile import SimpleUploadedFile

import pikepdf
import pytest
from PIL import Image

from balai.core import images
from balai.core.errors import BalaiError
from balai.core.samples import ONE_PAGE_PDF
from balai.core.tests.upload_samples import (
    fake_jpeg,
    jpeg_with_gps_and_serial,
    pdf_html_polyglot,
    pdf_with_javascript,
    png_claiming,
)
from balai.core.uploads import clean_upload

_CONTAINERS = (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array)


def _clean(data: bytes, name: str = "berkas.pdf", **kwargs):
    return clean_upload(SimpleUploadedFile(name, data), **kwargs)


def _names_in(pdf_bytes: bytes) -> set[str]:
    """Every dictionary key (and action type) reachable in the file."""
    found: set[str] = set()
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        seen: set[tuple[int, int]] = set()
        stack: list = [pdf.trailer]
        while stack:
            obj = stack.pop()
            if obj.is_indirect:
                if obj.objgen in seen:
                    continue
                seen.add(obj.objgen)
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                found.update(str(key) for key in obj)
                if "/S" in obj:
                    found.add(f"S={obj.S}")
                stack.extend(v for _k, v in obj.items() if isinstance(v, _CONTAINERS))
            elif isinstance(obj, pikepdf.Array):
                stack.extend(v for v in obj if isinstance(v, _CONTAINERS))
    return found


def test_a_pdf_keeps_its_pages():
    cleaned = _clean(ONE_PAGE_PDF)
    assert cleaned.kind == "pdf" and cleaned.mime == "application/pdf"
    with pikepdf.open(io.BytesIO(cleaned.content)) as pdf:
        assert len(pdf.pages) == 1


def test_javascript_launch_actions_and_embedded_files_are_removed():
    hostile = pdf_with_javascript()
    assert {"/OpenAction", "/JS", "/EmbeddedFiles"} <= _names_in(hostile)
    cleaned = _clean(hostile)
    names = _names_in(cleaned.content)
    assert not names & {"/OpenAction", "/AA", "/JS", "/JavaScript", "/EmbeddedFiles"}
    assert "S=/JavaScript" not in names and "S=/Launch" not in names
    assert b"pwned" not in cleaned.content and b"MZ evil" not in cleaned.content
    assert cleaned.removed >= 4


def test_a_pdf_html_polyglot_loses_its_html():
    cleaned = _clean(pdf_html_polyglot())
    assert cleaned.content.startswith(b"%PDF-")
    assert b"<script" not in cleaned.content and b"<html" not in cleaned.content


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\nnot really a pdf\n%%EOF\n", b"%PDF-1.4\n" + b"0" * 4096],
)
def test_damaged_pdfs_are_refused(data):
    with pytest.raises(BalaiError) as excinfo:
        _clean(data)
    assert excinfo.value.code == "invalid_pdf"


def test_a_jpeg_signature_that_is_no_image_is_refused():
    with pytest.raises(BalaiError) as excinfo:
        _clean(fake_jpeg(), name="ktp.jpg")
    assert excinfo.value.field_errors["file"]


def test_a_900_megapixel_png_is_refused_without_decoding():
    bomb = png_claiming(30_000, 30_000)
    assert len(bomb) < 10_000
    with pytest.raises(BalaiError) as excinfo:
        _clean(bomb, name="kk.png")
    assert "pixels" in excinfo.value.message or "piksel" in excinfo.value.message


def test_gps_and_camera_serial_are_stripped_from_jpegs():
    cleaned = _clean(jpeg_with_gps_and_serial(), name="foto.jpg")
    assert cleaned.kind == "jpeg"
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.size == (640, 480)
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
    assert b"SERIAL-1234567" not in cleaned.content


def test_a_png_stays_a_png_re_encoded():
    source = io.BytesIO()
    Image.new("RGBA", (20, 10), (0, 128, 0, 128)).save(source, format="PNG")
    cleaned = _clean(source.getvalue(), name="kk.png")
    assert cleaned.kind == "png"
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.size == (20, 10) and image.mode == "RGB"


def test_decoding_is_limited_to_a_few_images_at_once(settings, monkeypatch):
    settings.UPLOAD_IMAGE_CONCURRENCY = 1
    monkeypatch.setattr(images, "WAIT_SECONDS", 0.2)
    slot = images._semaphore()
    assert slot.acquire(timeout=1)  # another request is decoding
    try:
        with pytest.raises(images.Busy) as excinfo:
            _clean(jpeg_with_gps_and_serial(), name="foto.jpg")
        assert excinfo.value.status == 503
    finally:
        slot.release()
    done = threading.Event()

    def decode_one() -> None:
        _clean(jpeg_with_gps_and_serial(), name="foto.jpg")
        done.set()

    worker = threading.Thread(target=decode_one)
    worker.start()
    worker.join(10)
    assert done.is_set()
