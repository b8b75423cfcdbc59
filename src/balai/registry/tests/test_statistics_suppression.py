# SPDX-License-Identifier: EUPL-1.2
"""Small-cell suppression: primary, complementary, top-down, and an attacker's view."""

from __future__ import annotations

import random

from balai.registry.statistics.constants import TOTAL
from balai.registry.statistics.suppression import Key, Layout, Row, suppress
from balai.registry.statistics.tables import population_layout

K = 10
# A small layout: three cells and their total.
ABC = Layout(cells=("a", "b", "c"), totals=((TOTAL, ("a", "b", "c")),))


def _equations(
    rows: dict[str, Row], layout: Layout, parent: Row | None
) -> list[list[tuple[str, Key]]]:
    equations = [
        [(code, total), *((code, part) for part in parts)]
        for code in rows
        for total, parts in layout.totals
    ]
    if parent is not None:
        equations += [
            [("^", key), *((code, key) for code in rows)] for key in layout.keys
        ]
    return equations


def _recovered(
    rows: dict[str, Row], layout: Layout, parent: Row | None = None
) -> set[tuple[str, Key]]:
    """What an attacker learns by solving equations with one unknown, repeatedly."""
    known = {
        (code, key): row.values[key]
        for code, row in rows.items()
        for key in layout.keys
        if key not in row.hidden
    }
    if parent is not None:
        known |= {
            ("^", k): parent.values[k] for k in layout.keys if k not in parent.hidden
        }
    hidden = {(c, key) for c, row in rows.items() for key in row.hidden}
    recovered: set[tuple[str, Key]] = set()
    progress = True
    while progress:
        progress = False
        for total, *parts in _equations(rows, layout, parent):
            members = [total, *parts]
            unknown = [m for m in members if m not in known]
            if len(unknown) != 1:
                continue
            (member,) = unknown
            others = sum(known[m] for m in parts if m != member)
            known[member] = others if member == total else known[total] - others
            recovered.add(member)
            progress = True
    return recovered & hidden


def test_a_cell_of_three_is_hidden_and_zero_and_k_are_published():
    rows = suppress({"x": ABC.complete({"a": 3, "b": 0, "c": 40})}, ABC, K)
    row = rows["x"]
    assert row.shown("a") is None
    assert row.shown("b") == 0
    assert "a" in row.hidden


def test_exactly_k_is_published():
    row = suppress({"x": ABC.complete({"a": K, "b": 20, "c": 30})}, ABC, K)["x"]
    assert row.hidden == frozenset()
    assert row.shown(TOTAL) == K + 50


def test_a_lone_hidden_cell_gets_a_complement_the_smallest_non_zero():
    row = suppress({"x": ABC.complete({"a": 3, "b": 0, "c": 40})}, ABC, K)["x"]
    # total 43 - 0 - c would give a away: c (the smallest non-zero) is hidden too
    assert row.hidden == frozenset({"a", "c"})
    assert _recovered({"x": row}, ABC) == set()


def test_complementary_suppression_prefers_the_smallest_count():
    row = suppress({"x": ABC.complete({"a": 4, "b": 25, "c": 12})}, ABC, K)["x"]
    assert row.hidden == frozenset({"a", "c"})
    assert row.shown(TOTAL) == 41
    assert row.shown("b") == 25


def test_two_small_cells_protect_each_other():
    row = suppress({"x": ABC.complete({"a": 4, "b": 6, "c": 30})}, ABC, K)["x"]
    assert row.hidden == frozenset({"a", "b"})


def test_a_small_total_is_hidden_with_its_cells():
    row = suppress({"x": ABC.complete({"a": 2, "b": 0, "c": 5})}, ABC, K)["x"]
    assert row.hidden == frozenset({"a", "c", TOTAL})


def test_published_totals_are_consistent_with_published_cells():
    row = suppress({"x": ABC.complete({"a": 12, "b": 25, "c": 30})}, ABC, K)["x"]
    assert row.shown(TOTAL) == row.shown("a") + row.shown("b") + row.shown("c")


def test_children_are_suppressed_with_the_parent_fixed():
    parent_values = ABC.complete({"a": 30, "b": 30, "c": 30})
    parent = Row(parent_values)  # everything published at the parent's level
    children = {
        "p.01": ABC.complete({"a": 27, "b": 15, "c": 15}),
        "p.02": ABC.complete({"a": 3, "b": 15, "c": 15}),
    }
    rows = suppress(children, ABC, K, parent=parent)
    # p.02's a (3) is primary; p.01's a would give it away via the parent's 30
    assert "a" in rows["p.02"].hidden
    assert "a" in rows["p.01"].hidden
    assert _recovered(rows, ABC, parent) == set()


def test_a_hidden_parent_entry_counts_in_its_column():
    parent = Row(ABC.complete({"a": 12, "b": 40, "c": 40}), hidden=frozenset({"a"}))
    children = {
        "p.01": ABC.complete({"a": 12, "b": 20, "c": 20}),
        "p.02": ABC.complete({"b": 20, "c": 20}),
    }
    rows = suppress(children, ABC, K, parent=parent)
    # publishing p.01's a (and p.02's 0) would reveal the parent's hidden a
    assert "a" in rows["p.01"].hidden
    assert _recovered(rows, ABC, parent) == set()


def test_suppression_is_deterministic():
    children = {
        f"r.{i:02d}": ABC.complete({"a": i % 7, "b": (i * 5) % 13, "c": 11})
        for i in range(12)
    }
    first = suppress(children, ABC, K)
    second = suppress(dict(reversed(list(children.items()))), ABC, K)
    assert first == second


def test_random_tables_never_reveal_a_small_count():
    layout = population_layout()
    generator = random.Random(20261128)
    for _round in range(25):
        children = {
            f"32.{i:02d}": layout.complete(
                {
                    key: generator.choice([0, 0, 1, 2, 4, 9, 10, 15, 60])
                    for key in layout.cells
                }
            )
            for i in range(1, generator.randint(2, 6))
        }
        parent_values = layout.add(children.values())
        parent = suppress({"": parent_values}, layout, K)[""]
        rows = suppress(children, layout, K, parent=parent)
        for code, row in rows.items():
            small = {key for key, n in row.values.items() if 0 < n < K}
            assert small <= row.hidden, code
        assert _recovered(rows, layout, parent) == set()
        for equation in _equations(rows, layout, parent):
            hidden = sum(
                (parent.hidden if code == "^" else rows[code].hidden).__contains__(key)
                for code, key in equation
            )
            assert hidden != 1


def _hierarchy_fetch(data: dict[str, dict[Key, int]]):
    """A fetch over village-level cells keyed by dotted codes (as the selectors do)."""
    from balai.registry.statistics.constants import ancestor_code, depth_of

    def fetch(code: str, depth: int) -> dict[str, dict[Key, int]]:
        found: dict[str, dict[Key, int]] = {}
        for village, cells in data.items():
            if code and ancestor_code(village, depth_of(code)) != code:
                continue
            target = found.setdefault(ancestor_code(village, depth), {})
            for key, n in cells.items():
                target[key] = target.get(key, 0) + n
        return found

    return fetch


def test_every_level_together_never_reveals_a_small_count():
    from balai.registry.statistics.tables import Tables

    generator = random.Random(7)
    for _round in range(10):
        data = {
            f"32.7{r}.0{d}.100{v}": {
                key: generator.choice([0, 0, 1, 3, 8, 12, 30]) for key in ABC.cells
            }
            for r in range(1, 3)
            for d in range(1, generator.randint(2, 4))
            for v in range(1, generator.randint(2, 5))
        }
        tables = Tables(_hierarchy_fetch(data), ABC, K)
        published: dict[str, Row] = {"": tables.root()}
        for depth in range(1, 5):
            published |= tables.descendants("", depth)
        # the same pattern whichever way a page reaches a region
        for code in list(published)[:8]:
            assert Tables(_hierarchy_fetch(data), ABC, K).row(code) == published[code]
        equations = [
            [(code, total), *((code, part) for part in parts)]
            for code in published
            for total, parts in ABC.totals
        ]
        for parent in published:
            children = [
                c for c in published if c.rsplit(".", 1)[0] == parent and c != parent
            ]
            if not parent:
                children = [c for c in published if c and "." not in c]
            if children:
                equations += [
                    [(parent, key), *((c, key) for c in children)] for key in ABC.keys
                ]
        known = {
            (code, key): row.values[key]
            for code, row in published.items()
            for key in ABC.keys
            if key not in row.hidden
        }
        progress = True
        while progress:
            progress = False
            for total, *parts in equations:
                unknown = [m for m in (total, *parts) if m not in known]
                if len(unknown) == 1:
                    (member,) = unknown
                    rest = sum(known[m] for m in parts if m != member)
                    known[member] = rest if member == total else known[total] - rest
                    progress = True
        for code, row in published.items():
            for key, n in row.values.items():
                if 0 < n < K:
                    assert (code, key) not in known, (code, key)
