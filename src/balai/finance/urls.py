# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.finance import views

app_name = "finance"

urlpatterns = [
    path("anggaran/", views.transparency, name="transparency"),
]
