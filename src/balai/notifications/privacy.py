# SPDX-License-Identifier: EUPL-1.2
"""Keep recipients (e-mail addresses, phone numbers) out of logs, errors and screens."""

from __future__ import annotations

import re

from balai.core.phones import normalise_phone
from balai.security.masking import mask_contact

_DIGITS = re.compile(r"\D+")


def mask_recipient(recipient: str) -> str:
    """A hint for people (``b***@example.go.id``, ``+62812****890``), not the address:
    the project's one mask (``balai.security.masking``)."""
    return mask_contact(recipient)


def scrub(text: str, recipient: str, *, limit: int) -> str:
    """Remove every spelling of ``recipient`` from ``text`` and cut it to ``limit``."""
    cleaned = text or ""
    value = (recipient or "").strip()
    variants = {value, value.lower()}
    if "@" not in value:
        variants |= _phone_spellings(value)
    for variant in sorted((v for v in variants if v), key=len, reverse=True):
        cleaned = re.sub(
            re.escape(variant), "[recipient]", cleaned, flags=re.IGNORECASE
        )
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned


def _phone_spellings(value: str) -> set[str]:
    """An Indonesian number written as 08..., 628... or +628..."""
    canonical = normalise_phone(value)
    if canonical is None or not canonical.startswith("+62"):
        digits = _DIGITS.sub("", value)
        return {digits} if len(digits) >= 6 else set()
    national = canonical[3:]
    return {"0" + national, "62" + national, "+62" + national}
