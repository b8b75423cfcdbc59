# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "balai.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        # Musrenbang and participatory budgeting (runs after the finance seeder:
        # apps register in INSTALLED_APPS order and finance comes first)
        from balai.core import seeding
        from balai.participation import budgeting_policies

        seeding.register("participation-budgeting", _seed_budgeting)
        _budgeting_navigation(budgeting_policies)


def _seed_budgeting(context: object) -> None:
    from balai.participation.seed_budgeting import seed_budgeting

    seed_budgeting(context)


def _budgeting_navigation(policies: object) -> None:
    from balai.core import navigation

    navigation.register_link(
        "staff",
        "participation:musrenbang-review",
        _("Musrenbang review"),
        visible=policies.can_review,  # type: ignore[attr-defined]
        order=70,
        description=_("Proposals waiting for a decision at your level."),
    )
