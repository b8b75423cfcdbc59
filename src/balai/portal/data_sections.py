# SPDX-License-Identifier: EUPL-1.2
"""The sections of the "Data Saya" page and of its JSON export.

Each app that holds data about a person registers a provider once, at start-up:

    data_sections.register("population", my_population_section, order=20)

A provider is ``callable(user) -> Section | None`` (None: nothing to show for this
user). A section holds ``facts`` (label/value pairs) and/or a table (``columns`` over
``rows``); the page renders both with one template and paginates the rows, the export
writes ``Section.export()``. Rows are mappings of JSON-friendly values; a long list
should be a ``LazyRows`` so that the page reads only the page it shows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise

logger = logging.getLogger(__name__)

Label = str | Promise
Row = Mapping[str, Any]


@dataclass(frozen=True)
class Fact:
    """One piece of data. ``display`` is shown instead of ``value`` when given;
    ``masked`` is shown first, the full value only behind a disclosure."""

    key: str
    label: Label
    value: Any
    display: Any = None
    masked: str = ""

    @property
    def shown(self) -> Any:
        return self.value if self.display is None else self.display

    @property
    def is_empty(self) -> bool:
        """Balai holds nothing here and there is nothing else to say about it."""
        if self.display is not None:
            return False
        return self.value is None or self.value == "" or self.value == []


@dataclass(frozen=True)
class Column:
    """A table column: the row key it shows, its heading, an optional formatter."""

    key: str
    label: Label
    display: Callable[[Any], Any] | None = None

    def cell(self, row: Row) -> Any:
        value = row.get(self.key)
        return self.display(value) if self.display else value


class LazyRows(Sequence[Row]):
    """Rows of a QuerySet converted a page at a time by ``convert(list) -> list``.

    Paginators call ``count()`` and slice; the export iterates in chunks.
    """

    def __init__(
        self,
        queryset: QuerySet[Any, Any],
        convert: Callable[[list[Any]], list[Row]],
        *,
        chunk: int = 500,
    ) -> None:
        self.queryset = queryset
        self.convert = convert
        self.chunk = chunk

    def count(self) -> int:  # type: ignore[override]
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self.convert(list(self.queryset[index]))
        return self.convert([self.queryset[index]])[0]

    def __iter__(self) -> Iterator[Row]:
        start = 0
        while True:
            batch = list(self.queryset[start : start + self.chunk])
            yield from self.convert(batch)
            if len(batch) < self.chunk:
                return
            start += self.chunk


@dataclass(frozen=True)
class Section:
    """What one app holds about the person, for the page and for the export."""

    key: str
    title: Label
    intro: Label = ""
    facts: Sequence[Fact] = ()
    columns: Sequence[Column] = ()
    rows: Sequence[Row] = ()
    empty: Label = ""
    links: Sequence[tuple[Label, str]] = field(default_factory=tuple)

    @property
    def has_table(self) -> bool:
        return bool(self.columns)

    def export(self) -> dict[str, Any]:
        """JSON-serialisable: the facts as an object, the rows as a list."""
        data: dict[str, Any] = {"title": str(self.title)}
        if self.facts:
            data["data"] = {fact.key: fact.value for fact in self.facts}
        if self.has_table:
            data["items"] = [dict(row) for row in self.rows]
        return data


Provider = Callable[[Any], Section | None]
_providers: dict[str, tuple[int, Provider]] = {}


def register(name: str, provider: Provider, *, order: int = 100) -> None:
    """Add or replace the provider of section ``name`` (lower ``order``: higher up)."""
    _providers[name] = (order, provider)


def unregister(name: str) -> None:
    _providers.pop(name, None)


def registered() -> list[str]:
    """Names of the registered sections in page order."""
    return [name for name, _entry in sorted(_providers.items(), key=_order)]


def _order(item: tuple[str, tuple[int, Provider]]) -> tuple[int, str]:
    return item[1][0], item[0]


def section_list(user: Any) -> list[Section]:
    """Every registered section for ``user``, in page order (empty ones left out)."""
    sections = []
    for _name, (_order_key, provider) in sorted(_providers.items(), key=_order):
        section = provider(user)
        if section is not None:
            sections.append(section)
    return sections


def export_sections(user: Any) -> dict[str, Any]:
    """Every section's export, keyed by section key (the JSON export's body)."""
    return {section.key: section.export() for section in section_list(user)}
