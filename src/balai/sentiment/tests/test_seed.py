# SPDX-License-Identifier: EUPL-1.2
import pytest

from balai.core.seeding import make_context
from balai.sentiment import seed
from balai.sentiment.models import Post, SpikeAlert, Topic


@pytest.mark.django_db
def test_demo_posts_show_topics_and_a_spike_at_once(monkeypatch):
    monkeypatch.setattr(seed, "POSTS", 500)  # a smaller demo; same generator
    lines: list[str] = []
    context = make_context(residents=10, seed=7, write=lines.append, progress=False)
    seed.seed_posts(context)
    assert Post.objects.count() == 500 + seed.SPIKE_POSTS
    assert Post.objects.exclude(agency_code="").count() > 400
    assert Topic.objects.exists()
    assert list(SpikeAlert.objects.values_list("agency_code", flat=True)) == [
        "disdukcapil"
    ]
    seed.seed_posts(context)  # idempotent
    assert Post.objects.count() == 500 + seed.SPIKE_POSTS
    assert "spike alerts" in lines[0]
