# SPDX-License-Identifier: EUPL-1.2
"""Normalising of contact identifiers, as the blind indexes of ``User`` name them.

``User.phone_index`` is keyed on ``balai.accounts.identifiers.normalise_phone`` (the
dotted path is part of the migration): it is the project's one phone normaliser,
``balai.core.phones.normalise_phone``. Masks live in ``balai.security.masking``.
"""

from __future__ import annotations

from balai.core.phones import normalise_phone

__all__ = ["normalise_email", "normalise_phone"]


def normalise_email(value: str) -> str:
    """Lower-case and trim an email address (domain and local part)."""
    return value.strip().lower()
