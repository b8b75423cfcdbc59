# SPDX-License-Identifier: EUPL-1.2
"""Negation scope: ``["tidak", "bagus"]`` → ``["tidak", "tidak_bagus"]``.

The words after a negator (up to ``window`` of them) get the negator as a prefix,
until punctuation, a contrasting or joining conjunction, or another negator ends
the scope. Informal negators (``gak``, ``ga``, ``nggak``, ``enggak``, ``tdk``, ...)
prefix as ``tidak_`` so normalised and raw text give the same features.
"""

from __future__ import annotations

from collections.abc import Iterable

_TIDAK = "tidak tak gak ga gk nggak ngga nggk enggak engga tdk ndak nda kagak kaga"
NEGATORS: dict[str, str] = {
    **dict.fromkeys(_TIDAK.split(), "tidak"),
    "bukan": "bukan",
    "bkn": "bukan",
    "belum": "belum",
    "blm": "belum",
    "jangan": "jangan",
    "jgn": "jangan",
}
_ENDS = (
    "tapi tetapi namun tp melainkan sedangkan padahal dan serta karena krn soalnya "
    "kalau jika tapinya cuma hanya"
)
SCOPE_ENDS = frozenset(_ENDS.split())


def _ends_scope(token: str) -> bool:
    return (
        token in SCOPE_ENDS
        or not any(ch.isalnum() for ch in token)
        or token.startswith("<")
    )


def negation_scope(tokens: Iterable[str], *, window: int = 3) -> list[str]:
    """The tokens with those in a negator's scope marked ``<negator>_<word>``."""
    out: list[str] = []
    negator, left = "", 0
    for token in tokens:
        lower = token.lower()
        if lower in NEGATORS:
            negator, left = NEGATORS[lower], window
            out.append(token)
            continue
        if left and not _ends_scope(lower):
            out.append(f"{negator}_{token}")
            left -= 1
            continue
        negator, left = "", 0
        out.append(token)
    return out
