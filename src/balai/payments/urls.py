# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.payments import views

app_name = "payments"

urlpatterns = [
    path(
        "bayar/simulator/<uuid:order_id>/",
        views.simulator_pay_page,
        name="simulator-pay",
    ),
]
