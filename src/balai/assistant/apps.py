# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "balai.assistant"
    label = "assistant"
    verbose_name = _("Assistant")

    def ready(self) -> None:
        from balai.assistant import receivers

        receivers.connect()
