# SPDX-License-Identifier: EUPL-1.2
"""Hostile and ordinary upload samples, made on the spot (no files downloaded)."""

from __future__ import annotations

import io
import struct
import zlib

import pikepdf
from PIL import Image

from balai.core.samples import ONE_PAGE_PDF


def pdf_with_javascript() -> bytes:
    """A PDF that runs JavaScript on opening, on a page, and carries a file."""
    pdf = pikepdf.open(io.BytesIO(ONE_PAGE_PDF))
    script = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert('pwned')")
    )
    pdf.Root.OpenAction = script
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array(["x", script])),
        EmbeddedFiles=pikepdf.Dictionary(
            Names=pikepdf.Array(
                [
                    "payload.exe",
                    pdf.make_indirect(
                        pikepdf.Dictionary(
                            Type=pikepdf.Name.Filespec,
                            F="payload.exe",
                            EF=pikepdf.Dictionary(
                                F=pdf.make_stream(b"MZ evil executable")
                            ),
                        )
                    ),
                ]
            )
        ),
    )
    page = pdf.pages[0].obj
    page.AA = pikepdf.Dictionary(
        O=pikepdf.Dictionary(S=pikepdf.Name.Launch, F="cmd.exe")
    )
    page.Annots = pikepdf.Array(
        [
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Link,
                Rect=[0, 0, 100, 100],
                A=pikepdf.Dictionary(
                    S=pikepdf.Name.JavaScript, JS="this.exportDataObject()"
                ),
            )
        ]
    )
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdf_html_polyglot() -> bytes:
    """A PDF that is also an HTML page (HTML in a comment and after %%EOF)."""
    head, rest = ONE_PAGE_PDF.split(b"\n", 1)
    html = b"<html><body><script>alert(document.cookie)</script></body></html>"
    return head + b"\n%" + html + b"\n" + rest + html


def fake_jpeg() -> bytes:
    """JPEG magic bytes, then no image at all."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + (
        b"<script>alert(1)</script>" * 200
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` (grey), with real zero rows
    only when small enough to make quickly; the pixel check reads the header."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    rows = height if width * height <= 64_000_000 else 1
    data = b"".join(compressor.compress(row) for _ in range(rows)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def jpeg_with_gps_and_serial(size: tuple[int, int] = (640, 480)) -> bytes:
    image = Image.new("RGB", size, (180, 90, 40))
    exif = Image.Exif()
    exif[0x010F] = "Kamera Uji"  # Make
    exif[0xA431] = "SERIAL-1234567"  # BodySerialNumber
    gps = {1: "S", 2: (6.0, 54.0, 53.0), 3: "E", 4: (107.0, 36.0, 35.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()
