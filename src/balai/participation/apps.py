# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "balai.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        # the seeders run after the finance seeder (apps register in INSTALLED_APPS
        # order and finance comes first): budgeting links proposals to budget lines
        from balai.core import seeding
        from balai.participation import budgeting_policies, poll_policies

        del poll_policies  # imported for its @rule declarations
        seeding.register("participation-consultations", _seed_consultations)
        seeding.register("participation-polls", _seed_polls)
        seeding.register("participation-budgeting", _seed_budgeting)
        _consultation_links()
        _budgeting_navigation(budgeting_policies)
        _public_page()


def _seed_consultations(context: object) -> None:
    from balai.participation.seed_consultations import seed_consultations

    seed_consultations(context)


def _seed_polls(context: object) -> None:
    from balai.participation.seed_polls import seed_polls

    seed_polls(context)


def _seed_budgeting(context: object) -> None:
    from balai.participation.seed_budgeting import seed_budgeting

    seed_budgeting(context)


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


def _public_page() -> None:
    from balai.core import sitemap

    sitemap.register_page(
        "participation:home",
        title=_("Participation"),
        summary=_(
            "Comment on draft regulations, vote in polls and propose projects for "
            "the development plan (Musrenbang) and participatory budgeting."
        ),
        keywords=(
            "partisipasi",
            "konsultasi publik",
            "rancangan perda",
            "jajak pendapat",
            "voting",
            "musrenbang",
            "usulan",
        ),
    )
