# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("tentang/", views.about, name="about"),
]
