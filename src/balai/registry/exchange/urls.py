# SPDX-License-Identifier: EUPL-1.2
"""Exchange API routes, included under /api/v1/registry/."""

from django.urls import path

from balai.registry.exchange import views

app_name = "registry-api"

urlpatterns = [
    path(
        "identity-verifications/",
        views.IdentityVerifyApi.as_view(),
        name="identity-verify",
    ),
    path(
        "identity-verifications/bulk/",
        views.IdentityVerifyBulkApi.as_view(),
        name="identity-verify-bulk",
    ),
    path(
        # POST with the NIK in the body: a NIK in the path would reach access logs.
        "residents/lookup/",
        views.ResidentFetchApi.as_view(),
        name="resident-fetch",
    ),
]
