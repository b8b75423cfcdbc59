# SPDX-License-Identifier: EUPL-1.2
"""Public population statistics and open data, under /statistik/."""

from django.urls import path

from balai.registry.statistics import views

app_name = "registry-statistics"

urlpatterns = [
    path("penduduk/", views.population_detail, name="population-detail"),
    path("penduduk.csv", views.population_csv, name="population-csv"),
    path("penduduk.json", views.population_json, name="population-json"),
]
