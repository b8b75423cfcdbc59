# SPDX-License-Identifier: EUPL-1.2
"""The demo seeder: applications in several states for the demo citizen, once."""

from __future__ import annotations

from balai.accounts.seed import DEMO_CITIZEN_EMAIL, seed_agencies, seed_demo_people
from balai.cases.constants import Status
from balai.cases.models import Application
from balai.cases.seed import seed_applications
from balai.core.seeding import make_context
from balai.registry.seed import seed_register


def test_the_demo_citizen_gets_applications_in_several_states_once(db, sample_regions):
    lines: list[str] = []
    context = make_context(residents=20, seed=7, write=lines.append, progress=False)
    seed_demo_people(seed_agencies())
    seed_register(context)
    seed_applications(context)
    seed_applications(context)
    statuses = sorted(Application.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_REVISION]
    )
    assert {a.applicant.email for a in Application.objects.all()} == {
        DEMO_CITIZEN_EMAIL
    }
    assert lines[-1] == "cases: 0 new demo applications"
