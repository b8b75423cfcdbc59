# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.tax import views

app_name = "tax"

urlpatterns = [
    path("pajak/", views.my_taxes, name="my-taxes"),
    path("pajak/tagihan/<uuid:bill_id>/bayar/", views.bill_pay, name="bill-pay"),
    path("pajak/pbb/", views.pbb_inquiry, name="pbb-inquiry"),
    path("pajak/petugas/", views.officer_roll, name="officer-roll"),
    path(
        "pajak/tagihan/<uuid:bill_id>/keberatan/",
        views.objection_file,
        name="objection-file",
    ),
    path(
        "pajak/petugas/keberatan/<uuid:objection_id>/",
        views.objection_decide,
        name="objection-decide",
    ),
]
