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
        _consultation_links()


def _seed_consultations(context: object) -> None:
    from balai.participation.seed_consultations import seed_consultations

    seed_consultations(context)


def _consultation_links() -> None:
    from balai.core import navigation
    from balai.participation.consultations_policies import can_manage_consultation

    navigation.register_link(
        "staff",
        "participation:consultation-manage-list",
        _("Public consultations"),
        visible=can_manage_consultation,
        order=60,
        description=_("Drafts put to the public, their comments and the answers."),
    )
