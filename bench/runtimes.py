"""Which runtime the scorer should run: speed and agreement of each on real news sentence pairs.

    python bench/runtimes.py [--pairs 400] [--threads 2]

On the same pairs (neighbouring sentences of the FNC-1 benchmark bodies, one direction), in one
run: pairs/s of each runtime, how far a batched runtime's logits move from the same runtime run
one pair at a time (a score must not depend on the pairs scored with it), and how far each moves
from the fp32 weights. Last line: `runtime=… pairs_per_s=…` for each runtime.
"""

import argparse
import itertools
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")


def news_pairs(n: int) -> list[tuple[str, str]]:
    from factcheck.lab.realnews import benchmark_articles

    pairs = []
    for a in benchmark_articles():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", a.text) if 30 <= len(s) <= 400]
        pairs += list(itertools.pairwise(sentences))[:3]
        if len(pairs) >= n:
            break
    return pairs[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=400)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import django

    django.setup()
    import numpy as np
    import torch
    from django.conf import settings

    from factcheck.services.matcher.scoring import CrossEncoderRunner

    torch.set_num_threads(args.threads)
    settings.FACTCHECK_SCORER_THREADS = args.threads
    pairs = news_pairs(args.pairs)
    folder = settings.FACTCHECK_SCORER_MODEL
    print(f"{len(pairs)} real news sentence pairs, {args.threads} threads")
    logits, rates = {}, {}
    for runtime in ("fp32", "onnx-fp32", "onnx-int8"):
        runner = CrossEncoderRunner(folder, runtime=runtime)
        runner.logits(pairs[:16])
        started = time.perf_counter()
        logits[runtime] = runner.logits(pairs)
        rates[runtime] = len(pairs) / (time.perf_counter() - started)
        batched = runner.batch_size > 1
        line = f"{runtime:10s} batch {runner.batch_size:3d}: {rates[runtime]:6.1f} pairs/s"
        if batched:
            runner.batch_size = 1
            alone = runner.logits(pairs[:100])
            line += f"; batched vs one pair per run: max |dlogit| {np.abs(alone - logits[runtime][:100]).max():.6f}"
        print(line)
    for runtime in ("onnx-fp32", "onnx-int8"):
        diff = np.abs(logits[runtime] - logits["fp32"])
        print(f"{runtime} vs fp32 weights: mean |dlogit| {diff.mean():.4f}, max {diff.max():.4f}")
    base = rates["onnx-int8"]
    print(" ".join(f"runtime={r} pairs_per_s={v:.1f} vs_onnx_int8={v / base:.2f}" for r, v in rates.items()))


if __name__ == "__main__":
    main()
