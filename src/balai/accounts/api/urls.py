# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.accounts.api import views

app_name = "accounts-api"

urlpatterns = [
    path("agencies/", views.AgencyListApi.as_view(), name="agency-list"),
    path("me/", views.AccountMeApi.as_view(), name="me"),
    path("signups/", views.SignupCreateApi.as_view(), name="signup-create"),
    path(
        "signups/<uuid:signup_id>/verify/",
        views.SignupVerifyApi.as_view(),
        name="signup-verify",
    ),
]
