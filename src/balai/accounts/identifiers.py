# SPDX-License-Identifier: EUPL-1.2
"""Normalising and masking of contact identifiers (email, Indonesian mobile numbers)."""

from __future__ import annotations

import re

_NON_DIGITS = re.compile(r"[\s().-]")
# ASCII digits only: other scripts' digits (e.g. Arabic-Indic) are not a number here
_MOBILE = re.compile(r"^\+628[0-9]{7,11}$")


def normalise_email(value: str) -> str:
    """Lower-case and trim an email address (domain and local part)."""
    return value.strip().lower()


def normalise_phone(value: str) -> str | None:
    """An Indonesian mobile number in E.164 (``+628…``), or None when it is not one.

    Accepts ``0812…``, ``62812…``, ``+62 812-…`` and ``812…``.
    """
    digits = _NON_DIGITS.sub("", value or "")
    if digits.startswith("+"):
        candidate = digits
    elif digits.startswith("62"):
        candidate = "+" + digits
    elif digits.startswith("0"):
        candidate = "+62" + digits[1:]
    elif digits.startswith("8"):
        candidate = "+62" + digits
    else:
        return None
    return candidate if _MOBILE.match(candidate) else None


def mask_email(value: str | None) -> str:
    """``s***@example.id`` — enough for a person to recognise their own address."""
    if not value or "@" not in value:
        return ""
    local, domain = value.split("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_phone(value: str | None) -> str:
    """``+62812****7890``."""
    if not value:
        return ""
    return f"{value[:6]}****{value[-4:]}" if len(value) > 10 else "****"


def mask_nik(value: str | None) -> str:
    """``3174********0001``, the masked form the specs ask for by default."""
    if not value or len(value) != 16:
        return ""
    return f"{value[:4]}********{value[-4:]}"
