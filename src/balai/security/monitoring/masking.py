# SPDX-License-Identifier: EUPL-1.2
"""Masking what someone typed as a username, so events never hold it in clear.

Security sits below accounts, so it has its own masker: ``s***@contoh.id`` for an
email address, ``0812****78`` for a phone number or other digits (a NIK included),
``a***`` for anything else. ``username_digest`` is a keyed HMAC of the normalised
value: equal for the same account, useless without the keyring's index key.
"""

from __future__ import annotations

import re

from balai.security.crypto.blind import blind_index

MAX_HINT = 120
_SEPARATORS = re.compile(r"[\s().-]")
_DIGITS = re.compile(r"^\+?\d{5,20}$")
_DIGEST_CONTEXT = "security.monitoring.username"


def _as_digits(value: str) -> str | None:
    """``+62 812-3456`` → ``+628123456``; None unless the value is digits."""
    compact = _SEPARATORS.sub("", value)
    return compact if _DIGITS.match(compact) else None


def mask_identifier(value: str | None) -> str:
    """A masked form of a username; an already masked value is kept as it is."""
    text = (value or "").strip()
    if not text:
        return ""
    if "***" in text:
        return text[:MAX_HINT]
    if "@" in text:
        local, _at, domain = text.rpartition("@")
        return f"{local[:1].lower()}***@{domain.lower()}"[:MAX_HINT]
    digits = _as_digits(text)
    if digits is not None:
        head = 5 if digits.startswith("+") else 4
        return f"{digits[:head]}****{digits[-2:]}"
    return f"{text[:1]}***"


def _normalise(value: str) -> str:
    text = value.strip().lower()
    digits = _as_digits(text)
    if digits is None:
        return text
    # One account, however its number is written: 0812…, 62812…, +62812….
    if digits.startswith("0"):
        return "+62" + digits[1:]
    if digits.startswith("62"):
        return "+" + digits
    return digits


def username_digest(value: str | None) -> str:
    """Keyed digest of the normalised username ("" for none), for grouping."""
    text = (value or "").strip()
    if not text or "***" in text:
        return ""
    return blind_index(text, context=_DIGEST_CONTEXT, normaliser=_normalise) or ""
