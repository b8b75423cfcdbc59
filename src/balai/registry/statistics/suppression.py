# SPDX-License-Identifier: EUPL-1.2
"""Small-cell suppression: which published counts must be hidden, and which others too.

A region's figures form a *row* of entries: cells (men aged 0-4, …) and totals, tied by
equations (a total is the sum of its parts). Primary suppression hides every count
``0 < n < k``; zero is published (it describes nobody). Complementary suppression then
visits every equation with exactly one hidden member, which subtraction would give
away, and hides one more member: preferably one whose other equations already hide
something (so no new equation needs help), then a non-zero count, then the smallest;
ties go to the first in a fixed order, so the result is deterministic. It repeats until
every equation hides none or at least two of its members.

The same figures appear in several publications (a region's pyramid, the list of its
sub-regions, the CSV of its villages), and a parent's entry is the sum of its
children's. So the regions are suppressed top-down, one table of siblings at a time,
with the parent's row fixed (``suppress(children, layout, k, parent=row)``): the
pattern of a region depends only on its ancestors and siblings, and every publication
shows it identically. A hidden parent entry counts as hidden in its column equation.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

Key = Hashable
Member = tuple[str, Key]
_PARENT = "\x00parent"  # member code of the fixed parent row; never a region code


@dataclass(frozen=True)
class Layout:
    """The entries of one row: ``cells``, then ``totals`` as (key, parts) in order."""

    cells: tuple[Key, ...]
    totals: tuple[tuple[Key, tuple[Key, ...]], ...]
    keys: tuple[Key, ...] = field(init=False)

    def __post_init__(self) -> None:
        keys = self.cells + tuple(total for total, _parts in self.totals)
        object.__setattr__(self, "keys", keys)

    def complete(self, cells: Mapping[Key, int]) -> dict[Key, int]:
        """Every entry of a row from its cells (missing cells count zero)."""
        values = {key: int(cells.get(key, 0)) for key in self.cells}
        for total, parts in self.totals:
            values[total] = sum(values[part] for part in parts)
        return values

    def add(self, rows: Iterable[Mapping[Key, int]]) -> dict[Key, int]:
        """The entry-wise sum of rows (the parent of these children)."""
        summed = dict.fromkeys(self.keys, 0)
        for row in rows:
            for key in self.keys:
                summed[key] += row[key]
        return summed


@dataclass(frozen=True)
class Row:
    """A region's counts and the entries that must not be published."""

    values: Mapping[Key, int]
    hidden: frozenset[Key] = frozenset()

    def shown(self, key: Key) -> int | None:
        """The count to publish, or None when it is suppressed."""
        return None if key in self.hidden else self.values[key]


def suppress(
    children: Mapping[str, Mapping[Key, int]],
    layout: Layout,
    k: int,
    parent: Row | None = None,
) -> dict[str, Row]:
    """Suppress a table of sibling rows (complete, see ``Layout.complete``).

    With ``parent`` (the row they add up to, its pattern already decided) each entry
    also forms a column equation with the parent's. Returns one Row per child.
    """
    codes = sorted(children)
    values = {(code, key): children[code][key] for code in codes for key in layout.keys}
    order = {member: index for index, member in enumerate(values)}
    hidden = {member for member, count in values.items() if 0 < count < k}
    fixed = {(_PARENT, key) for key in parent.hidden} if parent else set()
    equations = _equations(codes, layout, with_parent=parent is not None)
    by_member: dict[Member, list[int]] = {}
    for index, equation in enumerate(equations):
        for member in equation:
            by_member.setdefault(member, []).append(index)
    counts = [sum(m in hidden or m in fixed for m in eq) for eq in equations]
    queue = deque(index for index, count in enumerate(counts) if count == 1)
    while queue:
        index = queue.popleft()
        if counts[index] != 1:
            continue
        free = [m for m in equations[index] if m in values and m not in hidden]
        if not free:
            # Only the fixed parent entry is left: it is published above, so the
            # lone hidden child equals a public figure (>= k or zero) anyway.
            continue

        def cost(member: Member) -> tuple[int, bool, int, int]:
            new = sum(counts[other] == 0 for other in by_member[member])
            count = values[member]
            return new, count == 0, count, order[member]

        pick = min(free, key=cost)
        hidden.add(pick)
        for other in by_member[pick]:
            counts[other] += 1
            if counts[other] == 1:
                queue.append(other)
    return {
        code: Row(
            values=dict(children[code]),
            hidden=frozenset(key for key in layout.keys if (code, key) in hidden),
        )
        for code in codes
    }


def _equations(
    codes: Sequence[str], layout: Layout, *, with_parent: bool
) -> list[list[Member]]:
    equations = [
        [(code, total), *((code, part) for part in parts)]
        for code in codes
        for total, parts in layout.totals
    ]
    if with_parent and codes:
        equations.extend(
            [(_PARENT, key), *((code, key) for code in codes)] for key in layout.keys
        )
    return equations


def suppress_single(values: Mapping[Key, int], layout: Layout, k: int) -> Row:
    """Suppress one row that has no parent (the whole register)."""
    return suppress({"": values}, layout, k)[""]
