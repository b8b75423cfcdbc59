# SPDX-License-Identifier: EUPL-1.2
"""Keyed blind indexes: HMAC-SHA256 (index key) of a context and a normalised value.

Equal values give equal indexes, so exact lookups work on an indexed column while the
database holds no plaintext. The index key is separate from the encryption keys and is
not rotated with them (changing it means recomputing every index).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.module_loading import import_string

from balai.security.crypto.keyring import Keyring, keyring

if TYPE_CHECKING:
    from django.db.models import Model

    from balai.security.crypto.fields import BlindIndexField

Normaliser = Callable[[str], "str | None"]

#: Matches no stored index (those are 64 hex digits or NULL).
NO_MATCH = "-"


def _strip(value: str) -> str:
    return value.strip()


def _lower(value: str) -> str:
    return value.strip().lower()


def _digits(value: str) -> str:
    if value.isdigit():  # every character kept: the value itself, without the loop
        return value
    return "".join(ch for ch in value if ch.isdigit())


NORMALISERS: dict[str, Normaliser] = {
    "exact": str,
    "strip": _strip,
    "lower": _lower,
    "digits": _digits,
}


@cache
def resolve_normaliser(name: str | None) -> Normaliser:
    """A normaliser by short name (exact, strip, lower, digits) or dotted path."""
    if name is None:
        return NORMALISERS["exact"]
    if name in NORMALISERS:
        return NORMALISERS[name]
    func = import_string(name)
    if not callable(func):
        raise TypeError(f"Normaliser {name!r} is not callable.")
    return func


def blind_index(
    value: str | None,
    *,
    context: str,
    normaliser: Normaliser | str | None = None,
    ring: Keyring | None = None,
) -> str | None:
    """Hex HMAC-SHA256 of ``context`` and the normalised value; None for no value."""
    if value is None:
        return None
    normalise = normaliser if callable(normaliser) else resolve_normaliser(normaliser)
    normalised = normalise(str(value))
    if not normalised:
        return None
    key = (ring if ring is not None else keyring()).index_key
    message = context.encode("utf-8") + b"\x00" + normalised.encode("utf-8")
    return hmac.digest(key, message, hashlib.sha256).hex()


def blind_indexes(
    values: list[str | None],
    *,
    context: str,
    normaliser: Normaliser | str | None = None,
    ring: Keyring | None = None,
) -> list[str | None]:
    """``blind_index`` of each value (the same HMAC), the normaliser, key and
    context resolved once for the column (bulk import: one call per chunk)."""
    normalise = normaliser if callable(normaliser) else resolve_normaliser(normaliser)
    key = (ring if ring is not None else keyring()).index_key
    prefix = context.encode("utf-8") + b"\x00"
    digest, sha256 = hmac.digest, hashlib.sha256
    out: list[str | None] = []
    append = out.append
    for value in values:
        if value is None:
            append(None)
            continue
        normalised = normalise(str(value))
        if not normalised:
            append(None)
            continue
        append(digest(key, prefix + normalised.encode("utf-8"), sha256).hex())
    return out


def _index_field(model: type[Model], source_field: str) -> BlindIndexField:
    from balai.security.crypto.fields import BlindIndexField as IndexField

    for field in model._meta.get_fields():
        if isinstance(field, IndexField) and field.source == source_field:
            return field
    raise LookupError(
        f"{model._meta.label}.{source_field} has no BlindIndexField: exact lookups on "
        "it are not possible."
    )


def index_for(model: type[Model], source_field: str, value: str | None) -> str:
    """The index that ``model``'s blind index on ``source_field`` holds for ``value``.

    Use it as ``User.objects.filter(nik_index=index_for(User, "nik", nik))``. A value
    that normalises to nothing gives ``NO_MATCH``, which matches no row (never NULL).
    """
    field = _index_field(model, source_field)
    return field.index_of(value) or NO_MATCH


def index_name(model: type[Model], source_field: str) -> str:
    """The name of the blind index column of ``source_field``."""
    return _index_field(model, source_field).name


def blind_lookup(model: type[Model], source_field: str, value: str | None) -> Q:
    """``Q`` for rows whose ``source_field`` equals ``value`` (none for no value)."""
    field = _index_field(model, source_field)
    index = field.index_of(value)
    if index is None:
        return Q(pk__in=[])
    return Q(**{field.name: index})
