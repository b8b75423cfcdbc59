# SPDX-License-Identifier: EUPL-1.2
"""Which tests run first, and which stay together, under pytest-xdist.

With two workers the suite ends when the slower one does: a long test that starts
last leaves the other worker idle for its whole length. So the known-long modules
run first (``HEAVY``, measured CPU/wall seconds, longest first) and the thousands of
short tests after them even the two workers out at the end.

xdist runs with ``--dist loadgroup --no-loadscope-reorder`` (``pyproject.toml``):
every test is its own unit of work, sent in the order below to whichever worker is
free, except that the tests of a module with module-scoped state (a fixture of
module, class or package scope: a seeded demo, a Spark session, a migrated file) are
one unit, so that state is built on one worker only. The access matrix is the
exception (``SPREAD``): its tests (one per URL, every role's request inside) are
spread over both workers, each of which builds the matrix world once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

# Module → measured seconds (the module's tests together, SQLite, one process), the
# longest first. Ranking is what matters; refresh it from `pytest --durations`.
HEAVY: dict[str, float] = {
    "src/balai/portal/tests/test_seed_command.py": 71,
    "src/balai/sentiment/tests/test_model.py": 65,
    "src/balai/registry/integration/tests/test_linkage_spark.py": 60,
    "src/balai/core/tests/test_schemathesis.py": 60,
    "src/balai/portal/tests/test_demo.py": 40,
    "src/balai/core/tests/test_db_connections.py": 33,
    "src/balai/security/tests/test_policy_matrix.py": 30,
    "src/balai/finance/tests/test_seed.py": 25,
    "src/balai/core/tests/test_schemathesis_stateful.py": 25,
    "src/balai/registry/integration/tests/test_pipeline_end_to_end.py": 20,
    "src/balai/registry/integration/tests/test_linkage_training.py": 15,
    "src/balai/reports/tests/test_browser_journeys.py": 15,
    "src/balai/accounts/tests/test_browser_journeys.py": 12,
    "src/balai/reports/tests/test_browser_pwa.py": 10,
    "src/balai/participation/tests/test_consultations_browser.py": 10,
    "src/balai/participation/tests/test_budgeting_browser.py": 10,
    "src/balai/participation/tests/test_polls_browser.py": 8,
    "src/balai/cases/tests/test_browser.py": 8,
    "src/balai/cases/tests/test_browser_fee.py": 8,
    "src/balai/tax/tests/test_browser.py": 8,
    "src/balai/tax/tests/test_browser_levies.py": 8,
    "src/balai/finance/tests/test_browser.py": 8,
    "src/balai/portal/tests/test_browser_my_data.py": 8,
    "src/balai/catalog/tests/test_browser.py": 6,
    "src/balai/cases/documents/tests/test_browser.py": 6,
    "src/balai/assistant/tests/test_widget.py": 6,
}

# Modules with module-scoped state whose tests are still spread over the workers.
SPREAD = {"src/balai/security/tests/test_policy_matrix.py"}

SHARED_SCOPES = {"module", "class", "package"}


def module_of(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]


def heavy_first(items: Sequence[pytest.Item]) -> list[pytest.Item]:
    """The items of ``HEAVY`` modules first (longest module first), each module's
    items in their own order; then every other item in collection order."""
    rank = {module: index for index, module in enumerate(HEAVY)}
    last = len(rank)
    ordered = sorted(
        enumerate(items), key=lambda pair: (rank.get(module_of(pair[1]), last), pair[0])
    )
    return [item for _index, item in ordered]


def has_shared_state(item: pytest.Item) -> bool:
    """Whether the item uses a fixture of module, class or package scope defined in
    the project's tests (plugins' own, such as pytest-django's class-scoped autouse
    fixture, build nothing worth keeping together)."""
    info: Any = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(
        definitions
        and definitions[-1].scope in SHARED_SCOPES
        and definitions[-1].baseid  # "" for a plugin's fixture
        for definitions in info.name2fixturedefs.values()
    )


def group_shared_state(items: Sequence[pytest.Item]) -> None:
    """Mark the items of modules with module-scoped state as one xdist group each."""
    grouped = {
        module_of(item)
        for item in items
        if module_of(item) not in SPREAD and has_shared_state(item)
    }
    for item in items:
        module = module_of(item)
        if module in grouped:
            item.add_marker(pytest.mark.xdist_group(module))
