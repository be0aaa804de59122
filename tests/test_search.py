"""Candidate search engines: exact numpy, usearch (approximate, persisted), pgvector."""

import os

import numpy as np
import pytest

from factcheck.models import Embedding, Statement
from factcheck.services.matcher import embeddings
from factcheck.services.matcher.search import ExactIndex, PgvectorIndex, UsearchIndex, open_index, pgvector_ready
from tests.factories import make_source, make_statement

pytestmark = [pytest.mark.django_db, pytest.mark.vectors]
MODEL = "test-model"


def store_vectors(vectors: np.ndarray, sources: list) -> list[Statement]:
    statements = [make_statement(source=sources[i % len(sources)], text=f"s{i}") for i in range(len(vectors))]
    Embedding.objects.bulk_create(
        [
            Embedding(statement=s, model_name=MODEL, text_hash="h", dimensions=v.shape[0], vector=v.tobytes())
            for s, v in zip(statements, vectors, strict=True)
        ]
    )
    return statements


def clustered_vectors(n: int, dims: int = 384, clusters: int = 40, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, dims))
    vectors = centres[rng.integers(clusters, size=n)] + 0.35 * rng.normal(size=(n, dims))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def recall_at(k: int, exact, approximate) -> float:
    """Share of exact neighbours found, counting ties: a hit is any neighbour as close as the k-th."""
    hits = total = 0
    for row in range(exact.ids.shape[0]):
        kth = exact.similarities[row][k - 1]
        wanted = {i for i in exact.ids[row][:k].tolist() if i >= 0}
        got = approximate.ids[row][:k].tolist()
        sims = approximate.similarities[row][:k].tolist()
        hits += sum(1 for i, s in zip(got, sims, strict=True) if i in wanted or (i >= 0 and s >= kth - 1e-3))
        total += len(wanted)
    return hits / total


@pytest.fixture
def corpus():
    sources = [make_source() for _ in range(30)]
    vectors = clustered_vectors(1500)
    statements = store_vectors(vectors, sources)
    return np.array([s.pk for s in statements]), vectors


def test_exact_index_returns_nearest_statements_of_other_sources_only():
    vectors = np.array([[1, 0], [0.9, 0.1], [0, 1], [0.8, 0.2]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = ExactIndex(np.array([10, 11, 12, 13]), np.array([1, 1, 2, 3]), vectors)
    found = index.neighbours(np.array([10]), k=3)
    assert found.ids[0].tolist() == [13, 12, -1]
    assert found.similarities[0][0] > found.similarities[0][1]


def test_usearch_finds_what_exact_search_finds(corpus, tmp_path):
    ids, _ = corpus
    exact = ExactIndex.from_database(model_name=MODEL).neighbours(ids, 10)
    approximate = UsearchIndex(model_name=MODEL, folder=tmp_path).open().neighbours(ids, 10)
    assert recall_at(10, exact, approximate) >= 0.95
    sources = dict(Statement.objects.values_list("pk", "source_id"))
    for row, query in enumerate(ids.tolist()):
        assert all(sources[o] != sources[query] for o in approximate.ids[row].tolist() if o >= 0)


def test_usearch_index_is_saved_and_updated_incrementally(corpus, tmp_path):
    ids, vectors = corpus
    first = UsearchIndex(model_name=MODEL, folder=tmp_path).open()
    assert first.path.exists()
    assert len(first) == len(ids)
    # A new statement, a twin of the first one's vector, said by someone else.
    twin = store_vectors(vectors[:1], [make_source()])[0]
    second = UsearchIndex(model_name=MODEL, folder=tmp_path).open()
    assert len(second) == len(ids) + 1
    assert second.neighbours(np.array([ids[0]]), 3).ids[0][0] == twin.pk
    # Re-embedded: the twin now points the other way and is no longer a neighbour.
    Embedding.objects.filter(statement=twin).update(vector=(-vectors[0]).tobytes())
    Embedding.objects.filter(statement=twin).update(created_at=Embedding.objects.get(statement=twin).created_at)
    from django.utils import timezone

    Embedding.objects.filter(statement=twin).update(created_at=timezone.now())
    third = UsearchIndex(model_name=MODEL, folder=tmp_path).open()
    assert twin.pk not in third.neighbours(np.array([ids[0]]), 3).ids[0].tolist()


def test_usearch_never_returns_a_deleted_statement(corpus, tmp_path):
    ids, _ = corpus
    index = UsearchIndex(model_name=MODEL, folder=tmp_path).open()
    nearest = int(index.neighbours(np.array([ids[0]]), 1).ids[0][0])
    Statement.objects.filter(pk=nearest).delete()
    again = UsearchIndex(model_name=MODEL, folder=tmp_path).open()
    assert nearest not in again.neighbours(np.array([ids[0]]), 10).ids[0].tolist()


def test_auto_engine_is_exact_for_small_corpora_and_usearch_beyond(corpus, settings, tmp_path):
    settings.FACTCHECK_INDEX_DIR = str(tmp_path)
    if pgvector_ready():
        assert open_index(model_name=MODEL).name == "pgvector"
        return
    assert open_index(model_name=MODEL).name == "exact"
    settings.FACTCHECK_EXACT_LIMIT = 100
    assert open_index(model_name=MODEL).name == "usearch"


def test_unknown_engine_is_refused(settings):
    settings.FACTCHECK_VECTOR_ENGINE = "faiss"
    with pytest.raises(ValueError, match="FACTCHECK_VECTOR_ENGINE='faiss'"):
        open_index(model_name=MODEL)


# -- pgvector (runs where PostgreSQL has the vector extension: `make test` starts one) ----------


@pytest.fixture
def pgvector():
    if not pgvector_ready():
        if os.environ.get("FACTCHECK_REQUIRE_PGVECTOR"):
            pytest.fail("FACTCHECK_REQUIRE_PGVECTOR is set but this database has no pgvector table")
        pytest.skip("needs PostgreSQL with pgvector (make test runs these on an embedded server)")


@pytest.mark.pgvector
def test_pgvector_finds_what_exact_search_finds(pgvector, corpus):
    ids, _ = corpus
    index = PgvectorIndex(model_name=MODEL).open()
    exact = ExactIndex.from_database(model_name=MODEL).neighbours(ids[:300], 10)
    approximate = index.neighbours(ids[:300], 10)
    assert recall_at(10, exact, approximate) >= 0.95
    sources = dict(Statement.objects.values_list("pk", "source_id"))
    for row, query in enumerate(ids[:300].tolist()):
        assert all(sources[o] != sources[query] for o in approximate.ids[row].tolist() if o >= 0)


@pytest.mark.pgvector
def test_pgvector_sync_adds_new_and_drops_deleted_statements(pgvector, corpus):
    from factcheck.models import StatementVector

    ids, vectors = corpus
    index = PgvectorIndex(model_name=MODEL).open()
    assert StatementVector.objects.count() == len(ids)
    twin = store_vectors(vectors[:1], [make_source()])[0]
    assert index.sync() == 1
    assert index.neighbours(np.array([ids[0]]), 3).ids[0][0] == twin.pk
    twin.delete()
    index.sync()
    assert StatementVector.objects.count() == len(ids)
    assert twin.pk not in index.neighbours(np.array([ids[0]]), 10).ids[0].tolist()


@pytest.mark.pgvector
def test_match_on_pgvector_pairs_like_exact_search(pgvector, settings):
    from factcheck.models import ClaimPair
    from factcheck.services.matcher.matching import match_statements

    settings.FACTCHECK_MIN_CONTRADICTION = 0.0
    texts = [
        ("Ukraine", "Missiles were flying from Belarus in the direction of Kiev."),
        ("Pentagon official", "There is no indication that Belarusian troops are entering Ukraine."),
        ("Lukashenko", "Not a single part of Belarusian armed forces has left its bases."),
        ("Club", "The club signed a new goalkeeper today."),
    ]
    for name, text in texts:
        make_statement(source=make_source(name=name), text=text)
    settings.FACTCHECK_VECTOR_ENGINE = "exact"
    match_statements()
    exact_pairs = set(ClaimPair.objects.values_list("statement_a", "statement_b"))
    ClaimPair.objects.all().delete()
    settings.FACTCHECK_VECTOR_ENGINE = "pgvector"
    report = match_statements(rebuild=True)
    assert report.engine == "pgvector"
    assert set(ClaimPair.objects.values_list("statement_a", "statement_b")) == exact_pairs


@pytest.mark.pgvector
def test_enable_pgvector_copies_the_vectors_the_matcher_stored(pgvector, capsys):
    """The vectors are stored under the backend's model name (`all-MiniLM-L6-v2+onnx` by default);
    the command copies them under the same name."""
    from django.core.management import call_command

    from factcheck.models import StatementVector
    from factcheck.services.matcher.matching import embed_statements

    for name in ("Ukraine", "Lukashenko"):
        make_statement(source=make_source(name=name), text=f"{name} spoke about the border today.")
    assert embed_statements() == 2
    StatementVector.objects.all().delete()
    call_command("enable_pgvector")
    assert "2 vectors copied" in capsys.readouterr().out
    assert StatementVector.objects.filter(model_name=embeddings.model_name()).count() == 2


def test_usearch_then_the_scorer_runtime_load_in_one_process(tmp_path):
    """Regression: importing onnxruntime after usearch crashed the process (segfault)."""
    import subprocess
    import sys

    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'factcheck.settings'); django.setup(); "
        "from factcheck.services.matcher.search import UsearchIndex; "
        f"UsearchIndex(model_name='m', folder=r'{tmp_path}'); "
        "import onnxruntime; print('loaded')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("loaded")
