# SPDX-License-Identifier: EUPL-1.2
"""Saving or deleting an FAQ entry reindexes the knowledge (in every process)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from balai.assistant.knowledge.index import bump_faq_version
from balai.assistant.models import FaqEntry


def faq_changed(sender: Any, **kwargs: Any) -> None:
    bump_faq_version()


def connect() -> None:
    post_save.connect(faq_changed, sender=FaqEntry, dispatch_uid="assistant.faq_save")
    post_delete.connect(
        faq_changed, sender=FaqEntry, dispatch_uid="assistant.faq_delete"
    )
