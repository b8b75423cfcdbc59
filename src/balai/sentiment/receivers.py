# SPDX-License-Identifier: EUPL-1.2
"""Balai's own feedback as it is written: survey comments (cases), report
descriptions (reports), consultation comments (participation) and the comments
beside the assistant's "did this answer your question?" (assistant) arrive as domain
events and are ingested in a task, so a failure here never disturbs the citizen's
submission."""

from __future__ import annotations

from typing import Any

from balai.sentiment.constants import Source


def _enqueue(**kwargs: Any) -> None:
    from balai.sentiment.tasks import feedback_ingest_task

    feedback_ingest_task.enqueue(**kwargs)


def on_survey_submitted(
    *, survey_id: str, service_slug: str, comment: str, submitted_at: Any, **_: Any
) -> None:
    if not (comment or "").strip():
        return
    _enqueue(
        source=Source.SURVEY.value,
        external_id=survey_id,
        text=comment,
        service_slug=service_slug,
        agency_code="",
        region_code="",
        posted_at=submitted_at.isoformat(),
    )


def on_report_submitted(
    *,
    report_id: str,
    category: str,
    description: str,
    region_code: str,
    agency_code: str,
    requested_at: Any,
    **_: Any,
) -> None:
    if not (description or "").strip():
        return
    _enqueue(
        source=Source.REPORT.value,
        external_id=report_id,
        text=description,
        service_slug="",
        agency_code=agency_code,
        region_code=region_code,
        posted_at=requested_at.isoformat(),
    )


def on_consultation_comment(
    *,
    comment_id: str,
    text: str,
    agency_code: str,
    submitted_at: Any,
    **_: Any,
) -> None:
    if not (text or "").strip():
        return
    _enqueue(
        source=Source.CONSULTATION.value,
        external_id=comment_id,
        text=text,
        service_slug="",
        agency_code=agency_code,
        region_code="",
        posted_at=submitted_at.isoformat(),
    )


def on_assistant_feedback(
    *,
    message_id: str,
    comment: str,
    service_slug: str,
    submitted_at: Any,
    **_: Any,
) -> None:
    if not (comment or "").strip():
        return
    _enqueue(
        source=Source.ASSISTANT.value,
        external_id=message_id,
        text=comment,
        service_slug=service_slug,
        agency_code="",
        region_code="",
        posted_at=submitted_at.isoformat(),
    )


def connect() -> None:
    from balai.cases.events import survey_submitted
    from balai.reports.events import report_submitted

    survey_submitted.connect(on_survey_submitted, dispatch_uid="sentiment.survey")
    report_submitted.connect(on_report_submitted, dispatch_uid="sentiment.report")
    from balai.participation.events import comment_submitted

    comment_submitted.connect(
        on_consultation_comment, dispatch_uid="sentiment.consultation"
    )
    from balai.assistant.events import feedback_given

    feedback_given.connect(on_assistant_feedback, dispatch_uid="sentiment.assistant")
