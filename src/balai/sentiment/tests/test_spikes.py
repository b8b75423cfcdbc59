# SPDX-License-Identifier: EUPL-1.2
"""Planted spikes are found (and only they), and reach the agency's heads."""

import datetime as dt

from django.utils import timezone

import pytest

from balai.sentiment import spikes
from balai.sentiment.models import SpikeAlert
from balai.sentiment.services import spikes_detect
from balai.sentiment.tests.factories import PostFactory


def test_binomial_test_on_planted_numbers():
    quiet = spikes.Window(
        negative=9, total=30, baseline_negative=300, baseline_total=1000
    )
    spike = spikes.Window(
        negative=24, total=30, baseline_negative=300, baseline_total=1000
    )
    assert spikes.p_value(quiet) > 0.3
    assert spikes.p_value(spike) < 1e-6
    assert spikes.judge(spike, alpha=0.01, tests=5, min_posts=20).spike
    assert not spikes.judge(quiet, alpha=0.01, tests=5, min_posts=20).spike
    few = spikes.Window(negative=5, total=5, baseline_negative=300, baseline_total=1000)
    assert spikes.p_value(few) < 0.01  # significant but too few posts to page anyone
    assert not spikes.judge(few, alpha=0.01, tests=1, min_posts=20).spike
    assert spikes.p_value(spikes.Window(0, 0, 10, 100)) == 1.0


def _plant(
    agency: str, *, days: int, per_day: int, negative_share: float, day_offset=0
):
    # today's posts between local midnight and now; earlier days at the same time
    local = timezone.localtime()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    now = midnight + (local - midnight) / 2
    for back in range(day_offset, day_offset + days):
        for index in range(per_day):
            negative = index < round(per_day * negative_share)
            PostFactory(
                agency_code=agency,
                label="negative" if negative else "positive",
                posted_at=now - dt.timedelta(days=back),
            )


@pytest.mark.django_db
def test_a_planted_spike_raises_one_alert_and_notifies_the_head(
    head, officer, outbox, django_capture_on_commit_callbacks
):
    _plant("disdukcapil", days=28, per_day=10, negative_share=0.3, day_offset=1)
    _plant("disdukcapil", days=1, per_day=40, negative_share=0.8)  # today: the spike
    _plant("dlh", days=28, per_day=10, negative_share=0.3, day_offset=1)
    _plant("dlh", days=1, per_day=40, negative_share=0.3)  # today: ordinary
    with django_capture_on_commit_callbacks(execute=True):
        alerts = spikes_detect()
    assert [a.agency_code for a in alerts] == ["disdukcapil"]
    alert = alerts[0]
    assert (alert.negative, alert.total) == (32, 40)
    assert alert.p_value < 0.01 / 2
    assert "binomial" in alert.test
    assert [m.recipient for m in outbox] == [head.email]  # the head, not the officer
    assert "disdukcapil" in outbox[0].body or "Kependudukan" in outbox[0].body
    alert.refresh_from_db()
    assert alert.recipients == 1
    # a second run the same day adds nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert spikes_detect() == []
    assert SpikeAlert.objects.count() == 1 and len(outbox) == 1


@pytest.mark.django_db
def test_no_alert_without_enough_posts_or_without_a_rise():
    _plant("bapenda", days=28, per_day=4, negative_share=0.25, day_offset=1)
    _plant("bapenda", days=1, per_day=10, negative_share=1.0)  # too few posts today
    assert spikes_detect() == []
