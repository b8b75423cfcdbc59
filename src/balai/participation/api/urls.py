# SPDX-License-Identifier: EUPL-1.2

app_name = "participation-api"

urlpatterns: list = []

# --- consultations ------------------------------------------------------------------
from django.urls import path  # noqa: E402

from balai.participation.api import consultations  # noqa: E402

urlpatterns += [
    path(
        "consultations/",
        consultations.ConsultationListApi.as_view(),
        name="consultation-list",
    ),
    path(
        "consultations/<uuid:consultation_id>/",
        consultations.ConsultationDetailApi.as_view(),
        name="consultation-detail",
    ),
    path(
        "consultations/<uuid:consultation_id>/opinion-map/",
        consultations.ConsultationOpinionMapApi.as_view(),
        name="consultation-opinion-map",
    ),
]
