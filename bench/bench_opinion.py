# SPDX-License-Identifier: EUPL-1.2
"""Opinion mapping (Pol.is method): seconds to compute the map for 10,000
participants x 100 statements, and for 1,000 x 100 as the baseline.

Pure computation, no database: ``participation.opinion_math.compute`` on a synthetic
vote matrix with three planted groups (``planted_votes``: 10 % flipped votes, 20 %
passes) — PCA to two components, k-means for k = 2..5 with the silhouette on a
sample, consensus and per-group agreement. The best of three runs is reported.
"""

from __future__ import annotations

import time
import warnings

PARTICIPANTS = 10_000
STATEMENTS = 100
BASELINE = 1_000
RUNS = 3


def _seconds(participants: int) -> tuple[float, int]:
    from balai.participation import opinion_math

    votes, _truth = opinion_math.planted_votes(
        participants=participants, statements=STATEMENTS, groups=3, seed=1
    )
    best, groups = float("inf"), 0
    for _run in range(RUNS):
        started = time.perf_counter()
        result = opinion_math.compute(votes)
        best = min(best, time.perf_counter() - started)
        groups = result.k if result else 0
    return best, groups


def run() -> list[dict[str, object]]:
    warnings.simplefilter("ignore")
    base, _k = _seconds(BASELINE)
    full, groups = _seconds(PARTICIPANTS)
    return [
        {"name": f"opinion map, {BASELINE:,} x {STATEMENTS}", "value": round(base, 3),
         "unit": "s", "ratio": 1.0},
        {"name": f"opinion map, {PARTICIPANTS:,} x {STATEMENTS} ({groups} groups)",
         "value": round(full, 3), "unit": "s", "ratio": round(full / base, 2)},
    ]  # fmt: skip


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']}: {row['value']} {row['unit']}")
