"""Throughput of the contradiction scorer on this machine's CPU cores.

    python bench/scorer.py [--pairs 512] [--threads 2]

Measures, on the same generated news pairs in one run:
  1. the raw cross-encoder in fp32 through sentence-transformers' CrossEncoder.predict (one direction);
  2. Scorer.score as the app runs it (both directions, shipped runtime, cues, calibration), once with
     the caller's cosine similarities (as the matcher passes them) and once computing them itself;
  3. how far the shipped runtime's decisions move from fp32 with the same calibration.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=512)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import django

    django.setup()
    import numpy as np
    import torch
    from django.conf import settings
    from sentence_transformers import CrossEncoder

    from factcheck.lab.news_pairs import generate_news_pairs
    from factcheck.services.matcher.scoring import CrossEncoderRunner, Scorer, cosine_similarities

    torch.set_num_threads(args.threads)
    generated = generate_news_pairs(seed=2024, rounds=40)
    pairs = [(p.text_a, p.text_b) for p in generated][: args.pairs]
    folder = settings.FACTCHECK_SCORER_MODEL
    print(f"{len(pairs)} pairs, {args.threads} threads, torch {torch.__version__}, model {folder}")

    # The weights are stored in fp16; the raw baseline runs them in fp32, as the app's fp32 runtime does.
    raw = CrossEncoder(folder, device="cpu", max_length=128, model_kwargs={"dtype": torch.float32})
    raw.predict(pairs[:32], batch_size=64)
    started = time.perf_counter()
    raw.predict(pairs, batch_size=64, show_progress_bar=False)
    raw_rate = len(pairs) / (time.perf_counter() - started)
    print(f"raw CrossEncoder.predict fp32, one direction:      {raw_rate:7.1f} pairs/s")

    scorer = Scorer(folder)
    scorer.score(pairs[:32])
    similarities = cosine_similarities(pairs)
    started = time.perf_counter()
    results = scorer.score(pairs, similarities)
    given_rate = len(pairs) / (time.perf_counter() - started)
    runtime = scorer.calibration.get("runtime", "fp32")
    print(f"Scorer.score ({runtime}, both directions, cosine given): {given_rate:7.1f} pairs/s")
    started = time.perf_counter()
    scorer.score(pairs)
    own_rate = len(pairs) / (time.perf_counter() - started)
    print(f"Scorer.score ({runtime}, both directions, cosine computed): {own_rate:7.1f} pairs/s")

    if runtime != "fp32":
        fp32 = CrossEncoderRunner(folder, runtime="fp32")
        both = pairs + [(b, a) for a, b in pairs]
        logits = fp32.logits(both)
        from factcheck.services.matcher.cues import find_cues

        probs = scorer.probabilities(
            logits[: len(pairs)], logits[len(pairs) :], similarities, [find_cues(a, b) for a, b in pairs]
        )
        shipped = np.array([r.contradiction for r in results])
        agree = float(((probs >= scorer.threshold) == (shipped >= scorer.threshold)).mean())
        print(
            f"{runtime} vs fp32 with the same calibration: decisions agree on {agree:.1%} of pairs, "
            f"mean |dp| {np.abs(probs - shipped).mean():.4f}, max |dp| {np.abs(probs - shipped).max():.4f}"
        )


if __name__ == "__main__":
    main()
