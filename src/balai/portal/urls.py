# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.portal import views, views_my_data

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("tentang/", views.about, name="about"),
    path("data-saya/", views_my_data.my_data, name="my-data"),
    path("data-saya/ekspor.json", views_my_data.my_data_export, name="my-data-export"),
    path(
        "data-saya/persetujuan/",
        views_my_data.my_data_consents,
        name="my-data-consents",
    ),
    path(
        "data-saya/koreksi/",
        views_my_data.my_data_correction,
        name="my-data-correction",
    ),
]
