# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.participation.views import budgeting, home

app_name = "participation"

urlpatterns = [
    path("partisipasi/", home.home, name="home"),
    # Musrenbang and participatory budgeting
    path("partisipasi/musrenbang/", budgeting.musrenbang_list, name="musrenbang"),
    path("partisipasi/musrenbang/usul/", budgeting.proposal_new, name="musrenbang-new"),
    path(
        "partisipasi/musrenbang/saya/", budgeting.my_proposals, name="musrenbang-mine"
    ),
    path(
        "partisipasi/musrenbang/tinjau/",
        budgeting.review_queue,
        name="musrenbang-review",
    ),
    path(
        "partisipasi/musrenbang/usulan/<str:public_id>/",
        budgeting.proposal_detail,
        name="musrenbang-detail",
    ),
    path(
        "partisipasi/musrenbang/usulan/<str:public_id>/dukung/",
        budgeting.proposal_support,
        name="musrenbang-support",
    ),
    path(
        "partisipasi/musrenbang/usulan/<str:public_id>/putuskan/",
        budgeting.proposal_decide,
        name="musrenbang-decide",
    ),
    path(
        "partisipasi/musrenbang/usulan/<str:public_id>/anggaran/",
        budgeting.proposal_link_budget,
        name="musrenbang-link-budget",
    ),
    path(
        "partisipasi/musrenbang/usulan/<str:public_id>/foto/<str:photo_id>/",
        budgeting.proposal_photo,
        name="musrenbang-photo",
    ),
    path("partisipasi/anggaran/", budgeting.budget_round_list, name="budget-rounds"),
    path(
        "partisipasi/anggaran/<str:pk>/",
        budgeting.budget_round_detail,
        name="budget-round",
    ),
]
