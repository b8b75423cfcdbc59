# SPDX-License-Identifier: EUPL-1.2
"""Template filters of the finance pages."""

from __future__ import annotations

from typing import Any

from django import template

from balai.finance import money

register = template.Library()


@register.filter
def rupiah(amount: Any) -> str:
    """Rp1.500.000 in every language."""
    return money.rupiah(amount)


@register.filter
def pct(value: Any) -> str:
    """12,5% (Indonesian decimal comma); an em dash without a budget."""
    if value is None:
        return "—"
    from django.utils.translation import get_language

    text = f"{value}"
    if (get_language() or "id").startswith("id"):
        text = text.replace(".", ",")
    return f"{text}%"
