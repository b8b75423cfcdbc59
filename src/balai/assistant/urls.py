# SPDX-License-Identifier: EUPL-1.2
"""Pages of the assistant: the FAQ, the widget's message endpoint and feedback."""

from django.urls import path

from balai.assistant import views

app_name = "assistant"
urlpatterns = [
    path("tanya/", views.chat_page, name="chat"),
    path("tanya/pesan/", views.chat_message, name="chat-message"),
    path("tanya/riwayat/", views.chat_history, name="chat-history"),
    path("tanya/baru/", views.chat_updates, name="chat-updates"),
    path(
        "tanya/umpan-balik/<uuid:message_id>/",
        views.chat_feedback,
        name="chat-feedback",
    ),
    path("tanya/faq/", views.faq_list, name="faq-list"),
    path("tanya/faq/<uuid:faq_id>/", views.faq_detail, name="faq-detail"),
    path("petugas/asisten/", views.console, name="console"),
    path(
        "petugas/asisten/<uuid:conversation_id>/",
        views.console_conversation,
        name="console-conversation",
    ),
]
