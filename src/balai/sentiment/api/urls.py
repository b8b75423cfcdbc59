# SPDX-License-Identifier: EUPL-1.2
from django.urls import path, re_path

from balai.sentiment.api.views import (
    SentimentClassifyApi,
    SentimentPostCorrectApi,
    SentimentPostsApi,
)

app_name = "sentiment-api"
urlpatterns = [
    re_path(r"^sentiment/classify/?$", SentimentClassifyApi.as_view(), name="classify"),
    path("sentiment/posts/", SentimentPostsApi.as_view(), name="posts"),
    path(
        "sentiment/posts/<uuid:post_id>/correct/",
        SentimentPostCorrectApi.as_view(),
        name="post-correct",
    ),
]
