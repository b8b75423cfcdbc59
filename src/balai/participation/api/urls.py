# SPDX-License-Identifier: EUPL-1.2
from django.urls import URLPattern, path

from balai.participation.api import budgeting

app_name = "participation-api"

urlpatterns: list[URLPattern] = [
    # Musrenbang and participatory budgeting (read-only)
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
