# SPDX-License-Identifier: EUPL-1.2
"""Helpers to look inside PDFs in tests (pyHanko's reader) and to forge them."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from balai.cases.documents.pki.store import AgencyCredential


def pages(data: bytes) -> list[Any]:
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    return [
        reader.find_page_for_modification(i)[0].get_object()
        for i in range(_count(reader))
    ]


def _count(reader: PdfFileReader) -> int:
    return int(reader.root["/Pages"]["/Count"])


def page_text(data: bytes) -> str:
    """The decoded content streams of every page (text operators included)."""
    chunks = []
    for page in pages(data):
        contents = page["/Contents"]
        streams = contents if isinstance(contents, generic.ArrayObject) else [contents]
        chunks += [stream.get_object().data.decode("latin-1") for stream in streams]
    return "\n".join(chunks)


def append_text_update(data: bytes, text: str) -> bytes:
    """An incremental update drawing ``text`` on page 1: what a forger's editor does."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    overlay = generic.StreamObject(
        stream_data=f"BT /F1 16 Tf 300 520 Td ({text}) Tj ET".encode("latin-1")
    )
    contents = page["/Contents"]
    existing = (
        list(contents)
        if isinstance(contents, generic.ArrayObject)
        else [page.raw_get("/Contents")]
    )
    page["/Contents"] = generic.ArrayObject([*existing, writer.add_object(overlay)])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def self_made_credential(code: str = "disdukcapil") -> AgencyCredential:
    """A self-signed key and certificate copying an agency's name: a forger's."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(
                NameOID.COMMON_NAME, "Dinas Kependudukan dan Pencatatan Sipil"
            ),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    return AgencyCredential(code, key, cert, (), source=None)  # type: ignore[arg-type]
