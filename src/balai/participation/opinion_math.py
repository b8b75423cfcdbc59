# SPDX-License-Identifier: EUPL-1.2
"""The Pol.is method on a vote matrix, without Django: PCA, k-means, consensus.

Participants vote agree (+1), disagree (-1) or pass (0) on statements; a statement
not seen counts as 0. Participants with fewer than ``min_votes`` votes are left out
of the clustering. The matrix is reduced to two components with PCA; k-means
clusters the participants for every k from 2 to 5 and the k with the best
silhouette score wins (on a sample for large crowds, so the score stays cheap).
For each group we report the statements it agrees with most (share of the group's
voters who agree, with a Laplace prior so two votes do not make a consensus) and the
statements every group agrees with (consensus: the lowest group's agreement is
high). The projection is what the chart draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

K_RANGE = (2, 3, 4, 5)
SILHOUETTE_SAMPLE = 2000
CONSENSUS_MIN = 0.6  # every group agrees at least this much (smoothed share)
TOP_PER_GROUP = 5


@dataclass
class GroupSummary:
    label: int
    size: int
    agrees_with: list[tuple[int, float]]  # (statement column, smoothed agree share)
    disagrees_with: list[tuple[int, float]]


@dataclass
class OpinionResult:
    participants: int  # clustered (enough votes)
    k: int
    silhouette: float
    points: np.ndarray  # (participants, 2) projection
    labels: np.ndarray  # (participants,) group of each clustered participant
    kept: np.ndarray  # indices (rows of the input) of the clustered participants
    groups: list[GroupSummary] = field(default_factory=list)
    consensus: list[tuple[int, float]] = field(default_factory=list)


def _agree_shares(votes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Smoothed share agreeing and disagreeing per statement, over those who voted."""
    agree = (votes > 0).sum(axis=0)
    disagree = (votes < 0).sum(axis=0)
    voted = agree + disagree
    return (agree + 1) / (voted + 2), (disagree + 1) / (voted + 2)


def compute(
    matrix: np.ndarray, *, min_votes: int = 3, seed: int = 0
) -> OpinionResult | None:
    """Cluster the participants (rows) of ``matrix`` (values in -1/0/+1).

    Returns None when fewer than 4 participants have enough votes or fewer than 2
    statements exist: there is nothing to map yet. Runs single-threaded: on small
    2-D data OpenMP's thread start-up costs 20x the work (and the host's cores
    serve web requests).
    """
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    with threadpool_limits(limits=1):
        return _compute(matrix, min_votes=min_votes, seed=seed)


def _compute(matrix: np.ndarray, *, min_votes: int, seed: int) -> OpinionResult | None:
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA
    from sklearn.metrics import silhouette_score

    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim != 2 or matrix.shape[1] < 2:
        return None
    counts = (matrix != 0).sum(axis=1)
    kept = np.flatnonzero(counts >= min_votes)
    if kept.size < 4:
        return None
    votes = matrix[kept]
    points = PCA(n_components=2, random_state=seed).fit_transform(votes)
    rng = np.random.default_rng(seed)
    sample = (
        rng.choice(points.shape[0], SILHOUETTE_SAMPLE, replace=False)
        if points.shape[0] > SILHOUETTE_SAMPLE
        else np.arange(points.shape[0])
    )
    best: tuple[float, int, np.ndarray] | None = None
    distinct = np.unique(points.round(6), axis=0).shape[0]
    for k in K_RANGE:
        if k >= points.shape[0] or k > distinct:
            break
        labels = KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(points)
        if np.unique(labels[sample]).size < 2:
            continue
        score = float(silhouette_score(points[sample], labels[sample]))
        if best is None or score > best[0]:
            best = (score, k, labels)
    if best is None:
        return None
    score, k, labels = best
    result = OpinionResult(
        participants=int(kept.size),
        k=k,
        silhouette=score,
        points=points,
        labels=labels,
        kept=kept,
    )
    group_agree = []
    for label in range(k):
        members = votes[labels == label]
        agree, disagree = _agree_shares(members)
        group_agree.append(agree)
        top = np.argsort(-agree)[:TOP_PER_GROUP]
        bottom = np.argsort(-disagree)[:TOP_PER_GROUP]
        result.groups.append(
            GroupSummary(
                label=label,
                size=int(members.shape[0]),
                agrees_with=[(int(c), float(agree[c])) for c in top if agree[c] > 0.5],
                disagrees_with=[
                    (int(c), float(disagree[c])) for c in bottom if disagree[c] > 0.5
                ],
            )
        )
    lowest = np.min(np.vstack(group_agree), axis=0)
    order = np.argsort(-lowest)
    result.consensus = [
        (int(c), float(lowest[c])) for c in order if lowest[c] >= CONSENSUS_MIN
    ]
    return result


def planted_votes(
    *,
    participants: int,
    statements: int,
    groups: int,
    seed: int = 0,
    noise: float = 0.1,
    pass_rate: float = 0.2,
) -> tuple[np.ndarray, np.ndarray]:
    """A synthetic vote matrix with ``groups`` planted opinion groups (tests, bench).

    Each group has a random stance (+1/-1) per statement; each participant follows
    their group's stance, flips it with probability ``noise`` and passes (0) with
    probability ``pass_rate``. Returns (matrix, true group of each participant).
    """
    rng = np.random.default_rng(seed)
    stances = rng.choice([-1, 1], size=(groups, statements))
    truth = rng.integers(0, groups, size=participants)
    votes = stances[truth].astype(np.int8)
    flips = rng.random(votes.shape) < noise
    votes[flips] *= -1
    votes[rng.random(votes.shape) < pass_rate] = 0
    return votes, truth
