"""Clustering statements into propositions: plain data in (vectors, weighted pairs), lists of ids out."""

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.conf import settings

from factcheck.models import (
    Proposition,
    PropositionStatement,
)
from factcheck.services.matcher import stance
from factcheck.services.matcher.lexicon import read
from factcheck.services.matcher.search import ExactIndex

AUTO, EDITOR = PropositionStatement.AddedBy.AUTO, PropositionStatement.AddedBy.EDITOR
TITLE_LENGTH = Proposition._meta.get_field("title").max_length


# ---------------------------------------------------------------------------------------------
# Clustering (plain data in, lists of ids out)


@dataclass(frozen=True)
class ClusterSettings:
    linkage: float  # the average link two groups need to be joined
    clash_bonus: float  # added to a pair's cosine, times its contradiction score
    neighbours: int  # nearest statements of other sources that may join a statement
    min_similarity: float  # a neighbour below this cosine is no edge
    min_sources: int = 2

    @classmethod
    def current(cls) -> "ClusterSettings":
        return cls(
            linkage=settings.FACTCHECK_PROPOSITION_LINKAGE,
            clash_bonus=settings.FACTCHECK_PROPOSITION_CLASH_BONUS,
            neighbours=settings.FACTCHECK_NEIGHBOURS,
            min_similarity=settings.FACTCHECK_MIN_SIMILARITY,
        )


def cluster_vectors(
    *,
    ids: np.ndarray,
    sources: np.ndarray,
    vectors: np.ndarray,
    clashes: dict[tuple[int, int], float],
    config: ClusterSettings,
) -> list[list[int]]:
    """Groups of statement ids (every statement in exactly one group), largest first.

    clashes: (id, id) -> weight from 0 to 1 (the pair's contradiction score; 1 for a pair an
    editor confirmed). The link between two groups is the mean, over all cross pairs, of cosine
    plus clash_bonus × weight; exact, because the mean cosine is the dot product of the groups'
    vector sums divided by their sizes.
    """
    n = len(ids)
    if n == 0:
        return []
    index = ExactIndex(ids, sources, vectors)
    position = {pk: i for i, pk in enumerate(index.ids.tolist())}
    neighbours: list[dict[int, float]] = [{} for _ in range(n)]  # position -> clash bonus sum

    def connect(i: int, j: int, bonus: float = 0.0) -> None:
        neighbours[i][j] = neighbours[i].get(j, 0.0) + bonus
        neighbours[j][i] = neighbours[j].get(i, 0.0) + bonus

    found = index.search(index.vectors, index.sources, config.neighbours)
    for i in range(n):
        for pk, similarity in zip(found.ids[i].tolist(), found.similarities[i].tolist(), strict=True):
            if pk >= 0 and similarity >= config.min_similarity:
                connect(i, position[pk])
    for i in range(n):  # kNN edges were added from both ends; keep them without a bonus
        for j in neighbours[i]:
            neighbours[i][j] = 0.0
    for (a, b), weight in clashes.items():
        if a in position and b in position and a != b:
            connect(position[a], position[b], config.clash_bonus * weight)

    sums = index.vectors.astype(np.float64)
    sizes = np.ones(n, dtype=np.int64)
    members: list[list[int]] = [[pk] for pk in index.ids.tolist()]
    version = [0] * n
    heap: list[tuple[float, int, int, int, int]] = []

    def link(i: int, j: int) -> float:
        return (float(sums[i] @ sums[j]) + neighbours[i][j]) / (sizes[i] * sizes[j])

    def push(i: int, j: int) -> None:
        heapq.heappush(heap, (-link(i, j), i, j, version[i], version[j]))

    for i in range(n):
        for j in neighbours[i]:
            if i < j:
                push(i, j)
    while heap:
        negative, i, j, vi, vj = heapq.heappop(heap)
        if vi != version[i] or vj != version[j] or not members[i] or not members[j]:
            continue
        if -negative < config.linkage:
            break
        sums[i] += sums[j]
        sizes[i] += sizes[j]
        members[i].extend(members[j])
        members[j] = []
        for k, bonus in neighbours[j].items():
            if k != i:
                neighbours[i][k] = neighbours[i].get(k, 0.0) + bonus
                neighbours[k][i] = neighbours[i][k]
            neighbours[k].pop(j, None)
        neighbours[i].pop(j, None)
        neighbours[j] = {}
        version[i] += 1
        version[j] += 1
        for k in neighbours[i]:
            push(i, k)
    groups = [sorted(group) for group in members if group]
    return sorted(groups, key=lambda group: (-len(group), group[0]))


def central_statement(
    ids: Iterable[int],
    *,
    vectors: dict[int, np.ndarray],
    texts: dict[int, str],
    sources: dict[int, int] | None = None,
    clashes: dict[tuple[int, int], float] | None = None,
) -> int:
    """The claim the others argue about: the title of an automatic proposition.

    Preferred, in order: a statement that affirms (“There is no indication that ...” makes a poor
    title: the reader has to turn it around); one that clashes with more other sources; one
    closer to the others (cosine to their centroid plus its mean clash weight with them). Ties go
    to the lower id, so the choice is stable.
    """
    ids = sorted(ids)
    related = stance.relatedness_to_others({pk: vectors[pk] for pk in ids if pk in vectors})
    clash_sum: dict[int, float] = defaultdict(float)
    clashing_sources: dict[int, set] = defaultdict(set)
    members = set(ids)
    for (a, b), weight in (clashes or {}).items():
        if a in members and b in members and weight > 0:
            clash_sum[a] += weight
            clash_sum[b] += weight
            clashing_sources[a].add((sources or {}).get(b, b))
            clashing_sources[b].add((sources or {}).get(a, a))
    others = max(1, len(ids) - 1)
    affirming = [pk for pk in ids if read(texts[pk]).kind == "affirm"]
    return min(
        affirming or ids,
        key=lambda pk: (-len(clashing_sources[pk]), -(related.get(pk, 0.0) + clash_sum[pk] / others), pk),
    )


def title_from(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1].rstrip() + "…"
