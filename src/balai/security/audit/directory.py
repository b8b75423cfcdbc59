# SPDX-License-Identifier: EUPL-1.2
"""Names for the ids the audit log keeps, and ids for the names auditors type.

The log stores ids (actor, agency, data subject) on purpose: names change and are
personal data. The audit pages show names instead, and auditors search by a person's
name or NIK and by an agency's name. Security sits on the lowest floor and knows no
users, agencies or residents, so the apps that hold them register resolvers from
their ``AppConfig.ready()``:

    directory.register_names("agency", agency_names)      # ids -> {id: name}
    directory.register_finder("agency", find_agencies)    # text -> ids

Kinds: ``person`` (actors and data subjects: accounts' users, the register's
residents), ``agency``. NIKs are found through the apps' keyed blind indexes, never by
decrypting rows. Several resolvers of one kind are merged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Names = Callable[[set[str]], dict[str, str]]
Finder = Callable[[str], set[str]]

_names: dict[str, dict[str, Names]] = {}
_finders: dict[str, dict[str, Finder]] = {}


def register_names(kind: str, resolver: Names, *, name: str = "") -> None:
    _names.setdefault(kind, {})[name or resolver.__qualname__] = resolver


def register_finder(kind: str, finder: Finder, *, name: str = "") -> None:
    _finders.setdefault(kind, {})[name or finder.__qualname__] = finder


def names_for(kind: str, ids: Iterable[Any]) -> dict[str, str]:
    """``{id: name}`` for the ids any resolver of ``kind`` knows."""
    wanted = {str(value) for value in ids if value}
    found: dict[str, str] = {}
    if not wanted:
        return found
    for resolver in _names.get(kind, {}).values():
        found.update(resolver(wanted - found.keys()))
    return found


def find(kind: str, text: str) -> set[str]:
    """Every id of ``kind`` whose name (or NIK, for people) matches ``text``."""
    text = (text or "").strip()
    if not text:
        return set()
    ids: set[str] = set()
    for finder in _finders.get(kind, {}).values():
        ids |= finder(text)
    return ids
