# SPDX-License-Identifier: EUPL-1.2
"""Officer pages of register integration, mounted at /register/integrasi/."""

from django.urls import path

from balai.registry.integration import views

app_name = "registry-integration"

urlpatterns = [
    path("", views.batch_list, name="batch-list"),
    path("batch/<uuid:batch_id>/", views.batch_detail, name="batch-detail"),
    path(
        "batch/<uuid:batch_id>/penolakan.csv",
        views.batch_rejections,
        name="batch-rejections",
    ),
    path("batch/<uuid:batch_id>/tautkan/", views.batch_link, name="batch-link"),
    path("tinjau/", views.review_queue, name="review-queue"),
    path(
        "tinjau/<uuid:candidate_id>/",
        views.candidate_detail,
        name="candidate-detail",
    ),
    path(
        "tinjau/<uuid:candidate_id>/putuskan/",
        views.candidate_decide,
        name="candidate-decide",
    ),
    path("gabung/<uuid:merge_id>/batalkan/", views.merge_undo, name="merge-undo"),
]
