# SPDX-License-Identifier: EUPL-1.2
"""The demo seeder runs twice without creating anything new the second time."""

from __future__ import annotations

import pytest

from balai.reports.models import Category, Report
from balai.reports.seed import seed_catalogue, seed_demo_reports


@pytest.mark.django_db
def test_seeder_is_idempotent(sample_regions):
    from balai.accounts.seed import seed_agencies, seed_demo_people

    seed_demo_people(seed_agencies())
    seed_catalogue()
    assert seed_demo_reports() == 8
    counts = (Category.objects.count(), Report.objects.count())
    seed_catalogue()
    assert seed_demo_reports() == 0
    assert (Category.objects.count(), Report.objects.count()) == counts
    pothole = Report.objects.filter(category__code="jalan-berlubang").first()
    assert pothole.agency.code == "dinas-pu"
    assert Report.objects.filter(status="closed").exists()
    assert Report.objects.filter(category__code="parkir-liar").get().agency is None
