"""Propositions: found by the matcher as clusters of statements, kept by editors.

`propose_propositions` clusters every embedded statement and turns each cluster that spans two
or more sources into a proposition, titled by its most central statement. The clustering is
average linkage over cosine similarity, where a stored pair adds to its two statements' link in
proportion to its contradiction score (a clash is the strongest sign that two statements speak
to one question). Groups are only joined along an edge — a near neighbour of another source or a
stored pair — so a run costs neighbours × statements, not statements².

A re-run updates what the matcher made and never undoes what an editor did:

- a cluster is matched to the proposition that holds most of its statements (removed ones
  included, so a statement an editor took out still ties the cluster to that proposition);
- a statement an editor took out (`removed`) is never put back, one in another proposition is
  never taken from it, and a row an editor added is never taken out;
- a proposition an editor changed (`edited`) keeps its title and all its statements; one nobody
  changed follows its cluster, and goes when its cluster does;
- stances an editor set are kept; the others are read again (stance.py).
"""

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.db import transaction

from factcheck.models import (
    ClaimPair,
    Embedding,
    Proposition,
    PropositionStatement,
    Statement,
)
from factcheck.services.matcher import embeddings, stance
from factcheck.services.matcher.search import ExactIndex
from factcheck.services.progress import Progress, no_progress
from factcheck.services.propositions.clustering import ClusterSettings, central_statement, cluster_vectors, title_from

AUTO, EDITOR = PropositionStatement.AddedBy.AUTO, PropositionStatement.AddedBy.EDITOR
TITLE_LENGTH = Proposition._meta.get_field("title").max_length


# ---------------------------------------------------------------------------------------------
# Reading what the database holds


def stored_vectors(statement_ids: Iterable[int] | None = None) -> dict[int, np.ndarray]:
    rows = Embedding.objects.filter(model_name=embeddings.model_name())
    if statement_ids is not None:
        rows = rows.filter(statement_id__in=list(statement_ids))
    return {pk: np.frombuffer(vector, dtype=np.float32) for pk, vector in rows.values_list("statement_id", "vector")}


def clash_weight(contradiction: float | None, status: str) -> float:
    """How strongly a stored pair ties its statements: an editor's verdict outweighs the score."""
    if status == ClaimPair.Status.CONFIRMED:
        return 1.0
    if status == ClaimPair.Status.DISMISSED:
        return 0.0
    return contradiction or 0.0


def stored_pairs(statement_ids: Iterable[int]) -> list[stance.PairSignal]:
    ids = list(statement_ids)
    pairs = ClaimPair.objects.filter(statement_a__in=ids, statement_b__in=ids).exclude(
        status=ClaimPair.Status.DISMISSED
    )
    return [
        stance.PairSignal(
            a,
            b,
            clash_weight(contradiction, status),
            (cues or {}).get("stance_a", ""),
            (cues or {}).get("stance_b", ""),
        )
        for a, b, contradiction, status, cues in pairs.values_list(
            "statement_a_id", "statement_b_id", "contradiction", "status", "cues"
        )
    ]


def refresh_stances(proposition: Proposition) -> int:
    """Read again the stance of every statement in the proposition whose stance no editor set.

    Uses stored vectors and pairs only, so it runs inside a request. Returns how many changed.
    """
    rows = list(proposition.memberships.filter(removed=False).select_related("statement").order_by("statement_id"))
    texts = {row.statement_id: row.statement.text for row in rows}
    vectors = stored_vectors(texts)
    pairs = stored_pairs(texts)
    anchor = proposition.anchor_id if proposition.anchor_id in texts else None
    if anchor is None and texts:
        anchor = central_statement(
            texts,
            vectors=vectors,
            texts=texts,
            sources={row.statement_id: row.statement.source_id for row in rows},
            clashes={(p.a, p.b): p.contradiction for p in pairs},
        )
    calls = stance.stances_in(title=proposition.title, texts=texts, vectors=vectors, anchor=anchor, pairs=pairs)
    changed = []
    for row in rows:
        if row.stance_by_editor:
            continue
        call = calls[row.statement_id]
        if (row.stance, row.confidence, row.cues) != (call.stance, call.confidence, list(call.cues)):
            row.stance, row.confidence, row.cues = call.stance, call.confidence, list(call.cues)
            changed.append(row)
    PropositionStatement.objects.bulk_update(changed, ["stance", "confidence", "cues", "updated_at"])
    return len(changed)


# ---------------------------------------------------------------------------------------------
# The automatic run


@dataclass
class ProposeReport:
    statements: int = 0
    clusters: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    added: int = 0
    taken_out: int = 0
    kept_by_editors: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.statements} statements in {self.clusters} clusters of two or more sources; "
            f"propositions: {self.created} new, {self.updated} updated, {self.removed} removed, "
            f"{self.kept_by_editors} kept as editors left them; statements: {self.added} added, "
            f"{self.taken_out} taken out ({self.seconds:.1f}s)."
        )


@dataclass
class _Held:
    """A live proposition as the run sees it."""

    proposition: Proposition
    active: set[int] = field(default_factory=set)
    removed: set[int] = field(default_factory=set)
    auto_rows: set[int] = field(default_factory=set)
    claimed: bool = False

    @property
    def known(self) -> set[int]:
        return self.active | self.removed


def propose_propositions(*, config: ClusterSettings | None = None, progress: Progress = no_progress) -> ProposeReport:
    """Cluster every embedded statement and bring the propositions in line with the clusters.

    Statements without a vector (run `match` first) take no part. Editors' changes are kept; see
    the module docstring.
    """
    started = time.monotonic()
    config = config or ClusterSettings.current()
    report = ProposeReport()
    index = ExactIndex.from_database(model_name=embeddings.model_name())
    report.statements = len(index)
    clashes = {
        (a, b): clash_weight(contradiction, status)
        for a, b, contradiction, status in ClaimPair.objects.values_list(
            "statement_a_id", "statement_b_id", "contradiction", "status"
        ).iterator(chunk_size=5000)
    }
    clusters = cluster_vectors(
        ids=index.ids, sources=index.sources, vectors=index.vectors, clashes=clashes, config=config
    )
    progress("cluster", len(index))
    source_of = dict(zip(index.ids.tolist(), index.sources.tolist(), strict=True))
    clusters = [c for c in clusters if len({source_of[pk] for pk in c}) >= config.min_sources]
    report.clusters = len(clusters)
    vectors = {pk: index.vectors[i] for i, pk in enumerate(index.ids.tolist())}

    with transaction.atomic():
        # Editors' changes wait for the run (and the run for them): every live proposition is locked.
        held = {
            p.pk: _Held(p)
            for p in Proposition.objects.select_for_update().filter(merged_into__isnull=True).order_by("pk")
        }
        elsewhere: dict[int, set[int]] = defaultdict(set)  # statement -> live propositions it is in
        rows = PropositionStatement.objects.filter(proposition__in=list(held)).values_list(
            "proposition_id", "statement_id", "removed", "added_by"
        )
        for proposition_id, statement_id, removed, added_by in rows.iterator(chunk_size=5000):
            entry = held[proposition_id]
            if removed:
                entry.removed.add(statement_id)
            else:
                entry.active.add(statement_id)
                elsewhere[statement_id].add(proposition_id)
                if added_by == AUTO:
                    entry.auto_rows.add(statement_id)
        by_statement: dict[int, set[int]] = defaultdict(set)
        for pk, entry in held.items():
            for statement_id in entry.known:
                by_statement[statement_id].add(pk)

        touched: set[int] = set()
        for cluster in clusters:
            members = set(cluster)
            target = _best_match(members, held, by_statement)
            if target is None:
                free = sorted(pk for pk in members if not elsewhere[pk])
                if len({source_of[pk] for pk in free}) < config.min_sources:
                    continue
                texts = _texts(free)
                anchor = central_statement(free, vectors=vectors, texts=texts, sources=source_of, clashes=clashes)
                proposition = Proposition(title=title_from(texts[anchor]), anchor_id=anchor)
                proposition.full_clean()
                proposition.save()
                PropositionStatement.objects.bulk_create(
                    [PropositionStatement(proposition=proposition, statement_id=pk) for pk in free]
                )
                entry = held[proposition.pk] = _Held(proposition, set(free), set(), set(free), claimed=True)
                for pk in free:
                    elsewhere[pk].add(proposition.pk)
                report.created += 1
                report.added += len(free)
                touched.add(proposition.pk)
                continue
            entry = held[target]
            entry.claimed = True
            add = sorted(pk for pk in members - entry.known if not elsewhere[pk])
            take_out = set() if entry.proposition.edited else entry.auto_rows - members
            if add:
                PropositionStatement.objects.bulk_create(
                    [PropositionStatement(proposition_id=target, statement_id=pk) for pk in add]
                )
                for pk in add:
                    elsewhere[pk].add(target)
                entry.active |= set(add)
                entry.auto_rows |= set(add)
                report.added += len(add)
            if take_out:
                PropositionStatement.objects.filter(proposition_id=target, statement__in=take_out).delete()
                for pk in take_out:
                    elsewhere[pk].discard(target)
                entry.active -= take_out
                entry.auto_rows -= take_out
                report.taken_out += len(take_out)
            if add or take_out:
                report.updated += 1
            touched.add(target)

        for pk, entry in list(held.items()):
            proposition = entry.proposition
            if proposition.edited:
                report.kept_by_editors += 1
                continue
            sources = {source_of.get(s) for s in entry.active}
            if not entry.claimed or len(sources) < config.min_sources:
                proposition.delete()
                report.removed += 1
                del held[pk]
                touched.discard(pk)
                continue
            if pk in touched:
                texts = _texts(entry.active)
                anchor = central_statement(
                    entry.active, vectors=vectors, texts=texts, sources=source_of, clashes=clashes
                )
                if anchor != proposition.anchor_id:
                    proposition.anchor_id = anchor
                    proposition.title = title_from(texts[anchor])
                    proposition.full_clean()
                    proposition.save(update_fields=["anchor", "title", "updated_at"])
        for pk in sorted(touched):
            refresh_stances(held[pk].proposition)
    progress("propose", len(clusters))
    report.seconds = time.monotonic() - started
    return report


def _best_match(members: set[int], held: dict[int, _Held], by_statement: dict[int, set[int]]) -> int | None:
    """The proposition most of the cluster is (or was) in, if it holds at least half the smaller side.

    A proposition nobody edited follows one cluster only; one an editor shaped may take in several.
    """
    overlap: dict[int, int] = defaultdict(int)
    for pk in members:
        for proposition_id in by_statement.get(pk, ()):
            overlap[proposition_id] += 1
    best, best_key = None, None
    for proposition_id, shared in overlap.items():
        entry = held.get(proposition_id)
        if entry is None or (entry.claimed and not entry.proposition.edited):
            continue
        coefficient = shared / min(len(members), len(entry.known))
        if coefficient < 0.5:
            continue
        key = (coefficient, shared, -proposition_id)
        if best_key is None or key > best_key:
            best, best_key = proposition_id, key
    return best


def _texts(ids: Iterable[int]) -> dict[int, str]:
    return dict(Statement.objects.filter(pk__in=list(ids)).values_list("pk", "text"))
