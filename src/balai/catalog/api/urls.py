# SPDX-License-Identifier: EUPL-1.2
"""REST API of the catalog app.

Mounted under /api/v1/; each path carries its own prefix.
"""

from django.urls import path

from balai.catalog.api import views

app_name = "catalog-api"
urlpatterns = [
    path(
        "catalog/services/",
        views.CatalogServiceListApi.as_view(),
        name="service-list",
    ),
    path(
        "catalog/services/<slug:slug>/",
        views.CatalogServiceDetailApi.as_view(),
        name="service-detail",
    ),
]
