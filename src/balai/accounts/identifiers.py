# SPDX-License-Identifier: EUPL-1.2
"""Normalising of contact identifiers, as the blind indexes of ``User`` name them.

``User.phone_index`` is keyed on ``balai.accounts.identifiers.normalise_phone`` (the
dotted path is part of the migration): it is the project's one phone normaliser,
``balai.core.phones.normalise_phone``. Masks live in ``balai.security.masking``.
"""

from __future__ import annotations

import re
import unicodedata

from balai.core.phones import normalise_phone

__all__ = ["normalise_email", "normalise_name", "normalise_phone"]

_NOT_WORD = re.compile(r"[\W_]+")


def normalise_email(value: str) -> str:
    """Lower-case and trim an email address (domain and local part)."""
    return value.strip().lower()


def normalise_name(value: str) -> str | None:
    """A person's name as the auditors' search compares it: accents folded, case
    folded, punctuation and repeated spaces removed ("Siti  Nur'aini" and
    "siti nur aini" match); None when nothing is left."""
    folded = unicodedata.normalize("NFKD", value or "")
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    text = " ".join(_NOT_WORD.sub(" ", folded.replace("'", "")).casefold().split())
    return text or None
