"""Nearest-neighbour search over statement embeddings, behind one small interface.

`VectorIndex.search(vectors, sources, k)` returns, for each query vector, the k most similar
statements of *other* sources. `ExactIndex` (numpy, blockwise) serves the embedded default;
other engines (an approximate in-process index, PostgreSQL with pgvector) implement the same
method.
"""

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from factcheck.models import Embedding


@dataclass
class Neighbours:
    """Row i holds the neighbours of query i: statement ids (-1 = none) and cosine similarities."""

    ids: np.ndarray  # (n, k) int64
    similarities: np.ndarray  # (n, k) float32


class VectorIndex(Protocol):
    def search(self, vectors: np.ndarray, sources: np.ndarray, k: int) -> Neighbours: ...

    def vectors_for(self, ids: np.ndarray) -> np.ndarray: ...


class ExactIndex:
    """Exact cosine search in numpy; memory is bounded by searching a block of queries at a time."""

    BLOCK = 512

    def __init__(self, ids: np.ndarray, sources: np.ndarray, vectors: np.ndarray):
        order = np.argsort(ids)
        self.ids = np.asarray(ids, dtype=np.int64)[order]
        self.sources = np.asarray(sources, dtype=np.int64)[order]
        self.vectors = np.ascontiguousarray(vectors[order], dtype=np.float32)

    def __len__(self):
        return len(self.ids)

    @classmethod
    def from_database(cls, *, model_name: str) -> "ExactIndex":
        rows = Embedding.objects.filter(model_name=model_name).values_list(
            "statement_id", "statement__source_id", "vector", "dimensions"
        )
        ids, sources, vectors = [], [], []
        dimensions = None
        for statement_id, source_id, vector, dims in rows.iterator(chunk_size=5000):
            ids.append(statement_id)
            sources.append(source_id)
            vectors.append(np.frombuffer(vector, dtype=np.float32))
            dimensions = dims
        matrix = np.vstack(vectors) if vectors else np.zeros((0, dimensions or 1), dtype=np.float32)
        return cls(np.array(ids, dtype=np.int64), np.array(sources, dtype=np.int64), matrix)

    def vectors_for(self, ids: np.ndarray) -> np.ndarray:
        positions = np.searchsorted(self.ids, ids)
        if len(ids) and (positions.max() >= len(self.ids) or not np.array_equal(self.ids[positions], ids)):
            raise KeyError("some statements have no embedding in the index")
        return self.vectors[positions]

    def search(self, vectors: np.ndarray, sources: np.ndarray, k: int) -> Neighbours:
        n = len(vectors)
        k_eff = min(k, len(self.ids))
        out_ids = np.full((n, k), -1, dtype=np.int64)
        out_sims = np.full((n, k), -np.inf, dtype=np.float32)
        if k_eff == 0:
            return Neighbours(out_ids, out_sims)
        for start in range(0, n, self.BLOCK):
            block = slice(start, start + self.BLOCK)
            sims = vectors[block] @ self.vectors.T
            # Statements of the same source (the query itself included) are never candidates.
            sims[np.asarray(sources[block])[:, None] == self.sources[None, :]] = -np.inf
            top = np.argpartition(-sims, k_eff - 1, axis=1)[:, :k_eff]
            top_sims = np.take_along_axis(sims, top, axis=1)
            order = np.argsort(-top_sims, axis=1)
            top = np.take_along_axis(top, order, axis=1)
            top_sims = np.take_along_axis(top_sims, order, axis=1)
            found = np.isfinite(top_sims)
            out_ids[block, :k_eff] = np.where(found, self.ids[top], -1)
            out_sims[block, :k_eff] = top_sims
        return Neighbours(out_ids, out_sims)
