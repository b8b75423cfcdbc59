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
    path("pembayaran/petugas/", views.officer_payments, name="officer"),
    path(
        "pembayaran/petugas/pengembalian/<uuid:refund_id>/ajukan/",
        views.refund_request_view,
        name="refund-request",
    ),
    path(
        "pembayaran/petugas/pengembalian/<uuid:refund_id>/putuskan/",
        views.refund_decide_view,
        name="refund-decide",
    ),
]
