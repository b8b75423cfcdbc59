# SPDX-License-Identifier: EUPL-1.2
"""The applications API: the citizen's steps (``citizen``), the officers'
(``officer``); every page action has its operation here."""

from balai.cases.api.views.citizen import (
    ApplicationAnswerApi,
    ApplicationDetailApi,
    ApplicationDocumentCreateApi,
    ApplicationDocumentDownloadApi,
    ApplicationListApi,
    ApplicationOutputApi,
    ApplicationSubmitApi,
    ApplicationSurveyApi,
    ApplicationWithdrawApi,
)
from balai.cases.api.views.officer import (
    ApplicationApproveApi,
    ApplicationAssignApi,
    ApplicationClaimApi,
    ApplicationColleagueListApi,
    ApplicationDocumentCheckApi,
    ApplicationEscalateApi,
    ApplicationInboxCountsApi,
    ApplicationRejectApi,
    ApplicationRequestRevisionApi,
    SatisfactionApi,
)

__all__ = [
    "ApplicationAnswerApi",
    "ApplicationApproveApi",
    "ApplicationAssignApi",
    "ApplicationClaimApi",
    "ApplicationColleagueListApi",
    "ApplicationDetailApi",
    "ApplicationDocumentCheckApi",
    "ApplicationDocumentCreateApi",
    "ApplicationDocumentDownloadApi",
    "ApplicationEscalateApi",
    "ApplicationInboxCountsApi",
    "ApplicationListApi",
    "ApplicationOutputApi",
    "ApplicationRejectApi",
    "ApplicationRequestRevisionApi",
    "ApplicationSubmitApi",
    "ApplicationSurveyApi",
    "ApplicationWithdrawApi",
    "SatisfactionApi",
]
