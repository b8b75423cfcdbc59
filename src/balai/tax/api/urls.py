# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.tax.api.views import BphtbInquiryApi, PbbBillInquiryApi, PkbBillInquiryApi

app_name = "tax-api"

urlpatterns = [
    path(
        "tax/pbb/<str:nop>/<int:year>/",
        PbbBillInquiryApi.as_view(),
        name="pbb-inquiry",
    ),
    path(
        "tax/pkb/<str:registration>/<int:year>/",
        PkbBillInquiryApi.as_view(),
        name="pkb-inquiry",
    ),
    path(
        "tax/bphtb/<str:reference>/",
        BphtbInquiryApi.as_view(),
        name="bphtb-inquiry",
    ),
]
