# SPDX-License-Identifier: EUPL-1.2
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxConfig(AppConfig):
    name = "balai.tax"
    label = "tax"
    verbose_name = _("Local taxes")

    def ready(self) -> None:
        from balai.core import navigation, seeding, sitemap
        from balai.core.payables import register_payable_kind
        from balai.tax import policies  # noqa: F401  (registers the rules)
        from balai.tax.constants import (
            BPHTB_PAYABLE_KIND,
            PAYABLE_KIND,
            PKB_PAYABLE_KIND,
        )
        from balai.tax.services import bill_settled
        from balai.tax.services_bphtb import bphtb_settled
        from balai.tax.services_pkb import pkb_bill_settled

        register_payable_kind(PAYABLE_KIND, bill_settled)
        register_payable_kind(PKB_PAYABLE_KIND, pkb_bill_settled)
        register_payable_kind(BPHTB_PAYABLE_KIND, bphtb_settled)
        navigation.register_link(
            "main", "tax:my-taxes", _("My taxes"), visible=_is_citizen, order=35
        )
        navigation.register_link(
            "staff",
            "tax:officer-roll",
            _("Tax roll (PBB-P2)"),
            visible=_is_tax_staff,
            order=40,
            description=_("Objects, assessment runs, arrears and collection."),
        )
        navigation.register_link(
            "staff",
            "tax:officer-bphtb",
            _("BPHTB returns and vehicles (PKB)"),
            visible=_is_tax_staff,
            order=41,
            description=_("Verify BPHTB returns; the PKB roll and its opsen."),
        )
        seeding.register("tax", _seed)
        sitemap.register_page(
            "tax:pbb-inquiry",
            title=_("PBB-P2 bill inquiry"),
            summary=_(
                "Look up the land and building tax (PBB-P2) bill of a tax object by "
                "its NOP and year: the amount, the due date and whether it is paid."
            ),
            keywords=("pbb", "sppt", "nop", "pajak bumi", "tagihan pajak", "cek pajak"),
        )
        sitemap.register_page(
            "tax:my-taxes",
            title=_("My taxes"),
            summary=_(
                "Signed-in citizens see the tax bills of their objects, pay them with "
                "a virtual account or QRIS, and download receipts."
            ),
            keywords=("pajak saya", "bayar pajak", "bayar pbb", "bukti bayar"),
        )


def _is_citizen(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and not user.is_staff)


def _is_tax_staff(user: Any) -> bool:
    from balai.tax.policies import can_manage_taxes

    return can_manage_taxes(user)


def _seed(context: Any) -> None:
    from balai.tax.seed import seed_taxes

    seed_taxes(context)
