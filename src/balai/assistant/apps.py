# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "balai.assistant"
    label = "assistant"
    verbose_name = _("Assistant")

    def ready(self) -> None:
        from balai.assistant import policies, receivers
        from balai.core import navigation, seeding

        receivers.connect()
        seeding.register("assistant", _seed)
        navigation.register_link(
            "staff",
            "assistant:console",
            _("Assistant console"),
            visible=policies.is_assistant_staff,
            order=65,
            description=_(
                "Conversations handed to officers, questions the assistant could not "
                "answer, fallback and handoff rates, helpfulness."
            ),
        )


def _seed(context: object) -> None:
    from balai.assistant.seed import seed_faq

    seed_faq(context)
