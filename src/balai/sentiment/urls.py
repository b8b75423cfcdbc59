# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.sentiment import views

app_name = "sentiment"
urlpatterns = [
    path("sentimen/", views.dashboard, name="dashboard"),
    path("sentimen/unggahan/", views.post_list, name="post-list"),
    path("sentimen/antrean-label/", views.queue, name="queue"),
    path("sentimen/<uuid:post_id>/label/", views.post_correct, name="post-correct"),
    path("sentimen/impor/", views.upload, name="upload"),
]
