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
    path("pajak/pkb/<uuid:bill_id>/bayar/", views.pkb_bill_pay, name="pkb-pay"),
    path("pajak/bphtb/baru/", views.bphtb_file, name="bphtb-file"),
    path("pajak/bphtb/<uuid:return_id>/", views.bphtb_detail, name="bphtb-detail"),
    path("pajak/bphtb/<uuid:return_id>/bayar/", views.bphtb_pay, name="bphtb-pay"),
    path("pajak/petugas/bphtb/", views.officer_bphtb, name="officer-bphtb"),
    path(
        "pajak/petugas/bphtb/<uuid:return_id>/",
        views.bphtb_decide,
        name="bphtb-decide",
    ),
]
