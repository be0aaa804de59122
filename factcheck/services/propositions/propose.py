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

The editor services (`create_proposition`, `rename_proposition`, `merge_propositions`,
`split_proposition`, `move_statement`, `set_stance`) check the editor permission, lock the
propositions they change, and raise ValidationError with a message when the change makes no sense.
"""

import heapq
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from factcheck.models import (
    ClaimPair,
    Embedding,
    Proposition,
    PropositionStance,
    PropositionStatement,
    Statement,
)
from factcheck.services.matcher import embeddings, stance
from factcheck.services.matcher.search import ExactIndex
from factcheck.services.reviews import can_review

Progress = Callable[[str, int], None]
AUTO, EDITOR = PropositionStatement.AddedBy.AUTO, PropositionStatement.AddedBy.EDITOR
TITLE_LENGTH = Proposition._meta.get_field("title").max_length


def _noop(stage: str, done: int) -> None:
    pass


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
    affirming = [pk for pk in ids if stance.read_text(texts[pk]).kind == "affirm"]
    return min(
        affirming or ids,
        key=lambda pk: (-len(clashing_sources[pk]), -(related.get(pk, 0.0) + clash_sum[pk] / others), pk),
    )


def title_from(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1].rstrip() + "…"


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


def propose_propositions(*, config: ClusterSettings | None = None, progress: Progress = _noop) -> ProposeReport:
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


# ---------------------------------------------------------------------------------------------
# Editors' changes


def _check_editor(user: AbstractBaseUser) -> None:
    if not can_review(user):
        raise PermissionDenied("Only editors may change propositions.")


def _locked(proposition: Proposition) -> Proposition:
    """The proposition re-read under a row lock; a merged one cannot be changed."""
    locked = Proposition.objects.select_for_update().get(pk=proposition.pk)
    if locked.merged_into_id is not None:
        raise ValidationError(
            f"This proposition was merged into “{locked.merged_into.title}” (proposition {locked.merged_into_id}); "
            "change that one instead."
        )
    return locked


def _mark_edited(proposition: Proposition, **changes) -> None:
    for name, value in changes.items():
        setattr(proposition, name, value)
    proposition.edited = True
    proposition.full_clean()
    proposition.save()


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError("A proposition needs a title.")
    if len(title) > TITLE_LENGTH:
        raise ValidationError(f"Keep the title to {TITLE_LENGTH} characters (it has {len(title)}).")
    return title


def create_proposition(*, title: str, user: AbstractBaseUser, statements: Iterable[Statement] = ()) -> Proposition:
    """A proposition an editor makes, optionally with its first statements."""
    _check_editor(user)
    title = _clean_title(title)
    with transaction.atomic():
        proposition = Proposition(title=title, origin=Proposition.Origin.EDITOR, edited=True)
        proposition.full_clean()
        proposition.save()
        PropositionStatement.objects.bulk_create(
            [PropositionStatement(proposition=proposition, statement=s, added_by=EDITOR) for s in statements]
        )
        refresh_stances(proposition)
    return proposition


def rename_proposition(*, proposition: Proposition, title: str, user: AbstractBaseUser) -> Proposition:
    """Give the proposition an editor's title; stances are read again against it (its polarity may differ)."""
    _check_editor(user)
    title = _clean_title(title)
    with transaction.atomic():
        locked = _locked(proposition)
        _mark_edited(locked, title=title)
        refresh_stances(locked)
    proposition.title, proposition.edited = locked.title, True
    return locked


def merge_propositions(*, target: Proposition, other: Proposition, user: AbstractBaseUser) -> Proposition:
    """Move every statement of `other` into `target`; `other` stays as a pointer to `target`.

    An editor's stance on a statement in `other` comes along; a statement taken out of `other`
    stays out of `target` unless `target` already has it.
    """
    _check_editor(user)
    if target.pk == other.pk:
        raise ValidationError("A proposition cannot be merged into itself.")
    with transaction.atomic():
        first, second = sorted([target, other], key=lambda p: p.pk)  # lock in one order: no deadlock
        locked = {first.pk: _locked(first), second.pk: _locked(second)}
        target, other = locked[target.pk], locked[other.pk]
        mine = {row.statement_id: row for row in target.memberships.all()}
        for row in other.memberships.all():
            own = mine.get(row.statement_id)
            if own is None:
                PropositionStatement.objects.create(
                    proposition=target,
                    statement_id=row.statement_id,
                    stance=row.stance,
                    confidence=row.confidence,
                    cues=row.cues,
                    stance_by_editor=row.stance_by_editor,
                    added_by=EDITOR,
                    removed=row.removed,
                )
            elif own.removed and not row.removed:
                own.removed, own.added_by = False, EDITOR
                own.save(update_fields=["removed", "added_by", "updated_at"])
            elif not own.removed:
                own.added_by = EDITOR
                own.save(update_fields=["added_by", "updated_at"])
        other.memberships.all().delete()
        Proposition.objects.filter(merged_into=other).update(merged_into=target)
        other.merged_into = target
        other.edited = True
        other.save(update_fields=["merged_into", "edited", "updated_at"])
        target.memberships.filter(removed=False).update(added_by=EDITOR)
        _mark_edited(target)
        refresh_stances(target)
    return target


def split_proposition(
    *, proposition: Proposition, statements: Iterable[Statement], title: str, user: AbstractBaseUser
) -> Proposition:
    """Move some of the proposition's statements into a new proposition with the given title."""
    _check_editor(user)
    title = _clean_title(title)
    chosen = {s.pk for s in statements}
    with transaction.atomic():
        locked = _locked(proposition)
        active = set(locked.memberships.filter(removed=False).values_list("statement_id", flat=True))
        if not chosen:
            raise ValidationError("Choose the statements that go into the new proposition.")
        if not chosen <= active:
            raise ValidationError("Only statements in this proposition can be split off.")
        if chosen == active:
            raise ValidationError("Leave at least one statement here; to change the question, rename it.")
        new = Proposition(title=title, origin=Proposition.Origin.EDITOR, edited=True)
        new.full_clean()
        new.save()
        moving = locked.memberships.filter(statement__in=chosen)
        PropositionStatement.objects.bulk_create(
            [
                PropositionStatement(
                    proposition=new,
                    statement_id=row.statement_id,
                    stance=row.stance,
                    confidence=row.confidence,
                    cues=row.cues,
                    stance_by_editor=row.stance_by_editor,
                    added_by=EDITOR,
                )
                for row in moving
            ]
        )
        moving.update(removed=True)
        locked.memberships.filter(removed=False).update(added_by=EDITOR)
        _mark_edited(locked)
        refresh_stances(locked)
        refresh_stances(new)
    return new


def move_statement(
    *,
    statement: Statement,
    user: AbstractBaseUser,
    out_of: Proposition | None = None,
    into: Proposition | None = None,
) -> None:
    """Take a statement out of one proposition, put it into another, or both (a move).

    Taking out leaves a record, so a re-run does not put the statement back.
    """
    _check_editor(user)
    if out_of is None and into is None:
        raise ValidationError("Say where the statement goes: out of this proposition or into another.")
    if out_of is not None and into is not None and out_of.pk == into.pk:
        raise ValidationError("The statement is already in this proposition.")
    with transaction.atomic():
        locked = [_locked(p) for p in sorted([p for p in (out_of, into) if p], key=lambda p: p.pk)]
        by_pk = {p.pk: p for p in locked}
        carried = None
        if out_of is not None:
            source = by_pk[out_of.pk]
            row = source.memberships.filter(statement=statement, removed=False).first()
            if row is None:
                raise ValidationError(f"Statement {statement.pk} is not in this proposition.")
            carried = row
            row.removed = True
            row.save(update_fields=["removed", "updated_at"])
            _mark_edited(source)
            if source.anchor_id == statement.pk:
                Proposition.objects.filter(pk=source.pk).update(anchor=None)
                source.anchor = None
            refresh_stances(source)
        if into is not None:
            target = by_pk[into.pk]
            row, created = PropositionStatement.objects.get_or_create(
                proposition=target, statement=statement, defaults={"added_by": EDITOR}
            )
            if not created:
                if not row.removed:
                    raise ValidationError(f"Statement {statement.pk} is already in “{target.title}”.")
                row.removed, row.added_by = False, EDITOR
                row.save(update_fields=["removed", "added_by", "updated_at"])
            if carried is not None and carried.stance_by_editor:
                row.stance, row.confidence, row.stance_by_editor = carried.stance, 1.0, True
                row.save(update_fields=["stance", "confidence", "stance_by_editor", "updated_at"])
            _mark_edited(target)
            refresh_stances(target)


def set_stance(*, proposition: Proposition, statement: Statement, stance: str, user: AbstractBaseUser) -> None:
    """An editor's stance for a statement; re-runs keep it."""
    _check_editor(user)
    if stance not in PropositionStance.values:
        raise ValidationError(f"“{stance}” is not a stance; choose affirms, denies, hedges or related.")
    with transaction.atomic():
        locked = _locked(proposition)
        row = locked.memberships.filter(statement=statement, removed=False).first()
        if row is None:
            raise ValidationError(f"Statement {statement.pk} is not in this proposition.")
        row.stance, row.confidence, row.cues, row.stance_by_editor = stance, 1.0, [], True
        row.full_clean()
        row.save()
        _mark_edited(locked)
