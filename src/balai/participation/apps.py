# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "balai.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from balai.core import seeding
        from balai.participation import poll_policies

        del poll_policies  # imported for its @rule declarations
        seeding.register("participation-polls", _seed_polls)


def _seed_polls(context: object) -> None:
    from balai.participation.seed_polls import seed_polls

    seed_polls(context)
