# SPDX-License-Identifier: EUPL-1.2
from django.urls import path, re_path

from balai.assistant import channels
from balai.assistant.api import views

app_name = "assistant-api"
urlpatterns = [
    re_path(
        r"^assistant/messages/?$", views.AssistantMessageApi.as_view(), name="messages"
    ),
    path(
        "assistant/messages/<uuid:message_id>/feedback/",
        views.AssistantFeedbackApi.as_view(),
        name="feedback",
    ),
    path(
        "assistant/conversations/<uuid:conversation_id>/",
        views.AssistantConversationApi.as_view(),
        name="conversation",
    ),
    path("assistant/whatsapp/", channels.whatsapp_webhook, name="whatsapp"),
    path("assistant/telegram/", channels.telegram_webhook, name="telegram"),
]
