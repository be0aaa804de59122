"""How the scorer's second pass (b→a) is spared, and what it costs in pairs found.

    python bench/second_pass.py [--neighbours 900] [--variants 300]

The scorer reads a pair a→b, and b→a only where a→b's logit reaches
FACTCHECK_SCORER_SECOND_PASS_FROM (see Scorer.both_ways). This builds the training-side pairs the
bound was chosen on — FNC-1 *train* sentences paired with one of their five nearest neighbours
(as the matcher pairs them), number-edited copies (as the data generator makes them) and the
claimpairs_dev tuning set — reads every pair both ways, and prints for each bound: the share of
second passes spared, and the recall of the pairs the full two-way score stores (contradiction
>= FACTCHECK_MIN_CONTRADICTION) and calls contradictions (>= the scorer's threshold). Then it
times Scorer.score on the neighbour pairs with every pair read both ways against the configured
bound, in the same run.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

BOUNDS = [float("-inf"), -4.0, -3.5, -3.0, -2.5, -2.0, -1.5, -1.0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--neighbours", type=int, default=900)
    parser.add_argument("--variants", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    import django

    django.setup()
    import numpy as np
    from django.conf import settings

    from factcheck.lab.calibration import read_claimpairs_dev
    from factcheck.lab.synthetic import real_sentences, vary
    from factcheck.services.matcher import cues as cue_rules
    from factcheck.services.matcher import embeddings
    from factcheck.services.matcher.scoring import Scorer, cosine_similarities, get_scorer, needs_second_pass

    rng = random.Random(options.seed)
    pool = real_sentences(limit=30_000)[10_000:16_000]
    if not pool:
        raise SystemExit("needs the FNC-1 train bodies in FACTCHECK_SHARED_DATA")
    vectors = embeddings.encode(pool)
    pairs, origin, cosine = [], [], []
    for i in rng.sample(range(len(pool)), options.neighbours):
        sims = vectors[i] @ vectors.T
        sims[i] = -1
        j = int(np.argsort(-sims)[rng.randrange(5)])
        pairs.append((pool[i], pool[j]))
        origin.append("neighbours")
        cosine.append(float(sims[j]))
    extra = [(pool[i], vary(pool[i], rng, rng.randint(1, 20))) for i in rng.sample(range(len(pool)), options.variants)]
    extra += [(row["text_a"], row["text_b"]) for row in read_claimpairs_dev()]
    origin += ["variants"] * options.variants + ["claimpairs_dev"] * (len(extra) - options.variants)
    cosine += cosine_similarities(extra)
    pairs += extra
    origin = np.array(origin)

    scorer = get_scorer()
    n = len(pairs)
    logits = scorer.runner.logits(pairs + [(b, a) for a, b in pairs])
    ab, ba = logits[:n], logits[n:]
    found = [cue_rules.find_cues(a, b) for a, b in pairs]
    full = scorer.probabilities(ab, ba, cosine, found)
    store, threshold = float(settings.FACTCHECK_MIN_CONTRADICTION), scorer.threshold
    print(f"{n} pairs read both ways; a→b and b→a logits correlate {np.corrcoef(ab, ba)[0, 1]:.3f}")
    print("bound  set             pairs  spared  recall_stored  recall_contradictions  max_change")
    for bound in BOUNDS:
        spared = ~needs_second_pass(ab, bound)
        approx = np.where(spared, scorer.probabilities(ab, ab, cosine, found), full)
        for name in ["neighbours", "variants", "claimpairs_dev", "all"]:
            rows = origin == name if name != "all" else np.ones(n, dtype=bool)
            stored, called = (full >= store) & rows, (full >= threshold) & rows
            print(
                f"{bound:>5g}  {name:<14s} {rows.sum():>6d}  {spared[rows].mean():>6.3f}  "
                f"{((approx >= store) & stored).sum() / max(stored.sum(), 1):>13.4f}  "
                f"{((approx >= threshold) & called).sum() / max(called.sum(), 1):>21.4f}  "
                f"{np.abs(approx - full)[rows].max():>10.3f}"
            )

    neighbours = [pair for pair, name in zip(pairs, origin, strict=True) if name == "neighbours"]
    sims = [s for s, name in zip(cosine, origin, strict=True) if name == "neighbours"]
    settings.FACTCHECK_SCORER_SECOND_PASS_FROM = float("-inf")
    both = Scorer(settings.FACTCHECK_SCORER_MODEL)
    timings = {}
    for name, candidate in [("both ways", both), (f"second pass from {scorer.second_pass_from:g}", scorer)]:
        started = time.monotonic()
        candidate.score(neighbours, sims)
        timings[name] = len(neighbours) / (time.monotonic() - started)
    rates = list(timings.values())
    print(
        f"neighbour_pairs={len(neighbours)} both_ways_per_s={rates[0]:.1f} "
        f"second_pass_from={scorer.second_pass_from:g} per_s={rates[1]:.1f} speedup={rates[1] / rates[0]:.2f}"
    )


if __name__ == "__main__":
    main()
