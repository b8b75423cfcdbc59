# SPDX-License-Identifier: EUPL-1.2
"""The public verification page: what it shows, what it hides, uploads, limits."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balai.cases.documents import selectors
from balai.cases.documents.codes import display_code
from balai.cases.documents.services import document_revoke
from balai.cases.documents.tests.pdf_support import append_text_update


def _upload(client, data: bytes, name: str = "dokumen.pdf", code: str = ""):
    return client.post(
        reverse("documents:verify-upload"),
        {"file": SimpleUploadedFile(name, data), "code": code},
    )


def test_code_page_shows_issuer_title_number_and_initials_only(client, issue):
    document = issue()

    response = client.get(reverse("documents:verify", args=[document.code]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-outcome="authentic"' in html
    assert "Dinas Kependudukan dan Pencatatan Sipil" in html
    assert "Kutipan Akta Kelahiran" in html and document.number in html
    assert "B. S." in html
    assert display_code(document.code) in html
    for private in ("Budi", "Santoso", "Sri Wahyuni", "12 Mei 2026"):
        assert private not in html


def test_code_page_answers_in_indonesian_and_english(client, issue):
    document = issue()

    html = client.get(reverse("documents:verify", args=[document.code])).content
    html = html.decode()
    assert 'lang="id"' in html and 'lang="en"' in html
    assert "Authentic and valid" in html
    assert "Asli dan berlaku" in html


def test_code_page_accepts_the_code_as_printed(client, issue):
    document = issue()

    printed = display_code(document.code).lower()
    response = client.get(reverse("documents:verify", args=[printed]))
    assert 'data-outcome="authentic"' in response.content.decode()


def test_revoked_document_shows_date_and_reason_category_not_the_note(
    client, issue, officer
):
    document = issue()
    document_revoke(
        document=document,
        by=officer,
        reason="issued_in_error",
        note="salah ketik nama Budi",
    )

    response = client.get(reverse("documents:verify", args=[document.code]))

    html = response.content.decode()
    assert 'data-outcome="revoked"' in html
    assert "Diterbitkan karena kekeliruan" in html or "Issued in error" in html
    assert "salah ketik" not in html


def test_unknown_code_is_a_404_page_with_the_forms(client, db):
    response = client.get(reverse("documents:verify", args=["ABCDEFGHJKMNPQRSTVWX"]))

    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-outcome="unknown"' in html
    assert 'enctype="multipart/form-data"' in html


def test_code_form_leads_to_the_code_page(client, db):
    response = client.get(
        reverse("documents:verify-upload"), {"code": "abcd efgh jkmn pqrs tvwx"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "documents:verify", args=["ABCDEFGHJKMNPQRSTVWX"]
    )


def test_code_form_keeps_a_bad_code_and_explains(client, db):
    response = client.get(reverse("documents:verify-upload"), {"code": "12345"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="12345"' in html
    assert "error-summary" in html


def test_uploading_the_genuine_pdf_says_authentic(client, issue):
    document = issue()

    response = _upload(client, selectors.document_pdf(document))

    html = response.content.decode()
    assert 'data-outcome="authentic"' in html
    assert 'data-check="intact"' in html
    assert "Budi" not in html


def test_uploading_a_tampered_pdf_says_tampered(client, issue):
    data = selectors.document_pdf(issue(number="3273-LU-28112026-0001"))
    forged = data.replace(b"28112026-0001)", b"28112026-0002)", 1)

    html = _upload(client, forged).content.decode()

    assert 'data-outcome="tampered"' in html
    assert "Tampered: changed after signing" in html


def test_uploading_a_pdf_with_an_added_update_says_modified(client, issue):
    document = issue()
    forged = append_text_update(selectors.document_pdf(document), "PALSU")

    html = _upload(client, forged, code=document.code).content.decode()

    assert 'data-outcome="modified"' in html


def test_uploading_something_else_gives_a_clear_error(client, db):
    response = _upload(client, b"GIF89a" + b"\x00" * 64, name="foto.gif")

    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html
    assert "PDF" in html
    assert "data-outcome" not in html


def test_upload_without_a_file_asks_for_one(client, db):
    response = client.post(reverse("documents:verify-upload"), {})

    assert "error-summary" in response.content.decode()


def test_verification_is_rate_limited(client, issue, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "document_verify": "2/m"}
    url = reverse("documents:verify", args=[issue().code])

    statuses = [client.get(url).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_uploads_are_rate_limited(client, db, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "document_upload": "1/m"}

    first = _upload(client, b"%PDF-1.7\nx\n")
    second = _upload(client, b"%PDF-1.7\nx\n")

    assert first.status_code == 200
    assert second.status_code == 429
