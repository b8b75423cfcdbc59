# SPDX-License-Identifier: EUPL-1.2
"""Balai's own feedback reaches sentiment through domain events: a survey comment
(cases), a report description (reports) and a comment beside an assistant's answer
(assistant), as the citizen writes them."""

from __future__ import annotations

import pytest

from balai.cases import services as cases
from balai.cases.constants import IKM_ELEMENTS
from balai.cases.documents.testing import signing_pki  # noqa: F401 (fixture)
from balai.cases.tests.conftest import world  # noqa: F401 (fixture)
from balai.cases.tests.support import approved
from balai.reports.tests.factories import submitted
from balai.sentiment.constants import Source
from balai.sentiment.models import Post


def test_a_survey_comment_becomes_a_post(world, django_capture_on_commit_callbacks):  # noqa: F811
    application = approved(world)
    with django_capture_on_commit_callbacks(execute=True):
        survey = cases.survey_submit(
            actor=world.citizen,
            application=application,
            scores={name: 1 for name, _label in IKM_ELEMENTS},
            comment="Prosesnya lama sekali dan petugasnya tidak ramah",
        )
    post = Post.objects.get(source=Source.SURVEY)
    assert post.external_id == str(survey.pk)
    assert post.text == "Prosesnya lama sekali dan petugasnya tidak ramah"
    assert post.label == "negative"
    assert post.service_slug == application.service_slug
    assert post.agency_code == "disdukcapil"
    assert post.author_hash == ""  # never the respondent


def test_a_survey_without_comment_adds_nothing(
    world,  # noqa: F811 (the fixture)
    django_capture_on_commit_callbacks,
):
    application = approved(world)
    with django_capture_on_commit_callbacks(execute=True):
        cases.survey_submit(
            actor=world.citizen,
            application=application,
            scores={name: 4 for name, _label in IKM_ELEMENTS},
        )
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_a_report_description_becomes_a_post(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = submitted(description="Lubang besar di jalan, sudah dua motor jatuh")
    post = Post.objects.get(source=Source.REPORT)
    assert post.external_id == str(report.pk)
    assert post.platform == "balai"
    assert post.label == "negative"
    assert post.posted_at == report.requested_at


@pytest.mark.django_db
def test_a_comment_beside_the_assistants_answer_becomes_a_private_post(
    django_capture_on_commit_callbacks,
):
    from rest_framework.test import APIClient

    from balai.assistant.models import Message
    from balai.sentiment.policies import INTERNAL

    client = APIClient()
    sent = client.post(
        "/api/v1/assistant/messages",
        {"text": "berapa biaya akte lahir?"},
        format="json",
    ).json()
    answer = Message.objects.get(pk=sent["message"])
    assert answer.service  # the answer is about a catalogue service
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/assistant/messages/{answer.pk}/feedback/",
            {"helpful": False, "comment": "jawabannya muter-muter, gak jelas biayanya"},
            format="json",
        )
    assert response.status_code == 204
    post = Post.objects.get(source=Source.ASSISTANT)
    assert post.external_id == str(answer.pk)
    assert post.text == "jawabannya muter-muter, gak jelas biayanya"
    assert post.label == "negative"
    assert post.platform == "balai"
    assert post.service_slug == answer.service
    assert post.agency_code == "disdukcapil"  # from the catalogue
    assert post.author_hash == ""  # never who wrote it
    assert Source.ASSISTANT in INTERNAL  # seen by that agency and administrators only
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/api/v1/assistant/messages/{answer.pk}/feedback/",
            {"helpful": True},
            format="json",
        )
    assert Post.objects.count() == 1  # no comment, no post
