# SPDX-License-Identifier: EUPL-1.2
"""Public verification codes and the holder's initials.

A code is 20 characters of Crockford base32 (100 random bits): unguessable, safe in
a URL, and readable aloud or typed from paper. Typing is forgiving: case, spaces and
dashes are ignored, and the letters people confuse with digits (O, I, L) count as
those digits. Initials are the only trace of the holder a public page may show.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.urls import reverse

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20
GROUP = 4
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]+")
_VALID = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")
MAX_INITIALS = 4


def new_code() -> str:
    """A fresh random code (the caller checks uniqueness against the database)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str | None:
    """The canonical form of what someone typed or scanned, or None if it cannot be
    a code (so no database query is spent on it)."""
    text = _SEPARATORS.sub("", (raw or "").strip().upper()).translate(_CONFUSABLE)
    return text if _VALID.match(text) else None


def display_code(code: str) -> str:
    """``ABCD-EFGH-JKMN-PQRS-TVWX``: groups of four, as printed on the document."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def initials(full_name: str) -> str:
    """``Budi Santoso`` → ``B. S.``; at most four letters, nothing else of the name."""
    letters = [word[0].upper() for word in full_name.split() if word[:1].isalpha()]
    return " ".join(f"{letter}." for letter in letters[:MAX_INITIALS])


def verification_url(code: str) -> str:
    """The absolute address the QR code and the printed text point to."""
    path = reverse("documents:verify", kwargs={"code": code})
    return f"{settings.PUBLIC_BASE_URL}{path}"
