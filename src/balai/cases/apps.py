# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "balai.cases"
    label = "cases"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from balai.cases import policies, receivers
        from balai.core import navigation, seeding

        del policies  # imported for its rule declarations
        receivers.connect()
        seeding.register("cases", _seed)
        navigation.register_link(
            "main",
            "cases:application-list",
            _("My applications"),
            visible=_is_citizen,
            order=30,
        )
        navigation.register_link(
            "staff",
            "cases:officer-inbox",
            _("Applications inbox"),
            visible=_is_case_staff,
            order=20,
            description=_("Citizens' applications for your agency's services."),
        )
        navigation.register_link(
            "staff",
            "cases:satisfaction-dashboard",
            _("Satisfaction index (IKM)"),
            visible=_is_case_staff,
            order=25,
            description=_("Survey results per service (PermenPAN-RB 14/2017)."),
        )


def _is_citizen(user: object) -> bool:
    from balai.cases.policies import is_citizen

    return is_citizen(user)


def _is_case_staff(user: object) -> bool:
    from balai.cases.policies import is_case_staff

    return is_case_staff(user)


def _seed(context: object) -> None:
    from balai.cases.seed import seed_applications

    seed_applications(context)  # type: ignore[arg-type]
