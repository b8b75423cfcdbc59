# SPDX-License-Identifier: EUPL-1.2
"""The webhook endpoint every payment provider posts its notifications to."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.payments import services

WEBHOOK_BODY_LIMIT = 64 * 1024


class WebhookReceiveApi(APIView):
    """A provider's signed notification; authenticated by its signature, not a user.

    Answers 200 with what was done for each event (also for a repeated event, which
    changes nothing), 401 for a forged or stale signature, 404 for an unknown
    provider, 400 for a notification that cannot be understood.
    """

    authentication_classes: list[type] = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="payments_webhook_receive",
        request={"application/json": {"type": "object"}},
        responses={
            200: inline_serializer(
                "WebhookReceived",
                {
                    "events": inline_serializer(
                        "WebhookEvent",
                        {
                            "event_id": serializers.CharField(),
                            "outcome": serializers.CharField(),
                            "duplicate": serializers.BooleanField(),
                        },
                        many=True,
                    )
                },
            ),
            400: OpenApiResponse(description=gettext_lazy("Malformed notification.")),
            401: OpenApiResponse(
                description=gettext_lazy("Forged or stale signature.")
            ),
            404: OpenApiResponse(description=gettext_lazy("Unknown provider.")),
        },
    )
    def post(self, request: Request, provider: str) -> Response:
        body = request.body[:WEBHOOK_BODY_LIMIT]
        received = services.notification_receive(
            provider=provider, headers=dict(request.headers), body=body
        )
        return Response(
            {
                "events": [
                    {
                        "event_id": item.event_id,
                        "outcome": item.outcome,
                        "duplicate": item.duplicate,
                    }
                    for item in received
                ]
            }
        )
