# SPDX-License-Identifier: EUPL-1.2
"""POST /api/v1/assistant/messages: the contract of issue 17, context, limits."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from balai.accounts.tests.factories import AgencyFactory, UserFactory
from balai.assistant.models import Conversation, Message
from balai.cases.models import Application

pytestmark = pytest.mark.django_db
URL = "/api/v1/assistant/messages"
KEYS = {"reply", "intent", "service", "confidence", "sources", "conversation"}


def _send(client: APIClient, text: str, conversation: Any = None) -> Any:
    body: dict[str, Any] = {"text": text}
    if conversation:
        body["conversation"] = conversation
    return client.post(URL, body, format="json")


def test_an_anonymous_question_gets_a_grounded_answer():
    response = _send(APIClient(), "apa saja syarat bikin ktp?")
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) >= KEYS
    assert body["intent"] == "requirements"
    assert body["service"] == "ktp-el"
    assert 0.3 <= body["confidence"] <= 1
    assert body["sources"] == [
        {"title": "KTP Elektronik (KTP-el)", "url": "/layanan/ktp-el/"}
    ]
    assert "Kartu Keluarga" in body["reply"]
    conversation = Conversation.objects.get(pk=body["conversation"])
    assert conversation.user is None
    speakers = list(conversation.messages.values_list("speaker", "intent"))
    assert speakers == [("citizen", "requirements"), ("assistant", "requirements")]


def test_null_service_is_json_null_and_out_of_scope_is_refused_politely():
    body = _send(APIClient(), "besok cuaca di bandung cerah gak?").json()
    assert body["intent"] == "out_of_scope"
    assert body["service"] is None
    assert "Maaf" in body["reply"]
    assert body["sources"][0]["url"] == "/layanan/"


def test_english_questions_get_english_answers():
    body = _send(APIClient(), "How much does a birth certificate cost?").json()
    assert (body["intent"], body["service"]) == ("fee", "akta-kelahiran")
    assert "free of charge" in body["reply"]
    assert body["sources"][0]["title"] == "Birth certificate"


def test_multi_turn_context_and_slot_filling():
    client = APIClient()
    first = _send(client, "syarat akte lahir apa aja").json()
    follow = _send(client, "berapa biayanya?", first["conversation"]).json()
    assert (follow["intent"], follow["service"]) == ("fee", "akta-kelahiran")
    assert follow["conversation"] == first["conversation"]
    ask = _send(client, "mau cek status permohonan", first["conversation"]).json()
    assert ask["intent"] == "status_application"
    assert "PMH-" in ask["reply"]
    number = _send(client, "PMH-2026-000123", first["conversation"]).json()
    assert number["intent"] == "status_application"
    assert "masuk" in number["reply"].lower()  # anonymous: sign in first


def test_a_service_question_without_a_service_asks_which():
    body = _send(APIClient(), "berapa biayanya?").json()
    assert (body["intent"], body["service"]) == ("fee", None)
    assert body["action"] == "ask_service"
    assert body["sources"]  # candidate services to choose from


def test_a_citizen_sees_only_their_own_application():
    owner, other = UserFactory(), UserFactory()
    application = Application.objects.create(
        number="PMH-2026-000321",
        service_slug="kia",
        service_name_id="Kartu Identitas Anak (KIA)",
        service_name_en="Child identity card (KIA)",
        applicant=owner,
        agency=AgencyFactory(),
        status="in_review",
    )
    mine = APIClient()
    mine.force_authenticate(owner)
    body = _send(mine, "status permohonan PMH-2026-000321 gimana?").json()
    assert (body["intent"], body["service"]) == ("status_application", "kia")
    assert str(application.get_status_display()) in body["reply"]
    theirs = APIClient()
    theirs.force_authenticate(other)
    body = _send(theirs, "status permohonan PMH-2026-000321 gimana?").json()
    assert (body["intent"], body["service"]) == ("status_application", None)
    assert "PMH-2026-000321" in body["reply"]
    assert "in_review" not in body["reply"]


def test_a_signed_in_applicant_asking_about_a_service_gets_its_latest_application():
    owner = UserFactory()
    Application.objects.create(
        number="PMH-2026-000777",
        service_slug="ktp-el",
        service_name_id="KTP Elektronik (KTP-el)",
        service_name_en="Electronic identity card (KTP-el)",
        applicant=owner,
        agency=AgencyFactory(),
        status="approved",
    )
    client = APIClient()
    client.force_authenticate(owner)
    body = _send(client, "ktp saya sudah jadi belum?").json()
    assert (body["intent"], body["service"]) == ("status_application", "ktp-el")
    assert "PMH-2026-000777" in body["reply"]
    anonymous = _send(APIClient(), "ktp saya sudah jadi belum?").json()
    assert "PMH-2026-000777" not in anonymous["reply"]
    assert anonymous["action"] == "ask_number"


def test_someone_elses_conversation_is_not_found():
    owner = UserFactory()
    client = APIClient()
    client.force_authenticate(owner)
    conversation = _send(client, "halo").json()["conversation"]
    response = _send(APIClient(), "berapa biayanya?", conversation)
    assert response.status_code == 404
    read = APIClient().get(f"/api/v1/assistant/conversations/{conversation}/")
    assert read.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("text", ["", "   ", "x" * 1001])
def test_bad_text_is_a_problem(text):
    response = _send(APIClient(), text)
    assert response.status_code == 400
    assert Message.objects.count() == 0


def test_feedback_on_an_answer():
    client = APIClient()
    body = _send(client, "halo").json()
    response = client.post(
        f"/api/v1/assistant/messages/{body['message']}/feedback/",
        {"helpful": True},
        format="json",
    )
    assert response.status_code == 204
    assert Message.objects.get(pk=body["message"]).helpful is True


def test_feedback_with_a_comment_and_a_comment_too_long():
    client = APIClient()
    body = _send(client, "berapa biaya akte lahir?").json()
    url = f"/api/v1/assistant/messages/{body['message']}/feedback/"
    too_long = {"helpful": False, "comment": "x" * 1001}
    response = client.post(url, too_long, format="json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert Message.objects.get(pk=body["message"]).helpful is None  # nothing kept
    response = client.post(
        url, {"helpful": False, "comment": "  biayanya tidak disebut  "}, format="json"
    )
    assert response.status_code == 204
    answer = Message.objects.get(pk=body["message"])
    assert (answer.helpful, answer.feedback_comment) == (
        False,
        "biayanya tidak disebut",
    )


def test_the_default_rate_lets_300_messages_a_minute_through(settings):
    from balai.core.ratelimit import rate_for

    rate = rate_for("assistant")
    assert rate is not None
    assert rate.count * 60 / rate.period >= 300


def test_the_rate_limit_is_a_setting(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "assistant": "3/m"}
    client = APIClient()
    statuses = [_send(client, "halo").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "assistant": "0"}
    assert _send(client, "halo").status_code == 200


def test_two_services_named_alike_are_asked_between():
    body = _send(APIClient(), "biaya akta nikah atau akta lahir").json()
    assert (body["intent"], body["service"], body["action"]) == (
        "fee",
        None,
        "ask_service",
    )
    urls = {source["url"] for source in body["sources"]}
    assert urls == {"/layanan/akta-perkawinan/", "/layanan/akta-kelahiran/"}
