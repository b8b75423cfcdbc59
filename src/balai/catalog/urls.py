# SPDX-License-Identifier: EUPL-1.2
"""Pages of the catalog app (mounted at the site root; each path carries its prefix)."""

from django.urls import path

from balai.catalog import views

app_name = "catalog"
urlpatterns = [
    path("layanan/", views.service_list, name="service-list"),
    path("layanan/<slug:slug>/", views.service_detail, name="service-detail"),
]
