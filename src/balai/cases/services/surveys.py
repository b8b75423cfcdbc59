# SPDX-License-Identifier: EUPL-1.2
"""The citizen's satisfaction survey after completion (PermenPAN-RB 14/2017)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from balai.cases import events
from balai.cases.constants import IKM_ELEMENTS, PURPOSE_APPLY, ErrorCode, Status
from balai.cases.models import Application, SatisfactionSurvey
from balai.cases.services.applying import _ensure_own
from balai.cases.services.common import ensure_status, locked
from balai.core.errors import BalaiError
from balai.security import audit


@transaction.atomic
def survey_submit(
    *,
    actor: Any,
    application: Application,
    scores: dict[str, int],
    comment: str = "",
) -> SatisfactionSurvey:
    """Record the nine scores (1-4) and a comment, once per completed application."""
    application = locked(application.pk)
    _ensure_own(actor, application)
    ensure_status(application, Status.COMPLETED)
    if SatisfactionSurvey.objects.filter(application=application).exists():
        raise BalaiError(
            _("You already answered the survey for this application."),
            code=ErrorCode.SURVEY_DONE,
        )
    survey = SatisfactionSurvey(
        application=application,
        respondent=actor,
        service_slug=application.service_slug,
        agency_id=application.agency_id,
        comment=(comment or "").strip(),
        **{name: scores.get(name) for name, _label in IKM_ELEMENTS},
    )
    try:
        survey.full_clean(
            exclude=["application", "respondent", "agency"], validate_unique=False
        )
    except ValidationError as exc:
        raise BalaiError(
            _("Give every element a score from 1 to 4."),
            code=ErrorCode.INVALID_ANSWERS,
            field_errors={
                name: [str(m) for m in messages]
                for name, messages in exc.message_dict.items()
            },
        ) from exc
    try:
        with transaction.atomic():
            survey.save(force_insert=True)
    except IntegrityError as exc:
        raise BalaiError(
            _("You already answered the survey for this application."),
            code=ErrorCode.SURVEY_DONE,
        ) from exc
    audit.record(
        actor=actor,
        action="application.survey",
        target=application,
        purpose=PURPOSE_APPLY,
        changes=[name for name, _label in IKM_ELEMENTS] + ["comment"],
    )
    transaction.on_commit(
        partial(
            events.survey_submitted.send,
            sender=SatisfactionSurvey,
            survey_id=str(survey.pk),
            service_slug=survey.service_slug,
            comment=survey.comment,
            submitted_at=survey.created_at,
        )
    )
    return survey
