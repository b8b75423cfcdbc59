# SPDX-License-Identifier: EUPL-1.2
import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from balai.sentiment.models import Correction, Post, SpikeAlert
from balai.sentiment.services import posts_purge
from balai.sentiment.tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_purge_deletes_only_what_is_past_retention(settings):
    settings.SENTIMENT_RETENTION_DAYS = 30
    now = timezone.now()
    old = PostFactory(posted_at=now - dt.timedelta(days=31))
    Correction.objects.create(
        post=old, label="positive", previous_label="negative", text=old.text
    )
    kept = PostFactory(posted_at=now - dt.timedelta(days=29))
    SpikeAlert.objects.create(
        agency_code="dlh", day=(now - dt.timedelta(days=40)).date(), negative=30,
        total=40, baseline_rate=0.3, p_value=1e-6, test="t",
    )  # fmt: skip
    assert posts_purge(dry_run=True) == {"posts": 1, "topics": 0, "alerts": 1}
    assert Post.objects.count() == 2
    assert posts_purge() == {"posts": 1, "topics": 0, "alerts": 1}
    assert list(Post.objects.all()) == [kept]
    assert Correction.objects.count() == 0 and SpikeAlert.objects.count() == 0
    assert posts_purge() == {"posts": 0, "topics": 0, "alerts": 0}  # idempotent


def test_purge_command(settings):
    PostFactory(posted_at=timezone.now() - dt.timedelta(days=400))
    out = StringIO()
    call_command("sentiment", "purge", "--dry-run", stdout=out)
    assert "would delete 1 posts" in out.getvalue() and Post.objects.count() == 1
    call_command("sentiment", "purge", "--days", "365", stdout=out)
    assert Post.objects.count() == 0
