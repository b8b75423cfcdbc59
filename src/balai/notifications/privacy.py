# SPDX-License-Identifier: EUPL-1.2
"""Keep recipients (e-mail addresses, phone numbers) out of logs, errors and screens."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\D+")


def mask_recipient(recipient: str) -> str:
    """A hint for people (``b***@example.go.id``, ``***-***-789``), not the address."""
    value = (recipient or "").strip()
    if not value:
        return ""
    if "@" in value:
        local, _sep, domain = value.rpartition("@")
        return f"{local[:1]}***@{domain}"
    digits = _DIGITS.sub("", value)
    if len(digits) <= 4:
        return "***"
    return f"***-***-{digits[-3:]}"


def scrub(text: str, recipient: str, *, limit: int) -> str:
    """Remove every spelling of ``recipient`` from ``text`` and cut it to ``limit``."""
    cleaned = text or ""
    value = (recipient or "").strip()
    variants = {value, value.lower()}
    if "@" not in value:
        variants |= _phone_spellings(_DIGITS.sub("", value))
    for variant in sorted((v for v in variants if v), key=len, reverse=True):
        cleaned = re.sub(
            re.escape(variant), "[recipient]", cleaned, flags=re.IGNORECASE
        )
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned


def _phone_spellings(digits: str) -> set[str]:
    """An Indonesian number written as 08..., 628... or +628..."""
    if len(digits) < 6:
        return set()
    national = digits[2:] if digits.startswith("62") else digits.lstrip("0")
    return {digits, "0" + national, "62" + national, "+62" + national}
