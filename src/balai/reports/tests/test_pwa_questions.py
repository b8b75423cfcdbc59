# SPDX-License-Identifier: EUPL-1.2
"""Each category's own questions (Open311 attributes) on the reporting form.

The seeded categories ask one question of every Open311 datatype. The form shows
them with their labels, hints and required flags; the answers reach the report; a
missing or wrong answer is named by its label, never by its code; the officer reads
labels and answer names.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import translation

import pytest

from balai.accounts.tests.factories import StaffFactory
from balai.core.errors import BalaiError
from balai.reports.attributes import clean_attributes
from balai.reports.models import Category, Report
from balai.reports.seed import seed_catalogue
from balai.reports.seed_questions import QUESTIONS
from balai.reports.tests.factories import agency

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}
CODES = ("ukuran", "kedalaman", "kedalaman_air", "jenis_sampah", "menghalangi")


@pytest.fixture
def seeded() -> None:
    seed_catalogue()


def base(service_code: str, **answers: Any) -> dict[str, Any]:
    data = {
        "service_code": service_code,
        "description": "Lubang besar di depan SDN 3.",
        "lat": "-6.8846",
        "lon": "107.6133",
        "address": "Jl. Ir. H. Juanda",
        "client_token": str(uuid.uuid4()),
    }
    for code, value in answers.items():
        data[f"a:{service_code}:{code}"] = value
    return data


def test_seeded_categories_ask_every_datatype():
    kinds = {q["datatype"] for rows in QUESTIONS.values() for q in rows}
    assert kinds == {
        "string",
        "number",
        "datetime",
        "text",
        "singlevaluelist",
        "multivaluelist",
    }


def test_form_shows_every_question_with_its_control_label_and_flags(
    client: Client, seeded
):
    html = client.get(reverse("reports:pwa-report")).content.decode()
    # singlevaluelist: radios with the values' names; required, so not "(opsional)"
    assert 'type="radio" name="a:jalan-berlubang:ukuran" value="besar"' in html
    assert "Besar (lebih dari 1 m)" in html
    assert "Seberapa besar kerusakannya?</legend>" in html
    # number: decimal keypad, optional, with its hint
    assert 'name="a:jalan-berlubang:kedalaman"' in html
    assert 'inputmode="decimal"' in html
    assert 'Perkiraan kedalaman lubang (cm) <span class="field__optional">' in html
    assert "Angka saja, misalnya 15" in html
    # datetime: the phone's date and time picker
    assert 'type="datetime-local" name="a:pju-mati:mati_sejak"' in html
    # text: a text area; string: one line
    assert '<textarea name="a:trotoar-rusak:kerusakan"' in html
    assert 'type="text" name="a:pju-mati:nomor_tiang"' in html
    # multivaluelist: checkboxes
    assert 'type="checkbox" name="a:sampah:jenis_sampah" value="plastik"' in html
    # informational attribute: a note, no control
    assert "telepon 112 sekarang." in html
    assert 'name="a:banjir:darurat"' not in html
    # required questions are marked so for the page's own check
    assert 'data-question="a:banjir:kedalaman_air" data-required' in html
    assert 'data-question="a:banjir:kedalaman_air" data-required>' in html
    assert 'data-question="a:pju-mati:nomor_tiang">' in html


def test_english_page_shows_english_labels(client: Client, seeded):
    client.cookies["balai_language"] = "en"
    html = client.get(reverse("reports:pwa-report")).content.decode()
    assert "How large is the damage?" in html and "Large" in html
    assert "What kind of rubbish?" in html and "Choose all that apply" in html


def test_pothole_with_its_answers_is_filed(client: Client, seeded):
    response = client.post(
        reverse("reports:pwa-submit"),
        base("jalan-berlubang", ukuran="besar", kedalaman="12,5"),
        **JSON,
    )
    assert response.status_code == 201, response.content
    report = Report.objects.get(public_id=response.json()["public_id"])
    assert report.attributes == {"ukuran": "besar", "kedalaman": "12.5"}


def test_other_categories_answers_are_not_read(client: Client, seeded):
    data = base("sampah", jenis_sampah=["plastik", "puing"])
    data["a:jalan-berlubang:kedalaman"] = "bukan angka"  # typed, then changed mind
    data["a:banjir:kedalaman_air"] = ""
    response = client.post(reverse("reports:pwa-submit"), data, **JSON)
    assert response.status_code == 201, response.content
    report = Report.objects.get(public_id=response.json()["public_id"])
    assert report.attributes == {"jenis_sampah": ["plastik", "puing"]}


def test_date_time_answer_is_stored_with_its_zone(client: Client, seeded):
    response = client.post(
        reverse("reports:pwa-submit"),
        base("pju-mati", mati_sejak="2026-03-01T19:30", nomor_tiang="PJU-0412"),
        **JSON,
    )
    assert response.status_code == 201, response.content
    report = Report.objects.get(public_id=response.json()["public_id"])
    assert report.attributes["mati_sejak"] == "2026-03-01T19:30:00+07:00"
    assert report.attributes["nomor_tiang"] == "PJU-0412"


def test_missing_and_wrong_answers_are_named_by_label_not_code(client: Client, seeded):
    response = client.post(
        reverse("reports:pwa-submit"),
        base("jalan-berlubang", kedalaman="dalam sekali"),
        **JSON,
    )
    assert response.status_code == 400
    body = response.json()
    errors = body["errors"]
    assert set(errors) == {"a:jalan-berlubang:ukuran", "a:jalan-berlubang:kedalaman"}
    assert errors["a:jalan-berlubang:ukuran"] == ["Pilih salah satu jawaban."]
    assert errors["a:jalan-berlubang:kedalaman"] == [
        "Isi dengan angka, misalnya 12 atau 2,5."
    ]
    assert not Report.objects.exists()
    # the page without JavaScript: the summary names the question, keeps the text
    page = client.post(
        reverse("reports:pwa-submit"),
        base("jalan-berlubang", kedalaman="dalam sekali"),
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Seberapa besar kerusakannya?: Pilih salah satu jawaban." in html
    assert 'value="dalam sekali"' in html
    for code in CODES:
        assert f"Atribut {code}" not in html
    assert not Report.objects.exists()


@pytest.mark.parametrize("language", ["id", "en"])
def test_service_messages_use_labels(seeded, language):
    pothole = Category.objects.get(code="jalan-berlubang")
    flood = Category.objects.get(code="banjir")
    with translation.override(language):
        with pytest.raises(BalaiError) as missing:
            clean_attributes(pothole, {})
        with pytest.raises(BalaiError) as wrong:
            clean_attributes(flood, {"kedalaman_air": "lutut"})
        with pytest.raises(BalaiError) as offered:
            clean_attributes(pothole, {"ukuran": "raksasa"})
    expected = {
        "id": (
            "“Seberapa besar kerusakannya?” wajib diisi.",
            "“Perkiraan kedalaman air (cm)” harus berupa angka, misalnya 12 atau 2.5.",
        ),
        "en": (
            "“How large is the damage?” is required.",
            "“Estimated depth of the water (cm)” must be a number, such as 12 or 2.5.",
        ),
    }[language]
    assert missing.value.message == expected[0]
    assert wrong.value.message == expected[1]
    assert missing.value.field_errors == {"attribute[ukuran]": [expected[0]]}
    assert "raksasa" in offered.value.message
    for error in (missing, wrong, offered):
        text = str(error.value.message)
        assert "ukuran" not in text and "kedalaman_air" not in text
        assert "Atribut" not in text and "Attribute" not in text


def test_officer_reads_labels_and_answer_names(staff_client):
    dlh = agency("dlh")
    seed_catalogue()  # rubbish goes to the environment agency (DLH)
    response = Client().post(
        reverse("reports:pwa-submit"),
        base("sampah", jenis_sampah=["rumah_tangga", "kebun"]),
        **JSON,
    )
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.agency == dlh
    officer = staff_client(StaffFactory(agency=dlh))
    html = officer.get(
        reverse("reports:board-detail", kwargs={"public_id": report.public_id})
    ).content.decode()
    answer = "<dd>Sampah rumah tangga, Daun dan ranting</dd>"
    assert f"<dt>Sampah apa saja?</dt>{answer}" in html
    assert "jenis_sampah" not in html and "rumah_tangga" not in html
