# SPDX-License-Identifier: EUPL-1.2
"""Topics of negative posts: TF-IDF of the normalised words (no markers, no stop
words) → k-means (fixed seed, so the same posts give the same topics). Each cluster is
named by the heaviest terms of its centre and shows the posts nearest to it."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from balai import text as T

_STOP = (
    "yang dan di ke dari ini itu saya kami kita kamu dia mereka ada akan sudah belum "
    "juga karena tapi tetapi atau sangat banget saja sih dong kok deh ya iya bisa apa "
    "kenapa bagaimana dalam pada untuk dengan tidak gak lagi mau jadi kalau seperti "
    "hanya semua pak bu mas mbak sama buat sampai kapan mana siapa begitu sekali para "
    "pun lah nya haha terus cuma masih harus lebih oleh orang hari"
)
STOP_WORDS = frozenset(_STOP.split())
MIN_CLUSTER = 5


@dataclass(frozen=True)
class Cluster:
    terms: list[str]
    members: list[int]  # indexes into the input, nearest to the centre first


def _tokens(text: str) -> list[str]:
    return [
        t
        for t in T.tokens(text)
        if t[0] != "<" and t not in STOP_WORDS and not t.isdigit() and len(t) > 2
    ]


def _analyse(text: str) -> list[str]:
    tokens = _tokens(text)
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def cluster(texts: Sequence[str], *, max_topics: int = 8) -> list[Cluster]:
    """Clusters of at least ``MIN_CLUSTER`` posts, largest first."""
    if len(texts) < MIN_CLUSTER * 2:
        return []
    # imported here, not with the URLconf (scikit-learn costs every process ~1.5 s)
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(analyzer=_analyse, min_df=2, sublinear_tf=True)
    try:
        X = vectoriser.fit_transform(texts)
    except ValueError:  # no term appears twice
        return []
    k = max(2, min(max_topics, len(texts) // (MIN_CLUSTER * 3)))
    model = KMeans(n_clusters=k, n_init=4, random_state=0).fit(X)
    terms = np.array(vectoriser.get_feature_names_out())
    distances = model.transform(X)
    clusters = []
    for label in range(k):
        members = np.flatnonzero(model.labels_ == label)
        if len(members) < MIN_CLUSTER:
            continue
        centre = model.cluster_centers_[label]
        top = [str(t) for t in terms[np.argsort(-centre)[:4]] if " " not in t][:3]
        order = members[np.argsort(distances[members, label])]
        clusters.append(Cluster(terms=top, members=[int(i) for i in order]))
    return sorted(clusters, key=lambda c: -len(c.members))
