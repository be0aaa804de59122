"""Candidate search at scale: the approximate index against exact search, up to a million vectors.

    python bench/index.py --vectors 1000000 [--base 20000] [--queries 1000]

Encoding a million statements takes most of an hour on two cores (see bench/match.py for the
pipeline's rate), so this benchmark measures the search part on its own: it encodes --base real
news sentences (FNC-1 article bodies, read at run time) with the real model and derives the rest
of the million from them — each a real vector plus a little noise, normalised — so the vectors
cluster like real statements do. For the usearch engine it reports build time, memory, the
latency of one query (a new statement against the whole index), and recall@10 against exact
numpy search; for exact search, its latency per query.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_gb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024 / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vectors", type=int, default=1_000_000)
    parser.add_argument("--base", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--noise", type=float, default=0.35)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--new", type=int, default=20, help="new statements matched end to end against the index")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    import numpy as np

    from factcheck.lab.synthetic import real_sentences
    from factcheck.services.matcher import embeddings
    from factcheck.services.matcher.search import UsearchIndex, usearch_index_class

    rng = np.random.default_rng(options.seed)
    sentences = real_sentences(limit=options.base) or [
        f"Statement number {i} about the news." for i in range(options.base)
    ]
    started = time.monotonic()
    base = embeddings.encode(sentences)
    print(f"encoded {len(base)} real sentences in {time.monotonic() - started:.1f}s", flush=True)
    # Each derived vector: a real one plus noise of about a third of its length, normalised.
    picks = rng.integers(len(base), size=options.vectors)
    vectors = base[picks] + rng.normal(
        scale=options.noise / np.sqrt(base.shape[1]), size=(options.vectors, base.shape[1])
    ).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors.astype(np.float32)
    keys = np.arange(1, options.vectors + 1, dtype=np.uint64)
    print(f"derived {options.vectors} vectors; rss {rss_gb():.2f} GB", flush=True)

    # The engine as the app configures it (UsearchIndex.new_index: cosine, f16, M=16).
    index = UsearchIndex.__new__(UsearchIndex)
    index._Index = usearch_index_class()
    built = UsearchIndex.new_index(index, base.shape[1])
    before = rss_gb()
    started = time.monotonic()
    built.add(keys, vectors, threads=os.cpu_count() or 1)
    build_s = time.monotonic() - started
    print(f"usearch build: {build_s:.1f}s, index memory ~{rss_gb() - before:.2f} GB, rss {rss_gb():.2f} GB", flush=True)

    queries = rng.choice(options.vectors, size=options.queries, replace=False)
    latencies = []
    for q in queries[:200]:
        t = time.perf_counter()
        built.search(vectors[q], 11)
        latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    found = built.search(vectors[queries], 11, threads=os.cpu_count() or 1)

    # Exact top-10 in numpy, in blocks, for the same queries (the query itself excluded).
    started = time.monotonic()
    exact = np.zeros((len(queries), 10), dtype=np.int64)
    kth = np.zeros(len(queries), dtype=np.float32)
    for start in range(0, len(queries), 100):
        block = queries[start : start + 100]
        sims = vectors[block] @ vectors.T
        sims[np.arange(len(block)), block] = -np.inf
        top = np.argpartition(-sims, 10, axis=1)[:, :10]
        exact[start : start + len(block)] = top + 1
        kth[start : start + len(block)] = np.take_along_axis(sims, top, axis=1).min(axis=1)
    exact_ms = (time.monotonic() - started) * 1000 / len(queries)
    hits = 0
    approx_keys = np.asarray(found.keys, dtype=np.int64).reshape(len(queries), -1)
    approx_sims = 1 - np.asarray(found.distances, dtype=np.float32).reshape(len(queries), -1)
    for row, q in enumerate(queries):
        got = [(k, s) for k, s in zip(approx_keys[row], approx_sims[row], strict=True) if k != q + 1][:10]
        wanted = set(exact[row].tolist())
        hits += sum(1 for k, s in got if k in wanted or s >= kth[row] - 1e-3)
    recall = hits / (10 * len(queries))
    new_statement(built, sentences, picks, options.new)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(
        f"vectors={options.vectors} build_s={build_s:.1f} query_p50_ms={latencies[len(latencies) // 2]:.2f} "
        f"query_p95_ms={latencies[int(len(latencies) * 0.95)]:.2f} exact_ms_per_query={exact_ms:.1f} "
        f"recall_at_10={recall:.3f} peak_rss_gb={peak:.2f}"
    )


def new_statement(index, sentences: list[str], picks, count: int) -> None:
    """New statements (real sentences outside the base) matched against the index as a worker
    would: encode, search, then score the candidates above the similarity gate with the real
    scorer (each derived vector stands for the real sentence it was made from). The database
    reads and writes around this are measured by bench/match.py. Prints the medians."""
    import numpy as np
    from django.conf import settings

    from factcheck.lab.synthetic import real_sentences
    from factcheck.services.matcher import embeddings
    from factcheck.services.matcher.scoring import get_scorer

    pool = real_sentences(limit=len(sentences) + count)[len(sentences) :] or [
        f"A new statement number {i} about the news." for i in range(count)
    ]
    scorer = get_scorer()
    k = settings.FACTCHECK_NEIGHBOURS
    scorer.score([(pool[0], sentences[0])], [0.5])  # warm-up
    embeddings.encode(pool[:1])
    timings = {"encode_ms": [], "search_ms": [], "score_ms": [], "scored": [], "total_ms": []}
    for text in pool[:count]:
        started = time.perf_counter()
        vector = embeddings.encode([text])[0]
        encoded = time.perf_counter()
        found = index.search(vector, k)
        searched = time.perf_counter()
        keys = np.asarray(found.keys, dtype=np.int64)
        sims = 1 - np.asarray(found.distances, dtype=np.float32)
        gate = sims >= settings.FACTCHECK_MIN_SIMILARITY
        candidates = [(text, sentences[picks[key - 1]]) for key in keys[gate]]
        scorer.score(candidates, sims[gate].tolist())
        scored = time.perf_counter()
        timings["encode_ms"].append((encoded - started) * 1000)
        timings["search_ms"].append((searched - encoded) * 1000)
        timings["score_ms"].append((scored - searched) * 1000)
        timings["scored"].append(len(candidates))
        timings["total_ms"].append((scored - started) * 1000)
    medians = {name: float(np.median(values)) for name, values in timings.items()}
    shown = " ".join(
        f"{name}={value:g}" if name == "scored" else f"{name}={value:.1f}" for name, value in medians.items()
    )
    print(f"new_statement_vs_index statements={len(timings['total_ms'])} {shown}", flush=True)


if __name__ == "__main__":
    main()
