# SPDX-License-Identifier: EUPL-1.2
"""Suppressed rows for any region, computed top-down from the whole register.

``Tables`` wraps a fetch function (the counts of the regions at one depth inside a
region, as ``{code: {cell key: count}}``) and answers a region's own row, its
children's rows, or all its descendants at a depth. Each table of siblings is
suppressed once with its parent's row fixed (see ``suppression``), so a figure has the
same pattern wherever it is published. Fetches and tables are memoised per instance:
a page costs one query per depth, whatever the number of regions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from balai.registry.statistics.constants import (
    AGE_BANDS,
    SEXES,
    TOTAL,
    age_band_label,
    ancestor_code,
    depth_of,
)
from balai.registry.statistics.suppression import (
    Key,
    Layout,
    Row,
    suppress,
    suppress_single,
)

Fetch = Callable[[str, int], Mapping[str, Mapping[Key, int]]]


def population_layout() -> Layout:
    """Cells (sex, age band); totals per sex and overall, keys ``(sex, band)``."""
    labels = [age_band_label(lower) for lower in AGE_BANDS]
    cells = tuple((sex, label) for sex in SEXES for label in labels)
    per_sex = tuple(
        ((sex, TOTAL), tuple((sex, label) for label in labels)) for sex in SEXES
    )
    overall = ((TOTAL, TOTAL), tuple((sex, TOTAL) for sex in SEXES))
    return Layout(cells=cells, totals=(*per_sex, overall))


def month_key(month: dt.date) -> str:
    return month.strftime("%Y-%m")


def events_layout(kinds: Sequence[str], months: Sequence[dt.date]) -> Layout:
    """Cells (kind, "YYYY-MM"); a total per kind over the months."""
    cells = tuple((kind, month_key(month)) for kind in kinds for month in months)
    totals = tuple(
        ((kind, TOTAL), tuple((kind, month_key(month)) for month in months))
        for kind in kinds
    )
    return Layout(cells=cells, totals=totals)


class Tables:
    """Suppressed rows of one statistic (population or events) for any region."""

    def __init__(self, fetch: Fetch, layout: Layout, k: int) -> None:
        self.layout = layout
        self.k = k
        self._fetch_raw = fetch
        self._fetched: dict[tuple[str, int], dict[str, dict[Key, int]]] = {}
        self._tables: dict[tuple[str, int], dict[str, Row]] = {}
        self._root: Row | None = None

    def fetch(self, code: str, depth: int) -> dict[str, dict[Key, int]]:
        """Complete rows of the regions at ``depth`` inside ``code`` (memoised)."""
        key = (code, depth)
        if key not in self._fetched:
            raw = self._fetch_raw(code, depth)
            self._fetched[key] = {
                child: self.layout.complete(cells) for child, cells in raw.items()
            }
        return self._fetched[key]

    def zero(self) -> Row:
        return Row(values=self.layout.complete({}))

    def root(self) -> Row:
        """The whole register (the sum of the provinces, incl. unknown region)."""
        if self._root is None:
            total = self.layout.add(self.fetch("", 1).values())
            self._root = suppress_single(total, self.layout, self.k)
        return self._root

    def row(self, code: str) -> Row:
        """A region's own row, suppressed among its siblings."""
        depth = depth_of(code)
        if depth == 0:
            return self.root()
        siblings = self.children(ancestor_code(code, depth - 1))
        return siblings.get(code) or self.zero()

    def children(self, code: str) -> dict[str, Row]:
        """The rows of the regions directly inside ``code`` that have any count."""
        depth = depth_of(code) + 1
        key = (code, depth)
        if key not in self._tables:
            self._tables[key] = suppress(
                self.fetch(code, depth), self.layout, self.k, parent=self.row(code)
            )
        return self._tables[key]

    def descendants(self, code: str, depth: int) -> dict[str, Row]:
        """The rows of every region at ``depth`` inside ``code``, level by level
        (one fetch per level, whatever the number of parents)."""
        current = {code: self.row(code)}
        for level in range(depth_of(code) + 1, depth + 1):
            groups: dict[str, dict[str, dict[Key, int]]] = {}
            for child, values in self.fetch(code, level).items():
                groups.setdefault(ancestor_code(child, level - 1), {})[child] = values
            following: dict[str, Row] = {}
            for parent_code in sorted(current):
                table = suppress(
                    groups.get(parent_code, {}),
                    self.layout,
                    self.k,
                    parent=current[parent_code],
                )
                self._tables.setdefault((parent_code, level), table)
                following.update(table)
            current = following
        return current
