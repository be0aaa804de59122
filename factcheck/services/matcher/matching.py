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

from factcheck.models import ClaimPair, Embedding, Statement, content_hash
from factcheck.services.matcher import embeddings
from factcheck.services.matcher.scoring import get_scorer
from factcheck.services.matcher.search import PgvectorIndex, VectorIndex, load_vectors, open_index
from factcheck.services.matcher.thresholds import pairing_threshold
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


@dataclass(frozen=True)
class MatchSettings:
    embedding_model: str
    scorer_version: str
    neighbours: int
    min_similarity: float
    min_contradiction: float

    @classmethod
    def current(cls) -> "MatchSettings":
        return cls(
            embedding_model=embeddings.model_name(),
            scorer_version=get_scorer().version,
            neighbours=int(settings.FACTCHECK_NEIGHBOURS),
            min_similarity=float(settings.FACTCHECK_MIN_SIMILARITY),
            min_contradiction=float(pairing_threshold()),
        )

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
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    def summary(self) -> str:
        return (
            f"{self.stale} of {self.statements} statements to match, {self.embedded} embedded; "
            f"{self.candidates} candidate pairs, {self.scored} scored; pairs: {self.created} new, "
            f"{self.updated} updated, {self.removed} removed ({self.engine or 'no'} search, {self.seconds:.1f}s)."
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
    *, statement_ids: Iterable[int] | None = None, model_name: str | None = None, progress: Progress = no_progress
) -> int:
    """Encode statements whose vector for the model is missing or was made from other text.

    Returns how many were encoded. Nothing is computed twice: an unchanged statement keeps
    its stored vector.
    """
    model_name = model_name or embeddings.model_name()
    statements = Statement.objects.all()
    stored = Embedding.objects.filter(model_name=model_name)
    if statement_ids is not None:
        statement_ids = list(statement_ids)
        statements = statements.filter(pk__in=statement_ids)
        stored = stored.filter(statement_id__in=statement_ids)
    hashes = dict(stored.values_list("statement_id", "text_hash"))
    todo = [
        (pk, text)
        for pk, text in statements.values_list("pk", "text").iterator(chunk_size=5000)
        if hashes.get(pk) != content_hash(text)
    ]
    batch = 1024
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        vectors = embeddings.encode([text for _, text in chunk], name=model_name)
        Embedding.objects.bulk_create(
            [
                Embedding(
                    statement_id=pk,
                    model_name=model_name,
                    text_hash=content_hash(text),
                    dimensions=vector.shape[0],
                    vector=vector.astype(np.float32).tobytes(),
                )
                for (pk, text), vector in zip(chunk, vectors, strict=True)
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


def score_and_store(
    *, pairs: dict[tuple[int, int], float], config: MatchSettings, progress: Progress = no_progress
) -> tuple[int, int]:
    """Score the pairs and store those that pass the threshold; update pairs already stored.

    Returns (created, updated). Writes go through one upsert per batch, which leaves `status`
    (the editors' verdict) alone and cannot create a duplicate even when two workers race.
    """
    scorer = get_scorer()
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
                    cues={**score.cues, "stance_a": score.stance_a, "stance_b": score.stance_b},
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
        report.candidates = len(pairs)
        with report.timed("score and store"):
            report.created, report.updated = score_and_store(pairs=pairs, config=config, progress=progress)
        report.scored = len(pairs)
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
            .filter(Q(contradiction__lt=config.min_contradiction) | Q(similarity__lt=config.min_similarity))
            .delete()
        )
        report.removed = deleted.get(ClaimPair._meta.label, 0)
    report.seconds = time.monotonic() - started
    return report
