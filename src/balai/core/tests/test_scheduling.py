# SPDX-License-Identifier: EUPL-1.2
"""The order and grouping of tests under xdist (balai.core.testing.scheduling)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from balai.core.testing import scheduling

ROOT = Path(scheduling.__file__).parents[4]


class FakeItem:
    def __init__(self, nodeid: str, scopes: tuple[tuple[str, str], ...] = ()) -> None:
        self.nodeid = nodeid
        self.markers: list[Any] = []
        self._fixtureinfo = SimpleNamespace(
            name2fixturedefs={
                f"f{i}": [SimpleNamespace(scope=scope, baseid=base)]
                for i, (scope, base) in enumerate(scopes)
            }
        )

    def add_marker(self, marker: Any) -> None:
        self.markers.append(marker)


def test_every_heavy_module_exists_and_the_list_is_longest_first():
    for module in scheduling.HEAVY:
        assert (ROOT / module).is_file(), module
    seconds = list(scheduling.HEAVY.values())
    assert seconds == sorted(seconds, reverse=True)
    assert set(scheduling.HEAVY) >= scheduling.SPREAD


def test_heavy_modules_run_first_and_keep_their_own_order(monkeypatch):
    monkeypatch.setattr(
        scheduling, "HEAVY", {"a/test_long.py": 60.0, "a/test_longish.py": 20.0}
    )
    items = [
        FakeItem("a/test_short.py::test_one"),
        FakeItem("a/test_longish.py::test_x"),
        FakeItem("a/test_long.py::test_b"),
        FakeItem("a/test_short.py::test_two"),
        FakeItem("a/test_long.py::test_a"),
    ]
    ordered = scheduling.heavy_first(items)  # type: ignore[arg-type]
    assert [item.nodeid for item in ordered] == [
        "a/test_long.py::test_b",
        "a/test_long.py::test_a",
        "a/test_longish.py::test_x",
        "a/test_short.py::test_one",
        "a/test_short.py::test_two",
    ]


def test_modules_with_module_state_stay_together_except_the_spread_ones(monkeypatch):
    monkeypatch.setattr(scheduling, "SPREAD", {"a/test_matrix.py"})
    items = [
        FakeItem(
            "a/test_seeded.py::test_one",
            (("function", "a"), ("module", "a/test_seeded.py")),
        ),
        FakeItem("a/test_seeded.py::test_two", (("function", "a"),)),
        # a plugin's class-scoped fixture (pytest-django's) groups nothing
        FakeItem("a/test_plain.py::test_one", (("session", "a"), ("class", ""))),
        FakeItem("a/test_matrix.py::test_row", (("module", "a/test_matrix.py"),)),
    ]
    scheduling.group_shared_state(items)  # type: ignore[arg-type]
    groups = [
        [mark.args for mark in item.markers if mark.name == "xdist_group"]
        for item in items
    ]
    assert groups == [[("a/test_seeded.py",)], [("a/test_seeded.py",)], [], []]


def test_this_run_is_ordered_heavy_first(request: pytest.FixtureRequest):
    """The hook in balai.conftest ran for this session."""
    modules = [scheduling.module_of(item) for item in request.session.items]
    first_light = next(
        (i for i, module in enumerate(modules) if module not in scheduling.HEAVY),
        len(modules),
    )
    assert all(module not in scheduling.HEAVY for module in modules[first_light:])


@pytest.fixture(scope="module")
def module_state() -> int:
    return 1


def test_a_module_with_shared_state_runs_as_one_xdist_group(
    request: pytest.FixtureRequest, module_state: int
):
    """Under ``--dist loadgroup`` xdist sends a group to one worker by the ``@group``
    suffix it gives the marked items' ids; with pytest 9.2 and xdist 3.8 the suffix was
    silently lost and every worker built the shared state (pyproject pins pytest)."""
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not running under xdist --dist loadgroup")
    module = scheduling.module_of(request.node)
    assert request.node.nodeid.endswith(f"@{module}")
