# SPDX-License-Identifier: EUPL-1.2
"""Taking posts in: validation, pseudonymisation, classification, attribution.

Every route in (file upload, API, connectors, Balai's own feedback events) ends in
``posts_ingest``. A batch is checked whole first: any invalid row rejects the batch
with every row's problem listed, so nothing is half-imported and the sender can fix
the file and send it again. Re-sent rows (same source, platform and external id) are
skipped, so a connector may poll overlapping windows.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.security import audit
from balai.sentiment import attribution, classify, policies
from balai.sentiment.constants import MAX_BATCH, MAX_TEXT, ErrorCode, Source
from balai.sentiment.models import Post
from balai.sentiment.privacy import pseudonymise

logger = logging.getLogger(__name__)


@dataclass
class IngestResult:
    created: list[Post] = field(default_factory=list)
    duplicates: int = 0


@dataclass(frozen=True)
class _Row:
    text: str
    platform: str
    external_id: str
    author: str
    posted_at: dt.datetime
    url: str
    engagement: int
    agency_code: str = ""
    service_slug: str = ""
    region_code: str = ""


def _when(value: Any) -> dt.datetime:
    if value in (None, ""):
        return timezone.now()
    if isinstance(value, dt.datetime):
        parsed: dt.datetime | None = value
    else:
        parsed = parse_datetime(str(value).strip().replace(" ", "T", 1))
        if parsed is None:
            try:
                parsed = dt.datetime.combine(
                    dt.date.fromisoformat(str(value).strip()), dt.time(12)
                )
            except ValueError:
                parsed = None
    if parsed is None:
        raise ValueError("time")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _row(item: Mapping[str, Any], errors: list[str]) -> _Row | None:
    text = str(item.get("text") or "").strip()
    if not text:
        errors.append(_("the text is empty"))
    elif len(text) > MAX_TEXT:
        errors.append(
            _("the text is longer than %(max)d characters") % {"max": MAX_TEXT}
        )
    try:
        posted_at = _when(item.get("time") or item.get("posted_at"))
    except ValueError:
        errors.append(_("the time is not an ISO 8601 date or date-time"))
        posted_at = timezone.now()
    url = str(item.get("url") or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors.append(_("the url is not an http(s) address"))
    try:
        engagement = max(0, int(item.get("engagement") or 0))
    except (TypeError, ValueError):
        errors.append(_("engagement must be a whole number"))
        engagement = 0
    if errors:
        return None
    return _Row(
        text=text,
        platform=str(item.get("platform") or "").strip()[:40],
        external_id=str(item.get("id") or item.get("external_id") or "").strip()[:200],
        author=str(item.get("author") or "").strip(),
        posted_at=posted_at,
        url=url[:1000],
        engagement=min(engagement, 2**31 - 1),
        agency_code=str(item.get("agency_code") or "")[:40],
        service_slug=str(item.get("service_slug") or "")[:80],
        region_code=str(item.get("region_code") or "")[:13],
    )


def validate_rows(items: Sequence[Mapping[str, Any]]) -> list[_Row]:
    """Every row checked; BalaiError listing each bad row (1-based) otherwise."""
    if len(items) > MAX_BATCH:
        raise BalaiError(
            _("At most %(max)d posts at once; this batch has %(count)d.")
            % {"max": MAX_BATCH, "count": len(items)},
            code=ErrorCode.TOO_MANY,
        )
    rows, problems = [], {}
    for number, item in enumerate(items, start=1):
        errors: list[str] = []
        row = _row(item if isinstance(item, Mapping) else {}, errors)
        if row is None:
            problems[f"row {number}"] = errors
        else:
            rows.append(row)
    if problems:
        first_key, first = next(iter(problems.items()))
        raise BalaiError(
            _("%(count)d rows are invalid, nothing was imported (%(row)s: %(error)s).")
            % {"count": len(problems), "row": first_key, "error": first[0]},
            code=ErrorCode.EMPTY_TEXT if "text" in first[0] else ErrorCode.BAD_FILE,
            field_errors=problems,
        )
    return rows


@transaction.atomic
def posts_ingest(
    *,
    items: Sequence[Mapping[str, Any]],
    source: str,
    actor: Any = None,
    platform: str = "",
) -> IngestResult:
    """Validate, pseudonymise, classify (fast path), attribute and store posts.

    ``actor`` None is the system (Balai's own feedback events, connectors run by the
    scheduler); a user must be sentiment staff. Audited once per batch. The quality
    path re-scores the new posts in a task after commit when enabled.
    """
    if actor is not None:
        policies.ensure_can_ingest_posts(actor)
    if source not in Source.values:
        raise BalaiError(_("Unknown source."), code=ErrorCode.BAD_FILE)
    rows = validate_rows(items)
    rows = [
        r if r.platform or not platform else _with_platform(r, platform) for r in rows
    ]
    result = IngestResult()
    fresh = _drop_known(rows, source, result)
    if not fresh:
        return result
    predictions = classify.classify([row.text for row in fresh])
    version = classify.version()
    posts = [
        _post(row, prediction, source, version)
        for row, prediction in zip(fresh, predictions, strict=True)
    ]
    result.created = Post.objects.bulk_create(posts)
    audit.record(
        actor=actor,
        action="sentiment.ingest",
        object_type="sentiment.post",
        object_id=str(result.created[0].pk),
        changes=["text", "label", "author_hash"],
    )
    logger.info(
        "sentiment.ingested source=%s created=%s duplicates=%s",
        source,
        len(result.created),
        result.duplicates,
    )
    if settings.SENTIMENT_QUALITY_RESCORE:
        from balai.sentiment.tasks import posts_rescore_task

        ids = [str(post.pk) for post in result.created]
        transaction.on_commit(partial(posts_rescore_task.enqueue, post_ids=ids))
    return result


def _with_platform(row: _Row, platform: str) -> _Row:
    return _Row(**{**row.__dict__, "platform": platform[:40]})


def _drop_known(rows: list[_Row], source: str, result: IngestResult) -> list[_Row]:
    keyed = {(r.platform, r.external_id) for r in rows if r.external_id}
    known = set()
    if keyed:
        known = set(
            Post.objects.filter(
                source=source, external_id__in=[key[1] for key in keyed]
            ).values_list("platform", "external_id")
        )
    fresh, seen = [], set()
    for row in rows:
        key = (row.platform, row.external_id)
        if row.external_id and (key in known or key in seen):
            result.duplicates += 1
            continue
        seen.add(key)
        fresh.append(row)
    return fresh


def _post(row: _Row, prediction: Any, source: str, version: str) -> Post:
    found = attribution.attribute(row.text)
    described = classify.describe(row.text)
    service = row.service_slug or found.service_slug
    return Post(
        source=source,
        platform=row.platform,
        external_id=row.external_id,
        author_hash=pseudonymise(row.author, platform=row.platform),
        text=row.text,
        language=described["language"],
        posted_at=row.posted_at,
        url=row.url,
        engagement=row.engagement,
        label=prediction.label,
        score=prediction.score,
        probabilities=prediction.probabilities,
        uncertainty=prediction.uncertainty,
        model_version=version,
        sarcasm_marked=bool(described["sarcasm_marked"]),
        service_slug=service,
        agency_code=row.agency_code or found.agency_code,
        region_code=row.region_code or found.region_code,
    )
