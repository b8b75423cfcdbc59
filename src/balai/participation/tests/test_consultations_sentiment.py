# SPDX-License-Identifier: EUPL-1.2
"""A consultation comment reaches sentiment through ``comment_submitted``."""

from __future__ import annotations

import pytest

from balai.accounts.tests.factories import UserFactory
from balai.participation.services import consultations as services
from balai.participation.tests.consultation_factories import open_consultation
from balai.sentiment.constants import Source
from balai.sentiment.models import Post


@pytest.mark.django_db
def test_a_consultation_comment_becomes_a_post(django_capture_on_commit_callbacks):
    consultation = open_consultation()
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_submit(
            actor=UserFactory(),
            consultation=consultation,
            text="Aturan ini buruk sekali dan merugikan pedagang kecil",
        )
    post = Post.objects.get(source=Source.CONSULTATION)
    assert post.external_id == str(comment.pk)
    assert post.agency_code == consultation.draft.agency.code
    assert post.text.startswith("Aturan ini buruk")
    assert post.author_hash == ""
