# SPDX-License-Identifier: EUPL-1.2
"""Transactional answers: a complaint becomes a report after confirmation, a report's
public status, a service complaint handed to officers."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from balai.accounts.tests.factories import UserFactory
from balai.assistant.models import Conversation
from balai.reports.models import Report
from balai.reports.tests.factories import category

pytestmark = pytest.mark.django_db
URL = "/api/v1/assistant/messages"


def _talk(client: APIClient, *texts: str) -> list[dict]:
    answers: list[dict] = []
    for text in texts:
        body = {"text": text}
        if answers:
            body["conversation"] = answers[-1]["conversation"]
        response = client.post(URL, body, format="json")
        assert response.status_code == 200, response.content
        answers.append(response.json())
    return answers


def test_a_confirmed_complaint_becomes_a_report():
    category("pju-mati", name_id="Lampu jalan (PJU) mati", name_en="Street light out",
             keywords="pju,lampu,gelap")  # fmt: skip
    category("jalan-berlubang")
    citizen = UserFactory()
    client = APIClient()
    client.force_authenticate(citizen)
    complaint, confirm = _talk(
        client, "lampu jalan di gang melati mati sudah seminggu", "ya"
    )
    assert (complaint["intent"], complaint["service"]) == ("complaint", "pengaduan")
    assert complaint["action"] == "confirm_report"
    assert confirm["action"] == "ask_location"
    assert Report.objects.count() == 0  # nothing before the place is given
    response = client.post(
        URL,
        {
            "text": "Jl. Dago No. 10, RT 02 RW 05",
            "conversation": confirm["conversation"],
        },
        format="json",
    )
    place = response.json()
    report = Report.objects.get()
    assert report.category.code == "pju-mati"
    assert report.reporter == citizen
    assert report.description == "lampu jalan di gang melati mati sudah seminggu"
    assert report.public_id in place["reply"]
    assert place["sources"][0]["url"] == f"/laporan/{report.public_id}/"
    status = _talk(client, f"status laporan {report.public_id} gimana")[0]
    assert (status["intent"], status["service"]) == ("status_report", "pengaduan")
    assert str(report.get_status_display()) in status["reply"]


def test_a_declined_complaint_files_nothing():
    category()
    _complaint, declined = _talk(APIClient(), "jalan depan rumah berlubang", "tidak")
    assert Report.objects.count() == 0
    assert "tidak ada laporan" in declined["reply"].lower()


def test_a_complaint_about_a_service_goes_to_an_officer_with_the_transcript():
    answers = _talk(APIClient(), "ktp saya tidak dicetak cetak sudah tiga bulan", "ya")
    assert answers[0]["service"] == "ktp-el"
    assert answers[1]["action"] == "handoff"
    conversation = Conversation.objects.get(pk=answers[1]["conversation"])
    assert conversation.handed_off and conversation.handed_off_at
    assert conversation.messages.count() == 4  # the transcript the officer reads
    assert Report.objects.count() == 0
