# SPDX-License-Identifier: EUPL-1.2
"""The participation API (public, read-only), under /api/v1/participation/."""

from django.urls import URLPattern, path

from balai.participation.api import budgeting, consultations
from balai.participation.api import polls as poll_api

app_name = "participation-api"

urlpatterns: list[URLPattern] = [
    # consultations on drafts
    path(
        "participation/consultations/",
        consultations.ConsultationListApi.as_view(),
        name="consultation-list",
    ),
    path(
        "participation/consultations/<uuid:consultation_id>/",
        consultations.ConsultationDetailApi.as_view(),
        name="consultation-detail",
    ),
    path(
        "participation/consultations/<uuid:consultation_id>/opinion-map/",
        consultations.ConsultationOpinionMapApi.as_view(),
        name="consultation-opinion-map",
    ),
    # polls
    path("participation/polls/", poll_api.PollListApi.as_view(), name="poll-list"),
    path(
        "participation/polls/<uuid:poll_id>/",
        poll_api.PollDetailApi.as_view(),
        name="poll-detail",
    ),
    path(
        "participation/polls/<uuid:poll_id>/results/",
        poll_api.PollResultsApi.as_view(),
        name="poll-results",
    ),
    # Musrenbang and participatory budgeting
    path(
        "participation/musrenbang/proposals/",
        budgeting.ProposalListApi.as_view(),
        name="musrenbang-proposal-list",
    ),
    path(
        "participation/musrenbang/proposals/<str:public_id>/",
        budgeting.ProposalDetailApi.as_view(),
        name="musrenbang-proposal-detail",
    ),
    path(
        "participation/budget-rounds/",
        budgeting.BudgetRoundListApi.as_view(),
        name="budget-round-list",
    ),
]
