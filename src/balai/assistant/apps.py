# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "balai.assistant"
    label = "assistant"
    verbose_name = _("Assistant")

    def ready(self) -> None:
        from balai.assistant import receivers
        from balai.core import seeding

        receivers.connect()
        seeding.register("assistant", _seed)


def _seed(context: object) -> None:
    from balai.assistant.seed import seed_faq

    seed_faq(context)
