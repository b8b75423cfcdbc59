# SPDX-License-Identifier: EUPL-1.2
"""Officers' corrections and re-scoring with the quality model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.security import audit
from balai.sentiment import classify, policies
from balai.sentiment.constants import ErrorCode, Label, ModelPath
from balai.sentiment.models import Correction, Post


@transaction.atomic
def correction_record(*, actor: Any, post: Post, label: str) -> Correction:
    """Store an officer's label for a post (kept for the next training) and show it
    from now on; the post leaves the labelling queue."""
    policies.ensure_can_label_post(actor, post)
    if label not in Label.values:
        raise BalaiError(
            _("Choose positive, neutral or negative."),
            code=ErrorCode.BAD_LABEL,
            field_errors={"label": [_("Choose positive, neutral or negative.")]},
        )
    post = Post.objects.select_for_update().get(pk=post.pk)
    correction = Correction(
        post=post, label=label, previous_label=post.label, officer=actor, text=post.text
    )
    correction.full_clean(exclude=["post", "officer"])
    correction.save(force_insert=True)
    post.label, post.corrected, post.uncertainty = label, True, 0.0
    post.score = 1.0
    post.full_clean(exclude=["topic"])
    post.save(
        update_fields=["label", "corrected", "uncertainty", "score", "updated_at"]
    )
    audit.record(
        actor=actor, action="sentiment.correct", target=post, changes=["label"]
    )
    return correction


@transaction.atomic
def posts_rescore(*, post_ids: Sequence[str]) -> int:
    """Re-label posts with the quality model (corrected posts keep the officer's
    label). Idempotent; returns how many posts were re-scored."""
    posts = list(
        Post.objects.select_for_update()
        .filter(pk__in=list(post_ids), corrected=False)
        .order_by("pk")
    )
    if not posts or not classify.quality_available():
        return 0
    predictions = classify.classify([p.text for p in posts], quality=True)
    version = classify.version(quality=True)
    for post, prediction in zip(posts, predictions, strict=True):
        post.label = prediction.label
        post.score = prediction.score
        post.probabilities = prediction.probabilities
        post.uncertainty = prediction.uncertainty
        post.model_version = version
        post.model_path = ModelPath.QUALITY
    Post.objects.bulk_update(
        posts,
        [
            "label",
            "score",
            "probabilities",
            "uncertainty",
            "model_version",
            "model_path",
        ],
    )
    audit.record(
        actor=None,
        action="sentiment.rescore",
        object_type="sentiment.post",
        object_id=str(posts[0].pk),
        changes=["label"],
    )
    return len(posts)
