# SPDX-License-Identifier: EUPL-1.2
"""Template filters of the catalog pages: rupiah amounts and step roles."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from balai.accounts.constants import Role

register = template.Library()


@register.filter
def rupiah(amount: Decimal | int | None) -> str:
    """Rp1.500.000 — whole rupiah with Indonesian thousands dots, in every language."""
    value = int(amount or 0)
    return "Rp" + f"{value:,}".replace(",", ".")


@register.filter
def role_label(role: str) -> str:
    """Who performs a workflow step, for citizens."""
    if role == "system":
        return _("Automatic")
    try:
        return str(Role(role).label)
    except ValueError:
        return role
