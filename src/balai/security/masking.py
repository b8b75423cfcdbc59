# SPDX-License-Identifier: EUPL-1.2
"""THE masks for identifiers shown on screens, in messages, events and admin lists.

One rule per kind, whoever shows it: an e-mail address keeps its first letter and its
domain (``s***@contoh.id``); a phone number is first made canonical
(``balai.core.phones``) and keeps its country code, operator prefix and last three
digits (``+62812****890``), however it was written; a NIK or KK number keeps its first
and last four digits (``3174********0001``, the register's display rule). Enough for
a person to recognise their own, too little to contact or identify anyone.
"""

from __future__ import annotations

import re

from balai.core.phones import normalise_phone
from balai.regions.nik import format_nik_masked

MAX_HINT = 120
_DIGITS = re.compile(r"\D+")
_NIK_LIKE = re.compile(r"^\d{16}$")


def mask_email(value: str | None) -> str:
    """``Siti.Aminah@Contoh.id`` → ``s***@contoh.id``; "" for no address."""
    text = (value or "").strip()
    if "@" not in text:
        return ""
    local, _at, domain = text.rpartition("@")
    return f"{local[:1].lower()}***@{domain.lower()}"


def mask_phone(value: str | None) -> str:
    """``0812-3456-7890`` and ``+62 812 3456 7890`` → ``+62812****890``."""
    text = (value or "").strip()
    if not text:
        return ""
    canonical = normalise_phone(text)
    if canonical is not None:
        return f"{canonical[:6]}****{canonical[-3:]}"
    digits = _DIGITS.sub("", text)
    return f"{digits[:4]}****{digits[-2:]}" if len(digits) >= 8 else "***"


def mask_nik(value: str | None) -> str:
    """``3174071508900001`` → ``3174********0001``."""
    return format_nik_masked(value or "") if value else ""


def mask_contact(value: str | None) -> str:
    """An e-mail address or a phone number, whichever ``value`` is."""
    text = (value or "").strip()
    return mask_email(text) if "@" in text else mask_phone(text)


def mask_identifier(value: str | None) -> str:
    """What someone typed as a username (e-mail, phone, NIK, anything): masked; an
    already masked value is kept as it is."""
    text = (value or "").strip()
    if not text:
        return ""
    if "***" in text:
        return text[:MAX_HINT]
    if "@" in text:
        return mask_email(text)[:MAX_HINT]
    compact = re.sub(r"[\s().-]", "", text)
    if _NIK_LIKE.match(compact):
        return mask_nik(compact)
    if re.fullmatch(r"\+?\d{5,20}", compact):
        return mask_phone(compact)
    return f"{text[:1]}***"
