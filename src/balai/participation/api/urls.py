# SPDX-License-Identifier: EUPL-1.2
from django.urls import URLPattern, path

from balai.participation.api import polls as poll_api

app_name = "participation-api"

urlpatterns: list[URLPattern] = [
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
]
