# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.finance import views

app_name = "finance"

urlpatterns = [
    path("anggaran/", views.transparency, name="transparency"),
    path("anggaran/rincian/", views.transparency_breakdown, name="breakdown"),
    path(
        "anggaran/unduh/<int:year>/<str:name>",
        views.transparency_download,
        name="download",
    ),
    path("keuangan/", views.dashboard, name="dashboard"),
    path("keuangan/skpd/<slug:code>/", views.dashboard_agency, name="dashboard-agency"),
    path("keuangan/pos/<uuid:pk>/", views.dashboard_item, name="dashboard-item"),
    path("keuangan/jurnal/<uuid:pk>/", views.dashboard_entry, name="dashboard-entry"),
    path("keuangan/impor/", views.imports, name="imports"),
    path("keuangan/impor/<uuid:pk>/", views.import_detail, name="import"),
]
