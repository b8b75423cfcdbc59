# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.tax.api.views import PbbBillInquiryApi

app_name = "tax-api"

urlpatterns = [
    path(
        "tax/pbb/<str:nop>/<int:year>/",
        PbbBillInquiryApi.as_view(),
        name="pbb-inquiry",
    ),
]
