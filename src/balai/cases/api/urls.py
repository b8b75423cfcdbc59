# SPDX-License-Identifier: EUPL-1.2
"""REST API of the cases app (mounted under /api/v1/)."""

from django.urls import path

from balai.cases.api import views

app_name = "cases-api"

ONE = "applications/<uuid:application_id>/"
DOCUMENT = f"{ONE}documents/<uuid:document_id>/"

urlpatterns = [
    path("applications/", views.ApplicationListApi.as_view(), name="application-list"),
    path(
        "applications/counts/",
        views.ApplicationInboxCountsApi.as_view(),
        name="application-counts",
    ),
    path("satisfaction/", views.SatisfactionApi.as_view(), name="satisfaction"),
    path(ONE, views.ApplicationDetailApi.as_view(), name="application-detail"),
    # the citizen's steps
    path(
        f"{ONE}documents/",
        views.ApplicationDocumentCreateApi.as_view(),
        name="application-document-create",
    ),
    path(
        DOCUMENT,
        views.ApplicationDocumentDownloadApi.as_view(),
        name="application-document-download",
    ),
    path(
        f"{ONE}submit/", views.ApplicationSubmitApi.as_view(), name="application-submit"
    ),
    path(
        f"{ONE}answer/", views.ApplicationAnswerApi.as_view(), name="application-answer"
    ),
    path(
        f"{ONE}withdraw/",
        views.ApplicationWithdrawApi.as_view(),
        name="application-withdraw",
    ),
    path(
        f"{ONE}output/", views.ApplicationOutputApi.as_view(), name="application-output"
    ),
    path(
        f"{ONE}survey/", views.ApplicationSurveyApi.as_view(), name="application-survey"
    ),
    # the officers' steps
    path(f"{ONE}claim/", views.ApplicationClaimApi.as_view(), name="application-claim"),
    path(
        f"{ONE}colleagues/",
        views.ApplicationColleagueListApi.as_view(),
        name="application-colleagues",
    ),
    path(
        f"{ONE}assign/", views.ApplicationAssignApi.as_view(), name="application-assign"
    ),
    path(
        f"{DOCUMENT}check/",
        views.ApplicationDocumentCheckApi.as_view(),
        name="application-document-check",
    ),
    path(
        f"{ONE}request-revision/",
        views.ApplicationRequestRevisionApi.as_view(),
        name="application-request-revision",
    ),
    path(
        f"{ONE}escalate/",
        views.ApplicationEscalateApi.as_view(),
        name="application-escalate",
    ),
    path(
        f"{ONE}approve/",
        views.ApplicationApproveApi.as_view(),
        name="application-approve",
    ),
    path(
        f"{ONE}reject/", views.ApplicationRejectApi.as_view(), name="application-reject"
    ),
]
