# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

import pytest

from balai.core.errors import BalaiError
from balai.core.uploads import check_upload

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_png_and_pdf_are_recognised_by_content():
    assert check_upload(SimpleUploadedFile("x.png", PNG)).kind == "png"
    assert check_upload(SimpleUploadedFile("scan.bin", PDF)).kind == "pdf"


def test_a_renamed_executable_is_refused():
    fake = SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(BalaiError) as excinfo:
        check_upload(fake)
    assert excinfo.value.code == "upload_wrong_type"
    assert "PDF" in excinfo.value.message


def test_size_limit_and_empty_files_are_refused_with_clear_errors():
    with pytest.raises(BalaiError) as excinfo:
        check_upload(SimpleUploadedFile("x.png", PNG), max_bytes=10)
    assert excinfo.value.code == "upload_too_large"
    with pytest.raises(BalaiError):
        check_upload(io.BytesIO(b""))


def test_upload_errors_are_translated():
    with translation.override("id"), pytest.raises(BalaiError) as excinfo:
        check_upload(SimpleUploadedFile("x.exe", b"MZ" + b"\x00" * 100))
    assert "Jenis berkas ini tidak diterima" in excinfo.value.message
