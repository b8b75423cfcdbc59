# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "balai.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from balai.core import seeding

        seeding.register("participation-consultations", _seed_consultations)


def _seed_consultations(context: object) -> None:
    from balai.participation.seed_consultations import seed_consultations

    seed_consultations(context)
