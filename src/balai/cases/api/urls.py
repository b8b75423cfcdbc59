# SPDX-License-Identifier: EUPL-1.2
"""REST API of the cases app (mounted under /api/v1/)."""

from django.urls import path

from balai.cases.api import views

app_name = "cases-api"

ONE = "applications/<uuid:application_id>/"

urlpatterns = [
    path("applications/", views.ApplicationListApi.as_view(), name="application-list"),
    path(ONE, views.ApplicationDetailApi.as_view(), name="application-detail"),
    path(
        f"{ONE}documents/",
        views.ApplicationDocumentCreateApi.as_view(),
        name="application-document-create",
    ),
    path(
        f"{ONE}submit/", views.ApplicationSubmitApi.as_view(), name="application-submit"
    ),
    path(
        f"{ONE}withdraw/",
        views.ApplicationWithdrawApi.as_view(),
        name="application-withdraw",
    ),
    path(f"{ONE}claim/", views.ApplicationClaimApi.as_view(), name="application-claim"),
    path(
        f"{ONE}request-revision/",
        views.ApplicationRequestRevisionApi.as_view(),
        name="application-request-revision",
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
