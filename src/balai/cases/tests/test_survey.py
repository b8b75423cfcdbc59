# SPDX-License-Identifier: EUPL-1.2
"""The satisfaction survey and the IKM as PermenPAN-RB 14/2017 computes it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from balai.cases import services
from balai.cases.constants import IKM_ELEMENTS
from balai.cases.ikm import ikm_category, ikm_index, ikm_result
from balai.cases.models import SatisfactionSurvey
from balai.cases.tests.support import approved, in_review
from balai.core.errors import BalaiError


def _completed(world):
    application = in_review(world)
    return approved(world, application)


def _scores(value):
    return {name: value for name, _label in IKM_ELEMENTS}


def test_the_index_is_the_weighted_average_times_25():
    averages = {name: Decimal(3) for name, _l in IKM_ELEMENTS}
    assert ikm_index(averages) == Decimal("75.00")
    averages[IKM_ELEMENTS[0][0]] = Decimal(4)
    # (8 * 3 + 4) / 9 * 25 = 77.78
    assert ikm_index(averages) == Decimal("77.78")


@pytest.mark.parametrize(
    ("index", "category"),
    [
        ("100", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25", "D"),
    ],
)
def test_quality_categories_follow_the_regulation(index, category):
    assert ikm_category(Decimal(index))[0] == category


def test_a_completed_application_takes_one_survey(world):
    application = _completed(world)
    services.survey_submit(
        actor=world.citizen, application=application, scores=_scores(4), comment="Cepat"
    )
    with pytest.raises(BalaiError) as excinfo:
        services.survey_submit(
            actor=world.citizen, application=application, scores=_scores(4)
        )
    assert excinfo.value.code == "survey_already_done"
    result = ikm_result(SatisfactionSurvey.objects.all())
    assert result.index == Decimal("100.00")
    assert result.category == "A"


def test_scores_outside_1_to_4_are_refused(world):
    application = _completed(world)
    with pytest.raises(BalaiError) as excinfo:
        services.survey_submit(
            actor=world.citizen, application=application, scores=_scores(5)
        )
    assert IKM_ELEMENTS[0][0] in excinfo.value.field_errors


def test_only_completed_applications_take_the_survey(world):
    application = in_review(world)
    with pytest.raises(BalaiError):
        services.survey_submit(
            actor=world.citizen, application=application, scores=_scores(3)
        )
