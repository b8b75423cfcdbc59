# SPDX-License-Identifier: EUPL-1.2
"""The demo seeder: an open consultation on a draft Perda with comments, some
answers and an opinion map; a second run adds nothing."""

from __future__ import annotations

import pytest

from balai.accounts.tests.factories import UserFactory
from balai.core.seeding import make_context
from balai.participation.consultations_constants import Phase
from balai.participation.models import Comment, Consultation, OpinionMap, Response
from balai.participation.seed_consultations import seed_consultations


@pytest.mark.django_db
def test_seeder_builds_an_open_consultation_once(django_capture_on_commit_callbacks):
    from balai.accounts.seed import seed_agencies, seed_demo_people

    seed_demo_people(seed_agencies())
    for _n in range(30):
        UserFactory()
    lines: list[str] = []
    context = make_context(residents=0, seed=1, write=lines.append, progress=False)
    with django_capture_on_commit_callbacks(execute=True):
        seed_consultations(context)
    consultation = Consultation.objects.get()
    assert consultation.phase == Phase.OPEN
    assert consultation.draft.kind == "raperda"
    assert Comment.objects.filter(parent__isnull=True).count() == 6  # with offline
    assert Response.objects.count() == 2
    current = OpinionMap.objects.get(consultation=consultation)
    assert current.participants >= 20 and current.groups >= 2
    seed_consultations(context)
    assert Consultation.objects.count() == 1
