# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.payments.api.views import WebhookReceiveApi

app_name = "payments-api"

urlpatterns = [
    path(
        "payments/webhooks/<slug:provider>/",
        WebhookReceiveApi.as_view(),
        name="webhook-receive",
    ),
]
