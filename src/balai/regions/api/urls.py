# SPDX-License-Identifier: EUPL-1.2
"""Routes of the public regions API, included under /api/v1/."""

from django.urls import path

from balai.regions.api import views

app_name = "regions-api"

urlpatterns = [
    path("regions/", views.RegionListApi.as_view(), name="region-list"),
    path("regions/<str:code>/", views.RegionDetailApi.as_view(), name="region-detail"),
]
