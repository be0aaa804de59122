"""The matcher: embed statements, find related statements of other sources, score and store pairs.

A match run is incremental. Each statement remembers (`match_key`) the text and the matcher
settings it was last matched with; only statements whose key is stale are re-embedded and
have their pairs scored, and a pair is scored only when one of its statements is stale. A
human verdict is never touched: re-scoring updates scores, never the status.
"""

import hashlib
import time
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db.models import Q

from factcheck.models import ClaimPair, Embedding, SameWords, Statement, content_hash
from factcheck.selectors import forget_clash_counts
from factcheck.services.matcher import embeddings, triage
from factcheck.services.matcher.core import core_text, is_contentless
from factcheck.services.matcher.cues import stance
from factcheck.services.matcher.same_words import text_key
from factcheck.services.matcher.scoring import scorer_in_force
from factcheck.services.matcher.search import PgvectorIndex, VectorIndex, load_vectors, open_index
from factcheck.services.matcher.stories import StoryLink, story_links
from factcheck.services.matcher.thresholds import pairing_threshold
from factcheck.services.planner import refresh_planner_statistics
from factcheck.services.progress import Progress, no_progress

SCORE_FIELDS = [
    "similarity",
    "contradiction",
    "kind",
    "cues",
    "scorer_version",
    "embedding_model",
    "threshold",
    "updated_at",
]


DOCUMENT_NEIGHBOURS = 3  # statements of other sources in its article that a denial or hedge is paired with


@dataclass(frozen=True)
class MatchSettings:
    embedding_model: str
    scorer_version: str
    neighbours: int
    min_similarity: float
    min_contradiction: float
    stages: bool = True  # the cheap stages before the scorer (triage.py)

    @classmethod
    def current(cls) -> "MatchSettings":
        return cls(
            embedding_model=embeddings.model_name(),
            scorer_version=scorer_in_force().version,
            neighbours=int(settings.FACTCHECK_NEIGHBOURS),
            min_similarity=float(settings.FACTCHECK_MIN_SIMILARITY),
            min_contradiction=float(pairing_threshold()),
            stages=bool(settings.FACTCHECK_PAIRING_STAGES),
        )

    @property
    def core_model(self) -> str:
        """The name the vectors of the statements' cores are stored under."""
        return f"{self.embedding_model}#core"

    @property
    def digest(self) -> str:
        return hashlib.sha256(repr(self).encode()).hexdigest()[:16]

    def key_for(self, text: str) -> str:
        return f"{content_hash(text)[:16]}:{self.digest}"


@dataclass
class MatchReport:
    statements: int = 0
    stale: int = 0
    embedded: int = 0
    candidates: int = 0
    scored: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    engine: str = ""
    same_words: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # candidates decided before the scorer, by stage
    threshold: float = 0.0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    def summary(self) -> str:
        decided = ", ".join(f"{n} {stage}" for stage, n in self.skipped.items() if n)
        decided = f" ({decided} decided before)" if decided else ""
        return (
            f"{self.stale} of {self.statements} statements to match, {self.embedded} embedded; "
            f"{self.candidates} candidate pairs, {self.scored} scored{decided}; "
            f"pairs: {self.created} new, {self.updated} updated, {self.removed} removed; {self.same_words} same words "
            f"({self.engine or 'no'} search, {self.seconds:.1f}s)."
        )

    def where_the_time_went(self) -> str:
        """e.g. `embed 1.2s, index 0.3s, search 0.1s, score 40.0s`: the stages in the order run."""
        return ", ".join(f"{stage} {seconds:.3f}s" for stage, seconds in self.timings.items())

    @contextmanager
    def timed(self, stage: str):
        started = time.monotonic()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.monotonic() - started


def embed_statements(
    *,
    statement_ids: Iterable[int] | None = None,
    model_name: str | None = None,
    progress: Progress = no_progress,
    encoder: str | None = None,
    text_of=None,
) -> int:
    """Encode statements whose vector for the model is missing or was made from other text.

    Returns how many were encoded. Nothing is computed twice: an unchanged statement keeps
    its stored vector. `text_of` encodes something derived from each text (its core) under
    `model_name`, with the `encoder` model; a derived text equal to the text takes the text's
    stored vector under `encoder`.
    """
    model_name = model_name or embeddings.model_name()
    encoder = encoder or model_name
    text_of = text_of or (lambda text: text)
    statements = Statement.objects.all()
    stored = Embedding.objects.filter(model_name=model_name)
    if statement_ids is not None:
        statement_ids = list(statement_ids)
        statements = statements.filter(pk__in=statement_ids)
        stored = stored.filter(statement_id__in=statement_ids)
    hashes = dict(stored.values_list("statement_id", "text_hash"))
    todo = [
        (pk, derived, derived == text)
        for pk, text, derived in (
            (pk, text, text_of(text)) for pk, text in statements.values_list("pk", "text").iterator(chunk_size=5000)
        )
        if hashes.get(pk) != content_hash(derived)
    ]
    batch = 1024
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        reused = {}
        if encoder != model_name:
            same = {pk: content_hash(text) for pk, text, unchanged in chunk if unchanged}
            rows = Embedding.objects.filter(model_name=encoder, statement_id__in=list(same))
            reused = {
                pk: np.frombuffer(vector, dtype=np.float32)
                for pk, vector, text_hash in rows.values_list("statement_id", "vector", "text_hash")
                if same[pk] == text_hash
            }
        fresh = [(pk, text) for pk, text, _ in chunk if pk not in reused]
        vectors = {}
        if fresh:
            encoded = embeddings.encode([text for _, text in fresh], name=encoder)
            vectors = dict(zip([pk for pk, _ in fresh], encoded, strict=True))
        vectors.update(reused)
        Embedding.objects.bulk_create(
            [
                Embedding(
                    statement_id=pk,
                    model_name=model_name,
                    text_hash=content_hash(text),
                    dimensions=vectors[pk].shape[0],
                    vector=vectors[pk].astype(np.float32).tobytes(),
                )
                for pk, text, _ in chunk
            ],
            update_conflicts=True,
            unique_fields=["statement", "model_name"],
            update_fields=["text_hash", "dimensions", "vector", "created_at"],
        )
        progress("embed", len(chunk))
    return len(todo)


def unembedded_statement_ids(model_name: str) -> list[int]:
    """Statements whose vector for the model is missing or was made from other text."""
    stored = dict(Embedding.objects.filter(model_name=model_name).values_list("statement_id", "text_hash"))
    return [
        pk
        for pk, text in Statement.objects.values_list("pk", "text").iterator(chunk_size=5000)
        if stored.get(pk) != content_hash(text)
    ]


def stale_statements(config: MatchSettings, statement_ids: Iterable[int] | None = None) -> dict[int, str]:
    """Statements whose match key is stale, with the key they will have once matched."""
    statements = Statement.objects.all()
    if statement_ids is not None:
        statements = statements.filter(pk__in=list(statement_ids))
    stale = {}
    for pk, text, key in statements.values_list("pk", "text", "match_key").iterator(chunk_size=5000):
        wanted = config.key_for(text)
        if key != wanted:
            stale[pk] = wanted
    return stale


def candidate_pairs(
    *, index: VectorIndex, statement_ids: list[int], config: MatchSettings
) -> dict[tuple[int, int], float]:
    """Unordered pairs (lower id first) with their cosine similarity, for the given statements.

    Each statement's nearest statements of other sources above the similarity gate, plus the
    pairs it is already in (so a changed statement re-scores its own pairs).
    """
    embedded = set(
        Embedding.objects.filter(model_name=config.embedding_model, statement_id__in=statement_ids).values_list(
            "statement_id", flat=True
        )
    )
    ids = np.array(sorted(embedded), dtype=np.int64)
    pairs: dict[tuple[int, int], float] = {}
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        found = index.neighbours(chunk, config.neighbours)
        pairs.update({key: sim for key, sim in found.pairs(chunk).items() if sim >= config.min_similarity})
    existing = set(
        ClaimPair.objects.filter(Q(statement_a__in=ids.tolist()) | Q(statement_b__in=ids.tolist())).values_list(
            "statement_a_id", "statement_b_id"
        )
    ) - set(pairs)
    if existing:
        involved, _, vectors = load_vectors(
            model_name=config.embedding_model, statement_ids={pk for key in existing for pk in key}
        )
        position = {pk: row for row, pk in enumerate(involved.tolist())}
        for a, b in existing:
            if a in position and b in position:
                pairs[(a, b)] = float(vectors[position[a]] @ vectors[position[b]])
    return pairs


def core_candidates(*, statement_ids: list[int], config: MatchSettings) -> dict[tuple[int, int], float]:
    """Candidates found by the statements' cores ("no indication that X" finds "X"), with their
    core cosine from CORE_GATE up. Searched in the process (exact, or usearch for large corpora):
    the pgvector table holds one vector per statement."""
    engine = (
        "usearch"
        if Embedding.objects.filter(model_name=config.core_model).count() > settings.FACTCHECK_EXACT_LIMIT
        else "exact"
    )
    index = open_index(model_name=config.core_model, engine=engine, only=statement_ids)
    ids = np.array(sorted(set(statement_ids)), dtype=np.int64)
    core_pairs: dict[tuple[int, int], float] = {}
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        found = index.neighbours(chunk, config.neighbours)
        core_pairs.update({key: sim for key, sim in found.pairs(chunk).items() if sim >= triage.CORE_GATE})
    return core_pairs


def pair_cosines(model_name: str, keys) -> dict[tuple[int, int], float]:
    """The cosine of each pair's two stored vectors under a model (pairs lacking one are left out)."""
    keys = list(keys)
    involved, _, vectors = load_vectors(model_name=model_name, statement_ids={pk for key in keys for pk in key})
    position = {pk: row for row, pk in enumerate(involved.tolist())}
    return {
        (a, b): float(vectors[position[a]] @ vectors[position[b]]) for a, b in keys if a in position and b in position
    }


def stage_statements(ids) -> dict[int, triage.Statement]:
    rows = Statement.objects.filter(pk__in=list(ids)).values_list(
        "pk", "text", "document_id", "document__copy_of_id", "stance"
    )
    return {
        pk: triage.Statement.of(text, document, root or document, stance) for pk, text, document, root, stance in rows
    }


def store_same_words(links: dict[tuple[int, int], float]) -> int:
    SameWords.objects.bulk_create(
        [SameWords(statement_a_id=a, statement_b_id=b, similarity=sim) for (a, b), sim in links.items()],
        ignore_conflicts=True,
    )
    return len(links)


def collapse_repeats(statement_ids) -> None:
    """Pairs of the same two texts (a claim against copies of one report) show as one: each gets
    the first such pair as its `duplicate_of`; the pages say "and N more reports"."""
    ids = list(statement_ids)
    touched = ClaimPair.objects.filter(Q(statement_a__in=ids) | Q(statement_b__in=ids)).values_list(
        "statement_a__text", "statement_b__text"
    )
    keys = {frozenset((text_key(a), text_key(b))) for a, b in touched}
    if not keys:
        return
    texts = {text for pair in touched for text in pair}
    same_text = Statement.objects.filter(text__in=texts).values("pk")
    rows = (
        ClaimPair.objects.filter(statement_a__in=same_text, statement_b__in=same_text)
        .order_by("pk")
        .values_list("pk", "statement_a__text", "statement_b__text", "duplicate_of_id")
    )
    groups: dict[frozenset, list[tuple[int, int | None]]] = {}
    for pk, a, b, duplicate_of in rows:
        key = frozenset((text_key(a), text_key(b)))
        if key in keys:
            groups.setdefault(key, []).append((pk, duplicate_of))
    changes = []
    for members in groups.values():
        first = members[0][0]
        for pk, was in members:
            wanted = None if pk == first else first
            if was != wanted:
                changes.append(ClaimPair(pk=pk, duplicate_of_id=wanted))
    if changes:
        ClaimPair.objects.bulk_update(changes, ["duplicate_of"], batch_size=1000)


def document_candidates(*, statement_ids: list[int], config: MatchSettings) -> dict[tuple[int, int], float]:
    """Pairs inside one article: each statement that denies, hedges or says nothing checkable of
    its own, with the DOCUMENT_NEIGHBOURS nearest statements of other sources in its document (an
    article puts a counterclaim beside its claim; "We cannot confirm that" refers to something
    there). Pairs with at least one of the given statements, with their cosine."""
    wanted = set(statement_ids)
    documents = set(
        Statement.objects.filter(pk__in=statement_ids, document__isnull=False).values_list("document_id", flat=True)
    )
    rows = list(Statement.objects.filter(document__in=documents).values_list("pk", "document_id", "source_id", "text"))
    if not rows:
        return {}
    ids, _, vectors = load_vectors(model_name=config.embedding_model, statement_ids=[r[0] for r in rows])
    position = {pk: row for row, pk in enumerate(ids.tolist())}
    by_document: dict[int, list[tuple[int, int, str]]] = {}
    for pk, document, source, text in rows:
        if pk in position:
            by_document.setdefault(document, []).append((pk, source, text))
    pairs: dict[tuple[int, int], float] = {}
    for members in by_document.values():
        for pk, source, text in members:
            if stance(text) == "assertion" and not is_contentless(text):
                continue
            others = [other for other, other_source, _ in members if other_source != source]
            if not others:
                continue
            sims = vectors[[position[o] for o in others]] @ vectors[position[pk]]
            for row in np.argsort(-sims)[:DOCUMENT_NEIGHBOURS]:
                key = (min(pk, others[row]), max(pk, others[row]))
                if wanted & set(key):
                    pairs[key] = float(sims[row])
    return pairs


def staged_candidates(
    pairs: dict[tuple[int, int], float], *, stale: list[int], targeted: bool, config: MatchSettings, report
) -> tuple[dict[tuple[int, int], float], dict[tuple[int, int], StoryLink]]:
    """The search's candidates, with those found by the cores and inside each document, through
    the cheap stages (`triage.py`): returns what the scorer reads, and for the pairs of two
    articles, how far the articles tell one story. Same-words links are stored; unreviewed pairs
    the stages now decide otherwise are removed."""
    with report.timed("core search"):
        embed_statements(
            statement_ids=stale if targeted else None,
            model_name=config.core_model,
            encoder=config.embedding_model,
            text_of=core_text,
        )
        core_pairs = core_candidates(statement_ids=stale, config=config)
        for key, cosine in pair_cosines(config.embedding_model, set(core_pairs) - set(pairs)).items():
            pairs[key] = cosine
    with report.timed("document pairs"):
        for key, cosine in document_candidates(statement_ids=stale, config=config).items():
            pairs.setdefault(key, cosine)
    report.candidates = len(pairs)
    statements = stage_statements({pk for key in pairs for pk in key})
    with report.timed("stories"):
        stories = story_links(triage.document_pairs(pairs, statements))
    with report.timed("stages"):
        cores = {**pair_cosines(config.core_model, pairs), **core_pairs}
        decided = triage.triage(pairs, statements, cores, stories)
        report.skipped = dict(decided.skipped)
        report.same_words = store_same_words(decided.same_words)
        reviewed = set(
            ClaimPair.objects.filter(reviews__isnull=False)
            .filter(Q(statement_a__in=stale) | Q(statement_b__in=stale))
            .values_list("statement_a_id", "statement_b_id")
        )
        dropped = {key for key in pairs if key not in decided.to_score and key not in reviewed}
        report.removed += remove_pairs(dropped)
    story_of = {
        key: stories[documents]
        for key in decided.to_score
        if (documents := triage.document_pair(key, statements)) in stories
    }
    return {**decided.to_score, **{key: pairs[key] for key in reviewed if key in pairs}}, story_of


def remove_pairs(keys: set[tuple[int, int]]) -> int:
    """Delete the stored pairs of these (lower id, higher id) keys; returns how many went."""
    if not keys:
        return 0
    stored = ClaimPair.objects.filter(
        statement_a__in={a for a, _ in keys}, statement_b__in={b for _, b in keys}
    ).values_list("pk", "statement_a_id", "statement_b_id")
    doomed = [pk for pk, a, b in stored if (a, b) in keys]
    return ClaimPair.objects.filter(pk__in=doomed).delete()[0]


def score_and_store(
    *,
    pairs: dict[tuple[int, int], float],
    config: MatchSettings,
    progress: Progress = no_progress,
    stories: dict[tuple[int, int], StoryLink] | None = None,
) -> tuple[int, int]:
    """Score the pairs and store those that pass the threshold; update pairs already stored.
    A pair of two articles keeps how far they tell one story (`stories`) with its cues.

    Returns (created, updated). Writes go through one upsert per batch, which leaves `status`
    (the editors' verdict) alone and cannot create a duplicate even when two workers race.
    """
    scorer = scorer_in_force()
    keys = sorted(pairs)
    existing = set()
    if keys:
        involved = {pk for key in keys for pk in key}
        existing = set(
            ClaimPair.objects.filter(statement_a__in=involved, statement_b__in=involved).values_list(
                "statement_a_id", "statement_b_id"
            )
        )
    texts = dict(Statement.objects.filter(pk__in={pk for key in keys for pk in key}).values_list("pk", "text"))
    keys = [key for key in keys if key[0] in texts and key[1] in texts]  # a statement deleted meanwhile
    stories = stories or {}

    def story_cue(a: int, b: int) -> dict:
        link = stories.get((a, b))
        return {"story": link.as_cue()} if link is not None else {}

    created = updated = 0
    batch = settings.FACTCHECK_SCORING_BATCH_SIZE
    for start in range(0, len(keys), batch):
        chunk = keys[start : start + batch]
        scores = scorer.score([(texts[a], texts[b]) for a, b in chunk], [pairs[key] for key in chunk])
        rows = []
        for (a, b), score in zip(chunk, scores, strict=True):
            known = (a, b) in existing
            if not known and score.contradiction < config.min_contradiction:
                continue
            rows.append(
                ClaimPair(
                    statement_a_id=a,
                    statement_b_id=b,
                    similarity=pairs[(a, b)],
                    contradiction=score.contradiction,
                    kind=score.kind,
                    cues={**score.cues, "stance_a": score.stance_a, "stance_b": score.stance_b, **story_cue(a, b)},
                    scorer_version=config.scorer_version,
                    embedding_model=config.embedding_model,
                    threshold=config.min_contradiction,
                )
            )
            if known:
                updated += 1
            else:
                created += 1
        if rows:
            ClaimPair.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["statement_a", "statement_b"],
                update_fields=SCORE_FIELDS,
            )
        progress("score", len(chunk))
    return created, updated


def match_statements(
    *, statement_ids: Iterable[int] | None = None, rebuild: bool = False, progress: Progress = no_progress
) -> MatchReport:
    """Match stale statements (or the given ones, or all with rebuild) against every statement."""
    started = time.monotonic()
    config = MatchSettings.current()
    report = MatchReport()
    targeted = statement_ids is not None
    with report.timed("find stale"):
        # A worker's task for a few statements does not count the whole table.
        report.statements = Statement.objects.count() if not targeted else len(set(statement_ids))
        if rebuild:
            Statement.objects.update(match_key="")
        stale = stale_statements(config, statement_ids)
    report.stale = len(stale)
    if stale:
        # A whole run embeds everything still lacking a vector, so the index is complete. A run
        # for a few statements (a worker's task) embeds and indexes only those: a statement
        # embedded later is matched by its own task, and finds these then. So its cost does not
        # grow with the corpus.
        with report.timed("embed"):
            report.embedded = embed_statements(
                statement_ids=list(stale) if targeted else None, model_name=config.embedding_model, progress=progress
            )
        with report.timed("index"):
            index = open_index(model_name=config.embedding_model, only=list(stale) if targeted else None)
            if isinstance(index, PgvectorIndex) and not targeted:
                index.sync(statement_ids=list(stale))  # changed texts and moved statements
        report.engine = index.name
        with report.timed("search"):
            pairs = candidate_pairs(index=index, statement_ids=list(stale), config=config)
        stories = {}
        if config.stages:
            pairs, stories = staged_candidates(
                pairs, stale=list(stale), targeted=targeted, config=config, report=report
            )
        report.candidates = report.candidates or len(pairs)
        with report.timed("score and store"):
            report.created, report.updated = score_and_store(
                pairs=pairs, config=config, progress=progress, stories=stories
            )
        report.scored = len(pairs)
        if config.stages:
            with report.timed("collapse repeats"):
                collapse_repeats(list(stale))
        # The keys were computed from the texts read at the start: a statement edited during
        # the run stays stale and is matched again next time.
        with report.timed("mark matched"):
            Statement.objects.bulk_update(
                [Statement(pk=pk, match_key=key) for pk, key in stale.items()], ["match_key"], batch_size=1000
            )
    if rebuild:
        # Unreviewed pairs that no longer pass the thresholds go; reviewed ones always stay.
        _, deleted = (
            ClaimPair.objects.filter(status=ClaimPair.Status.CANDIDATE, reviews__isnull=True)
            .filter(
                Q(contradiction__lt=config.min_contradiction)
                # With the stages, pairs of one document and pairs found by their cores may be
                # under the cosine gate.
                | Q(similarity__lt=config.min_similarity if not config.stages else -2.0)
            )
            .delete()
        )
        report.removed = deleted.get(ClaimPair._meta.label, 0)
    if not targeted:
        refresh_planner_statistics()  # the pair list's indexes are chosen from these
    forget_clash_counts()
    report.threshold = config.min_contradiction
    report.seconds = time.monotonic() - started
    return report
