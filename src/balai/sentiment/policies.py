# SPDX-License-Identifier: EUPL-1.2
"""Who may use sentiment analysis: verified staff (officers, agency heads, system
administrators) read the dashboard, correct labels and send posts; officers and
heads see every agency's public posts (they are public opinion) but only their own
agency's internal feedback (survey comments, report descriptions)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from balai.accounts.constants import Role
from balai.accounts.policies import has_role, is_staff_member, is_verified
from balai.security.policy import ensure, rule
from balai.sentiment.constants import Source
from balai.sentiment.models import Post

ROLES = (Role.OFFICER, Role.AGENCY_HEAD, Role.SYSTEM_ADMIN)
VIEW = "sentiment.view_posts"
LABEL = "sentiment.label_post"
INGEST = "sentiment.ingest_posts"
INTERNAL = (Source.SURVEY, Source.REPORT, Source.ASSISTANT)


def is_sentiment_staff(user: Any) -> bool:
    return (
        is_staff_member(user)
        and is_verified(user)
        and any(has_role(user, role) for role in ROLES)
    )


def _agency_code(user: Any) -> str:
    agency = getattr(user, "agency", None)
    return getattr(agency, "code", "") or ""


@rule(VIEW)
def _view_posts(user: Any, obj: Any) -> bool:
    return is_sentiment_staff(user)


@rule(LABEL)
def _label_post(user: Any, obj: Any) -> bool:
    if not is_sentiment_staff(user):
        return False
    return obj is None or visible_posts(user).filter(pk=obj.pk).exists()


@rule(INGEST)
def _ingest_posts(user: Any, obj: Any) -> bool:
    return is_sentiment_staff(user)


def ensure_can_view_posts(user: Any) -> None:
    ensure(user, VIEW)


def ensure_can_label_post(user: Any, post: Post) -> None:
    ensure(user, LABEL, post)


def ensure_can_ingest_posts(user: Any) -> None:
    ensure(user, INGEST)


def visible_posts(user: Any) -> QuerySet[Post]:
    """Public posts for all sentiment staff; internal feedback only for the system
    administrator and the agency it is about."""
    if not is_sentiment_staff(user):
        return Post.objects.none()
    if has_role(user, Role.SYSTEM_ADMIN):
        return Post.objects.all()
    return Post.objects.filter(
        ~Q(source__in=INTERNAL) | Q(agency_code=_agency_code(user), agency_code__gt="")
    )
