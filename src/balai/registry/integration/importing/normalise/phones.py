# SPDX-License-Identifier: EUPL-1.2
"""Phone numbers to E.164 with Indonesia as the default region.

08xx, +62, 62 and 0062 forms all give ``+628...``; separators are ignored; a cell with
several numbers ("0812... / 0813...") gives the first. An invalid number raises
``ValueProblem(INVALID_PHONE)``; the caller turns it into a warning.
"""

from __future__ import annotations

from balai.core.phones import is_valid_phone, normalise_phone
from balai.registry.integration.importing.codes import (
    EMPTY,
    INVALID_PHONE,
    ValueProblem,
)
from balai.registry.integration.importing.normalise.names import text_of


def clean_phone(value: object, region: str = "ID") -> str:
    """The number in E.164 ("+6281234567890"); ValueProblem when empty or invalid.

    The per-value path of the shared normaliser, ``balai.core.phones``."""
    text = text_of(value)
    if not text:
        raise ValueProblem(EMPTY)
    if not is_valid_phone(text, region):
        raise ValueProblem(INVALID_PHONE)
    return normalise_phone(text, region) or ""
