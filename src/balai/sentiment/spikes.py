# SPDX-License-Identifier: EUPL-1.2
"""The spike test: is today's negative share significantly above its baseline?

For each agency, ``k`` of today's ``n`` posts are negative. The baseline share ``p0``
is the negative share of the previous 28 days (Laplace-smoothed: (k0 + 1)/(n0 + 2)).
Under "nothing changed", k follows Binomial(n, p0); the one-sided exact binomial test
gives P(X ≥ k). An alert needs p < α / m (Bonferroni over the m agencies tested that
day, α = 0.01 by default) and at least 20 posts today, so a quiet agency with three
angry posts does not page its head.
"""

from __future__ import annotations

from dataclasses import dataclass

TEST_NAME = "one-sided exact binomial test vs 28-day baseline, Bonferroni"


@dataclass(frozen=True)
class Window:
    negative: int
    total: int
    baseline_negative: int
    baseline_total: int

    @property
    def baseline_rate(self) -> float:
        return (self.baseline_negative + 1) / (self.baseline_total + 2)

    @property
    def rate(self) -> float:
        return self.negative / self.total if self.total else 0.0


@dataclass(frozen=True)
class Verdict:
    spike: bool
    p_value: float
    threshold: float


def p_value(window: Window) -> float:
    """P(X ≥ negative) for X ~ Binomial(total, baseline_rate); 1.0 without posts."""
    if window.total == 0:
        return 1.0
    from scipy.stats import binomtest  # on use, not with the URLconf

    result = binomtest(
        window.negative, window.total, window.baseline_rate, alternative="greater"
    )
    return float(result.pvalue)


def judge(window: Window, *, alpha: float, tests: int, min_posts: int) -> Verdict:
    threshold = alpha / max(1, tests)
    value = p_value(window)
    spike = (
        window.total >= min_posts
        and window.rate > window.baseline_rate
        and value < threshold
    )
    return Verdict(spike=spike, p_value=value, threshold=threshold)
