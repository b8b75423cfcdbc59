# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.participation.views import home

app_name = "participation"

urlpatterns = [
    path("partisipasi/", home.home, name="home"),
]
