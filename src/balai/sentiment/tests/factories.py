# SPDX-License-Identifier: EUPL-1.2
"""Posts for tests, written straight to the database (synthetic text only)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import factory

from balai.sentiment.constants import Source
from balai.sentiment.models import Post


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    source = Source.UPLOAD
    platform = "x"
    text = factory.Sequence(lambda n: f"antrean di kantor lama sekali nomor {n}")
    posted_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    label = "negative"
    score = 0.8
    uncertainty = 0.3
    agency_code = "disdukcapil"
