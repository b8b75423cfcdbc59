# SPDX-License-Identifier: EUPL-1.2
"""The PDF layout: letterhead, data, QR code pointing to the public page, A4."""

from __future__ import annotations

import datetime as dt

import segno

from balai.cases.documents import selectors
from balai.cases.documents.codes import display_code
from balai.cases.documents.pdf.layout import (
    DocumentContent,
    date_id,
    render_pdf,
)
from balai.cases.documents.pdf.qr import qr_matrix
from balai.cases.documents.tests.pdf_support import page_text, pages

CONTENT = DocumentContent(
    unit_name="Pemerintah Kota Bandung",
    agency_name="Dinas Kependudukan dan Pencatatan Sipil",
    address_line="Jl. Wastukencana No. 2, Bandung 40117",
    title_id="Kutipan Akta Kelahiran",
    title_en="Extract of Birth Certificate",
    number="3273-LU-28112026-0001",
    reference="PMH-2026-000123",
    fields=(("Nama", "Budi Santoso"), ("Tempat lahir", "Bandung")),
    place="Bandung",
    issued_on=dt.date(2026, 11, 28),
    valid_until=None,
    verify_url="https://layanan.example.go.id/verify/ABCDEFGHJKMNPQRSTVWX",
    display_code="ABCD-EFGH-JKMN-PQRS-TVWX",
    signer_name="Dinas Kependudukan dan Pencatatan Sipil",
)


def test_layout_is_deterministic():
    assert render_pdf(CONTENT, invariant=True) == render_pdf(CONTENT, invariant=True)


def test_page_is_a4_with_letterhead_title_data_and_signature_block():
    data = render_pdf(CONTENT, invariant=True)

    (page,) = pages(data)
    box = page["/MediaBox"]
    width, height = float(box[2]), float(box[3])
    assert (round(width), round(height)) == (595, 842)
    text = page_text(data)
    for expected in (
        "PEMERINTAH KOTA BANDUNG",
        "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
        "Jl. Wastukencana No. 2",
        "KUTIPAN AKTA KELAHIRAN",
        "Extract of Birth Certificate",
        "Nomor: 3273-LU-28112026-0001",
        "(Budi Santoso)",
        "Bandung, 28 November 2026",
        "Ditandatangani secara elektronik oleh",
        "ABCD-EFGH-JKMN-PQRS-TVWX",
        "https://layanan.example.go.id/verify/ABCDEFGHJKMNPQRSTVWX",
    ):
        assert expected in text, expected


def test_long_data_flows_onto_a_second_page_with_footer():
    many = tuple((f"Baris {n}", "nilai " * 12) for n in range(60))
    data = render_pdf(
        DocumentContent(**{**CONTENT.__dict__, "fields": many}), invariant=True
    )

    assert len(pages(data)) >= 2
    assert "Halaman 2" in page_text(data)


def test_qr_code_encodes_the_absolute_verification_url():
    url = CONTENT.verify_url

    expected = segno.make(url, error="m", micro=False, boost_error=False)
    assert qr_matrix(url) == tuple(
        tuple(bool(cell) for cell in row) for row in expected.matrix
    )
    # drawn as filled rectangles: one per dark run, in the page's content
    assert " re" in page_text(render_pdf(CONTENT, invariant=True))


def test_issued_pdf_points_to_its_own_verification_page(issue, settings):
    settings.PUBLIC_BASE_URL = "https://layanan.bandung.go.id"
    document = issue()

    text = page_text(selectors.document_pdf(document))
    assert f"https://layanan.bandung.go.id/verify/{document.code}" in text
    assert display_code(document.code) in text
    assert "Bandung, " in text  # the place comes from the unit's region


def test_admin_documents_carry_the_no_legalisation_note(issue):
    deed = issue(template="akta-kelahiran")
    letter = issue(template="surat-izin-reklame")

    assert "tidak memerlukan legalisasi" in page_text(selectors.document_pdf(deed))
    assert "Permendagri No. 104" not in page_text(selectors.document_pdf(letter))


def test_holder_name_is_printed_first_when_no_field_carries_it(issue):
    document = issue(fields=[("Keperluan", "Melamar pekerjaan")])

    text = page_text(selectors.document_pdf(document))
    assert text.index("(Budi Santoso)") < text.index("(Melamar pekerjaan)")


def test_dates_are_written_in_indonesian():
    assert date_id(dt.date(2026, 8, 17)) == "17 Agustus 2026"
