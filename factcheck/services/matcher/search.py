"""Nearest-neighbour search over statement embeddings: one interface, three engines.

`index.neighbours(statement_ids, k)` gives, for each indexed statement, its k most similar
statements of *other* sources with their cosine similarity.

- `ExactIndex`: numpy, every vector in memory, exact. Right for small corpora (the default up
  to FACTCHECK_EXACT_LIMIT statements).
- `UsearchIndex`: an approximate HNSW index (usearch) persisted in a file beside the database
  and updated incrementally from the embeddings table. For large corpora on SQLite.
- `PgvectorIndex`: PostgreSQL with the pgvector extension and an HNSW index, queried through
  the ORM. For PostgreSQL deployments; several workers and web processes share it.
"""

import datetime
import fcntl
import hashlib
import json
import logging
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from factcheck.models import Embedding, Statement

logger = logging.getLogger(__name__)

ENGINES = ("auto", "exact", "usearch", "pgvector")


@dataclass
class Neighbours:
    """Row i holds the neighbours of query i: statement ids (-1 = none) and cosine similarities."""

    ids: np.ndarray  # (n, k) int64
    similarities: np.ndarray  # (n, k) float32

    def pairs(self, queries: np.ndarray) -> dict[tuple[int, int], float]:
        """The neighbours as unordered pairs (lower id first) with their similarity."""
        found: dict[tuple[int, int], float] = {}
        for row, query in enumerate(queries.tolist()):
            for other, similarity in zip(self.ids[row].tolist(), self.similarities[row].tolist(), strict=True):
                if other >= 0:
                    found[(min(query, other), max(query, other))] = similarity
        return found


class VectorIndex(Protocol):
    name: str

    def neighbours(self, statement_ids: np.ndarray, k: int) -> Neighbours: ...


def load_vectors(*, model_name: str, statement_ids=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ids, source ids, vectors) of stored embeddings, sorted by statement id."""
    rows = Embedding.objects.filter(model_name=model_name)
    if statement_ids is not None:
        rows = rows.filter(statement_id__in=[int(i) for i in statement_ids])
    ids, sources, vectors = [], [], []
    for statement_id, source_id, vector in (
        rows.order_by("statement_id")
        .values_list("statement_id", "statement__source_id", "vector")
        .iterator(chunk_size=10_000)
    ):
        ids.append(statement_id)
        sources.append(source_id)
        vectors.append(np.frombuffer(vector, dtype=np.float32))
    dims = vectors[0].shape[0] if vectors else 0
    return (
        np.array(ids, dtype=np.int64),
        np.array(sources, dtype=np.int64),
        np.vstack(vectors) if vectors else np.zeros((0, dims), dtype=np.float32),
    )


def top_k_excluding_sources(
    similarities: np.ndarray,
    candidate_ids: np.ndarray,
    candidate_sources: np.ndarray,
    query_sources: np.ndarray,
    k: int,
) -> Neighbours:
    """Per row, the k best candidates whose source differs from the query's (ids -1 where too few)."""
    n = similarities.shape[0]
    out_ids = np.full((n, k), -1, dtype=np.int64)
    out_sims = np.full((n, k), -np.inf, dtype=np.float32)
    if n == 0 or similarities.shape[1] == 0:
        return Neighbours(out_ids, out_sims)
    similarities = np.where(query_sources[:, None] == candidate_sources[None, :], -np.inf, similarities)
    k_eff = min(k, similarities.shape[1])
    top = np.argpartition(-similarities, k_eff - 1, axis=1)[:, :k_eff]
    top_sims = np.take_along_axis(similarities, top, axis=1)
    order = np.argsort(-top_sims, axis=1)
    top = np.take_along_axis(top, order, axis=1)
    top_sims = np.take_along_axis(top_sims, order, axis=1)
    found = np.isfinite(top_sims)
    out_ids[:, :k_eff] = np.where(found, candidate_ids[top], -1)
    out_sims[:, :k_eff] = top_sims
    return Neighbours(out_ids, out_sims)


class ExactIndex:
    """Exact cosine search in numpy over every stored vector, a block of queries at a time."""

    name = "exact"
    MAX_BLOCK_CELLS = 50_000_000  # similarities computed at once (200 MB of float32)

    def __init__(self, ids: np.ndarray, sources: np.ndarray, vectors: np.ndarray):
        order = np.argsort(ids)
        self.ids = np.asarray(ids, dtype=np.int64)[order]
        self.sources = np.asarray(sources, dtype=np.int64)[order]
        self.vectors = np.ascontiguousarray(vectors[order], dtype=np.float32)

    def __len__(self):
        return len(self.ids)

    @classmethod
    def from_database(cls, *, model_name: str) -> "ExactIndex":
        return cls(*load_vectors(model_name=model_name))

    def positions(self, statement_ids: np.ndarray) -> np.ndarray:
        positions = np.searchsorted(self.ids, statement_ids)
        positions = np.clip(positions, 0, max(len(self.ids) - 1, 0))
        if len(statement_ids) and not np.array_equal(self.ids[positions], statement_ids):
            raise KeyError("some statements have no embedding in the index")
        return positions

    def search(self, vectors: np.ndarray, sources: np.ndarray, k: int) -> Neighbours:
        block = max(1, self.MAX_BLOCK_CELLS // max(len(self.ids), 1))
        parts = [
            top_k_excluding_sources(
                vectors[start : start + block] @ self.vectors.T,
                self.ids,
                self.sources,
                np.asarray(sources[start : start + block]),
                k,
            )
            for start in range(0, len(vectors), block)
        ]
        if not parts:
            return Neighbours(np.zeros((0, k), dtype=np.int64), np.zeros((0, k), dtype=np.float32))
        return Neighbours(np.vstack([p.ids for p in parts]), np.vstack([p.similarities for p in parts]))

    def neighbours(self, statement_ids: np.ndarray, k: int) -> Neighbours:
        positions = self.positions(np.asarray(statement_ids, dtype=np.int64))
        return self.search(self.vectors[positions], self.sources[positions], k)


# ---------------------------------------------------------------------------------------------
# usearch: an approximate index in a file beside the database


def database_slug() -> str:
    """A short name for the database in use, so each database has its own index file."""
    db = connection.settings_dict
    identity = f"{db['ENGINE']}:{db.get('HOST', '')}:{db.get('PORT', '')}:{db['NAME']}"
    return hashlib.sha256(identity.encode()).hexdigest()[:12]


def usearch_index_class():
    """usearch's Index, imported safely: onnxruntime (the scorer's and the embeddings' runtime)
    crashes on import once usearch's native module is loaded (a clash of native libraries, seen
    here); loaded first, both work."""
    import onnxruntime  # noqa: F401
    from usearch.index import Index

    return Index


class UsearchIndex:
    """HNSW (usearch, cosine, f16) persisted under FACTCHECK_INDEX_DIR and kept in step with the
    embeddings table: each open adds what was embedded since the last save. A file lock keeps
    several workers from writing the file at once."""

    name = "usearch"
    OVERFETCH = 4  # neighbours asked for per wanted one, to survive dropping same-source hits
    SAVE_EVERY = 1000  # new vectors before the file is rewritten

    def __init__(self, *, model_name: str, folder: Path | None = None):
        self.model_name = model_name
        folder = Path(folder or settings.FACTCHECK_INDEX_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', model_name)}-{database_slug()}"
        self.path = folder / f"{stem}.usearch"
        self.meta_path = folder / f"{stem}.json"
        self.lock_path = folder / f"{stem}.lock"
        self._Index = usearch_index_class()
        self.index = None
        self.synced_at = None
        self.unsaved = 0

    @contextmanager
    def locked(self):
        with open(self.lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def new_index(self, dims: int):
        return self._Index(
            ndim=dims, metric="cos", dtype="f16", connectivity=16, expansion_add=128, expansion_search=96
        )

    def open(self) -> "UsearchIndex":
        """Load the saved index and add every vector stored since; rebuild when the file is unusable."""
        with self.locked():
            meta = {}
            if self.path.exists() and self.meta_path.exists():
                meta = json.loads(self.meta_path.read_text())
            if meta.get("model") == self.model_name:
                self.index = self._Index.restore(str(self.path))
                since = datetime.datetime.fromisoformat(meta["synced_at"])
            else:
                self.index, since = None, None
            self.sync(since)
        return self

    def sync(self, since) -> int:
        started = timezone.now()
        rows = Embedding.objects.filter(model_name=self.model_name)
        if since is not None:
            rows = rows.filter(created_at__gte=since)
        added = 0
        for chunk in chunked(rows.values_list("statement_id", "vector").iterator(chunk_size=20_000), 20_000):
            keys = np.array([pk for pk, _ in chunk], dtype=np.uint64)
            vectors = np.vstack([np.frombuffer(v, dtype=np.float32) for _, v in chunk])
            if self.index is None:
                self.index = self.new_index(vectors.shape[1])
            present = np.array([self.index.contains(int(key)) for key in keys], dtype=bool)
            if present.any():
                self.index.remove(keys[present])  # re-embedded statements get their new vector
            self.index.add(keys, vectors, threads=os.cpu_count() or 1)
            added += len(keys)
        if self.index is None:
            return 0
        self.synced_at = started
        self.unsaved += added
        # The file only speeds up the next start (whatever it lacks is added again from the
        # table), so a few new vectors are not worth rewriting a large file for.
        if self.unsaved >= self.SAVE_EVERY or not self.path.exists():
            self.save()
        return added

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        self.index.save(str(tmp))
        os.replace(tmp, self.path)
        self.meta_path.write_text(
            json.dumps({"model": self.model_name, "synced_at": self.synced_at.isoformat(), "size": len(self.index)})
        )
        self.unsaved = 0

    def __len__(self):
        return 0 if self.index is None else len(self.index)

    def neighbours(self, statement_ids: np.ndarray, k: int) -> Neighbours:
        statement_ids = np.asarray(statement_ids, dtype=np.int64)
        ids, sources, vectors = load_vectors(model_name=self.model_name, statement_ids=statement_ids)
        if not np.array_equal(ids, np.sort(statement_ids)):
            raise KeyError("some statements have no embedding")
        order = np.searchsorted(ids, statement_ids)
        ids, sources, vectors = ids[order], sources[order], vectors[order]
        if self.index is None or len(ids) == 0:
            return Neighbours(np.full((len(ids), k), -1, np.int64), np.full((len(ids), k), -np.inf, np.float32))
        wanted = min(k * self.OVERFETCH + 1, len(self.index))
        matches = self.index.search(vectors, wanted, threads=os.cpu_count() or 1)
        keys = np.asarray(matches.keys, dtype=np.int64).reshape(len(ids), -1)
        similarities = (1.0 - np.asarray(matches.distances, dtype=np.float32)).reshape(len(ids), -1)
        # Sources come from the database: a statement may have moved to another source, or be gone.
        found = {int(key) for key in keys.ravel() if key >= 0}
        source_of = dict(Statement.objects.filter(pk__in=found).values_list("pk", "source_id"))
        candidate_sources = np.vectorize(lambda key: source_of.get(int(key), -1), otypes=[np.int64])(keys)
        similarities = np.where(candidate_sources < 0, -np.inf, similarities)
        similarities = np.where(candidate_sources == sources[:, None], -np.inf, similarities)
        return rowwise_top_k(keys, similarities, k)


def rowwise_top_k(keys: np.ndarray, similarities: np.ndarray, k: int) -> Neighbours:
    order = np.argsort(-similarities, axis=1)[:, :k]
    top_keys = np.take_along_axis(keys, order, axis=1)
    top_sims = np.take_along_axis(similarities, order, axis=1)
    n = keys.shape[0]
    out_ids = np.full((n, k), -1, dtype=np.int64)
    out_sims = np.full((n, k), -np.inf, dtype=np.float32)
    width = top_keys.shape[1]
    out_ids[:, :width] = np.where(np.isfinite(top_sims), top_keys, -1)
    out_sims[:, :width] = top_sims
    return Neighbours(out_ids, out_sims)


def chunked(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# ---------------------------------------------------------------------------------------------
# pgvector: PostgreSQL does the search


def pgvector_ready() -> bool:
    """Whether this database is PostgreSQL with the vector table set up (`enable_pgvector`)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('factcheck_statementvector') IS NOT NULL")
        return bool(cursor.fetchone()[0])


def enable_pgvector(*, dimensions: int, rebuild: bool = False) -> None:
    """Create the vector extension, the vector table and its HNSW index (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("pgvector needs PostgreSQL; this database is " + connection.vendor)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
        if rebuild:
            cursor.execute("DROP TABLE IF EXISTS factcheck_statementvector")
        cursor.execute(
            f"""
            CREATE TABLE IF NOT EXISTS factcheck_statementvector (
                statement_id bigint PRIMARY KEY,
                source_id bigint NOT NULL,
                model_name varchar(200) NOT NULL,
                embedding vector({int(dimensions)}) NOT NULL
            )"""
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS factcheck_statementvector_hnsw ON factcheck_statementvector "
            "USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)"
        )


class PgvectorIndex:
    """Nearest neighbours from PostgreSQL's HNSW index (pgvector), one query per statement."""

    name = "pgvector"
    EF_SEARCH = 100

    def __init__(self, *, model_name: str):
        self.model_name = model_name

    def open(self, only=None) -> "PgvectorIndex":
        """In step with the embeddings: every missing vector, or (`only`) just these statements'."""
        self.sync(statement_ids=only)
        return self

    def sync(self, statement_ids=None) -> int:
        """Copy stored embeddings (all missing ones, or the given statements') into the vector table."""
        from factcheck.models import StatementVector

        rows = Embedding.objects.filter(model_name=self.model_name)
        if statement_ids is None:
            rows = rows.exclude(statement_id__in=StatementVector.objects.values("statement_id"))
            with connection.cursor() as cursor:  # vectors of deleted statements (no foreign key: see the model)
                cursor.execute(
                    "DELETE FROM factcheck_statementvector v WHERE NOT EXISTS "
                    "(SELECT 1 FROM factcheck_statement s WHERE s.id = v.statement_id)"
                )
        else:
            # A few statements (a worker's task): the whole-table sweeps above would cost seconds
            # at a million rows. Until the next whole sync drops it, a deleted statement's row can
            # still come back from a search; it is never paired (score_and_store keeps only pairs
            # of statements that exist).
            rows = rows.filter(statement_id__in=list(statement_ids))
        copied = 0
        for chunk in chunked(
            rows.values_list("statement_id", "statement__source_id", "vector").iterator(chunk_size=5000), 5000
        ):
            StatementVector.objects.bulk_create(
                [
                    StatementVector(
                        statement_id=pk,
                        source_id=source,
                        model_name=self.model_name,
                        embedding=np.frombuffer(vector, dtype=np.float32),
                    )
                    for pk, source, vector in chunk
                ],
                update_conflicts=True,
                unique_fields=["statement"],
                update_fields=["source_id", "model_name", "embedding"],
            )
            copied += len(chunk)
        return copied

    def neighbours(self, statement_ids: np.ndarray, k: int) -> Neighbours:
        from pgvector.django import CosineDistance

        from factcheck.models import StatementVector

        statement_ids = np.asarray(statement_ids, dtype=np.int64)
        queries = {
            row.statement_id: row
            for row in StatementVector.objects.filter(
                statement_id__in=statement_ids.tolist(), model_name=self.model_name
            )
        }
        out_ids = np.full((len(statement_ids), k), -1, dtype=np.int64)
        out_sims = np.full((len(statement_ids), k), -np.inf, dtype=np.float32)
        with transaction.atomic(), connection.cursor() as cursor:
            # Filtering by source after the index scan can leave too few rows; iterative scans
            # (pgvector 0.8) keep scanning until the limit is met.
            cursor.execute(f"SET LOCAL hnsw.ef_search = {max(self.EF_SEARCH, k)}")
            cursor.execute("SET LOCAL hnsw.iterative_scan = relaxed_order")
            for row, statement_id in enumerate(statement_ids.tolist()):
                query = queries.get(statement_id)
                if query is None:
                    raise KeyError(f"statement {statement_id} has no vector")
                hits = list(
                    StatementVector.objects.filter(model_name=self.model_name)
                    .exclude(source_id=query.source_id)
                    .annotate(distance=CosineDistance("embedding", query.embedding))
                    .order_by("distance")
                    .values_list("statement_id", "distance")[:k]
                )
                hits.sort(key=lambda hit: hit[1])  # relaxed order: sort the few hits ourselves
                for column, (other, distance) in enumerate(hits):
                    out_ids[row, column] = other
                    out_sims[row, column] = 1.0 - distance
        return Neighbours(out_ids, out_sims)


def open_index(*, model_name: str, engine: str | None = None, only=None) -> VectorIndex:
    """The configured engine (FACTCHECK_VECTOR_ENGINE), opened and in step with the embeddings.

    `only`: the statements about to be searched for, when a run is for a few of them; pgvector
    then copies just their vectors instead of checking the whole table.
    """
    engine = engine or settings.FACTCHECK_VECTOR_ENGINE
    if engine not in ENGINES:
        raise ValueError(f"FACTCHECK_VECTOR_ENGINE={engine!r}; use one of {', '.join(ENGINES)}")
    usearch_key = (model_name, settings.FACTCHECK_INDEX_DIR, database_slug())
    if engine == "auto":
        if pgvector_ready():
            engine = "pgvector"
        elif usearch_key in _open_usearch:
            engine = "usearch"  # this process already keeps one: the corpus has not shrunk below the limit
        elif Embedding.objects.filter(model_name=model_name).count() > settings.FACTCHECK_EXACT_LIMIT:
            engine = "usearch"
        else:
            engine = "exact"
    if engine == "pgvector":
        return PgvectorIndex(model_name=model_name).open(only=only)
    if engine == "usearch":
        return open_usearch(*usearch_key)
    return ExactIndex.from_database(model_name=model_name)


_open_usearch: dict[tuple, UsearchIndex] = {}


def open_usearch(model_name: str, folder: str, slug: str) -> UsearchIndex:
    """A worker keeps its usearch index in memory between tasks and only adds what is new.

    Loading a million vectors from the file takes seconds; catching up on the few embedded
    since the last task takes milliseconds, which is what lets one new statement be matched fast.
    """
    key = (model_name, folder, slug)
    index = _open_usearch.get(key)
    if index is None or index.index is None:
        _open_usearch[key] = index = UsearchIndex(model_name=model_name, folder=Path(folder)).open()
    else:
        with index.locked():
            index.sync(index.synced_at)
    return index
