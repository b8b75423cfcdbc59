# SPDX-License-Identifier: EUPL-1.2
"""Consultation pages: public list and detail, citizens' actions, the officers'
pages, the response matrix as page, CSV and PDF, and refusals."""

from __future__ import annotations

import pytest

from balai.accounts.tests.conftest import staff_client  # noqa: F401
from balai.accounts.tests.factories import StaffFactory, UserFactory
from balai.participation.consultations_constants import Decision
from balai.participation.models import Comment, Consultation, Response
from balai.participation.services import consultations as services
from balai.participation.tests.consultation_factories import (
    end_input_period,
    officer,
    open_consultation,
)

pytestmark = pytest.mark.django_db


def _url(consultation: Consultation, rest: str = "") -> str:
    return f"/partisipasi/konsultasi/{consultation.pk}/{rest}"


def test_list_detail_and_landing_show_an_open_consultation(client):
    consultation = open_consultation()
    assert (
        "Raperda Penataan PKL"
        in client.get("/partisipasi/konsultasi/").content.decode()
    )
    assert "Raperda Penataan PKL" in client.get("/partisipasi/").content.decode()
    page = client.get(_url(consultation)).content.decode()
    assert "Pasal 2" in page and "Lokasi berdagang" in page


def test_unknown_consultation_is_404(client):
    assert client.get("/partisipasi/konsultasi/not-a-uuid/").status_code == 404
    response = client.get(
        "/partisipasi/konsultasi/00000000-0000-0000-0000-000000000000/"
    )
    assert response.status_code == 404


def test_citizen_comments_on_a_section_through_the_page(client):
    consultation = open_consultation()
    citizen = UserFactory()
    client.force_login(citizen)
    section = consultation.draft.sections.get(position=2)
    response = client.post(
        _url(consultation, "komentar/"),
        {"text": "Trotoar 2 meter", "section": str(section.pk)},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.section == section and comment.author == citizen
    page = client.get(_url(consultation)).content.decode()
    assert "Trotoar 2 meter" in page


def test_bad_comment_input_gives_a_message_not_an_error(client):
    consultation = open_consultation()
    client.force_login(UserFactory())
    response = client.post(
        _url(consultation, "komentar/"),
        {"text": "", "section": "nonsense", "parent": "also-nonsense"},
        follow=True,
    )
    assert response.status_code in (200, 404)
    assert not Comment.objects.exists()
    response = client.post(_url(consultation, "komentar/"), {"text": ""}, follow=True)
    assert response.status_code == 200
    assert not Comment.objects.exists()


def test_anonymous_visitor_is_sent_to_log_in(client):
    consultation = open_consultation()
    response = client.post(_url(consultation, "komentar/"), {"text": "x"})
    assert response.status_code == 302 and "masuk" in response["Location"]


def test_officer_answers_and_closes_through_the_pages(staff_client):  # noqa: F811
    staff = StaffFactory()
    consultation = open_consultation(officer(staff.agency))
    comment = services.comment_submit(
        actor=UserFactory(), consultation=consultation, text="Usul"
    )
    client = staff_client(staff)
    manage = f"/partisipasi/kelola/konsultasi/{consultation.pk}/"
    assert client.get(manage).status_code == 200
    client.post(
        manage + f"komentar/{comment.pk}/jawab/",
        {"decision": Decision.ACCEPTED, "reason": "Dimuat", "final_section": "Pasal 2"},
    )
    assert Response.objects.get(comment=comment).final_section == "Pasal 2"
    client.post(
        manage + "masukan-luring/",
        {"channel": "hearing", "source": "Rapat RW 3", "text": "Usul luring"},
    )
    end_input_period(consultation)
    page = client.post(manage + "tutup/", {"outcome": "Selesai"}, follow=True)
    assert "1" in page.content.decode()  # the unanswered count is shown
    consultation.refresh_from_db()
    assert consultation.status == "published"
    offline = Comment.objects.get(source="Rapat RW 3")
    client.post(
        manage + f"komentar/{offline.pk}/jawab/",
        {"decision": Decision.OUT_OF_SCOPE, "reason": "Bukan wewenang"},
    )
    client.post(manage + "tutup/", {"outcome": "Selesai"})
    consultation.refresh_from_db()
    assert consultation.status == "closed"
    assert "Selesai" in client.get(_url(consultation)).content.decode()


def test_officer_publishes_a_draft_from_the_page(staff_client):  # noqa: F811
    client = staff_client(StaffFactory())
    response = client.post(
        "/partisipasi/kelola/konsultasi/baru/",
        {
            "title": "Raperda Parkir",
            "kind": "raperda",
            "sections": "Pasal 1\nKetentuan umum.\n\nPasal 2\nTarif parkir.",
            "opens_on": "2026-01-01",
            "closes_on": "2026-02-01",
        },
    )
    consultation = Consultation.objects.get(draft__title="Raperda Parkir")
    assert response["Location"].endswith(f"{consultation.pk}/")
    assert [s.heading for s in consultation.draft.sections.all()] == [
        "Pasal 1",
        "Pasal 2",
    ]
    bad = client.post(
        "/partisipasi/kelola/konsultasi/baru/",
        {"title": "X", "kind": "raperda", "sections": "", "opens_on": "bad"},
    )
    assert bad.status_code == 302 and Consultation.objects.count() == 1


def test_other_agencies_and_citizens_cannot_manage(staff_client):  # noqa: F811
    from django.test import Client

    consultation = open_consultation()
    manage = f"/partisipasi/kelola/konsultasi/{consultation.pk}/"
    client = Client()
    client.force_login(UserFactory())
    assert client.get(manage).status_code == 404
    assert client.get("/partisipasi/kelola/konsultasi/").status_code == 403
    other = staff_client(StaffFactory())
    assert other.get(manage).status_code == 404
    assert other.post(manage + "tutup/", {"outcome": "x"}).status_code == 404


def test_matrix_page_csv_and_pdf():
    from django.test import Client

    staff = officer()
    consultation = open_consultation(staff)
    comment = services.comment_submit(
        actor=UserFactory(), consultation=consultation, text="=HYPERLINK(1)"
    )
    services.response_record(
        actor=staff,
        comment=comment,
        decision=Decision.PARTLY,
        reason="Sebagian",
        final_section="Pasal 3 ayat (1)",
    )
    end_input_period(consultation)
    client = Client()
    page = client.get(_url(consultation, "matriks/")).content.decode()
    assert "Pasal 3 ayat (1)" in page
    csv = client.get(_url(consultation, "matriks.csv"))
    assert csv["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in csv.content.decode()
    pdf = client.get(_url(consultation, "matriks.pdf"))
    assert pdf.content.startswith(b"%PDF")
