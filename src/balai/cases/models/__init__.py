# SPDX-License-Identifier: EUPL-1.2
"""Models of the cases app, one file per model."""

from balai.cases.models.application import Application, ApplicationCounter
from balai.cases.models.documents import ApplicationDocument
from balai.cases.models.history import Transition
from balai.cases.models.payables import ApplicationPayable
from balai.cases.models.requests import InformationRequest
from balai.cases.models.survey import SatisfactionSurvey

__all__ = [
    "Application",
    "ApplicationCounter",
    "ApplicationDocument",
    "ApplicationPayable",
    "InformationRequest",
    "SatisfactionSurvey",
    "Transition",
]
