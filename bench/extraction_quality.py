"""Attribution quality and speed of claim extraction on the labelled articles.

Run: /work/main/.venv/bin/python bench/extraction_quality.py [--verbose] [--dev-only] [--docs N]

A predicted claim is correct when its speaker resolves to the gold speaker (its name or one of its
aliases equals one of the gold names, compared case-, accent- and space-blind) and its text matches
the gold claim: the gold text is contained in it, or at least half of the longer one's tokens are
shared. Predictions and gold claims are paired one to one. The last line is
`precision=P recall=R f1=F n_gold=N n_pred=M`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
django.setup()

from factcheck.services.corpus.extraction import Claim, extract_claims  # noqa: E402

DATA = ROOT / "tests" / "data" / "extraction"


def read_body(path: Path) -> str:
    """The document text: the file less its front matter."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :]
    return text


def normalise(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.casefold().replace("\u2019", "'").replace('"', "")
    return " ".join(s.split())


def tokens(s: str) -> list[str]:
    return re.findall(r"\w+(?:[-']\w+)*", normalise(s))


def text_matches(gold: str, predicted: str) -> bool:
    g, p = normalise(gold).strip(" ."), normalise(predicted)
    if g and g in p:
        return True
    gt, pt = tokens(gold), tokens(predicted)
    if not gt or not pt:
        return False
    shared = sum(min(gt.count(t), pt.count(t)) for t in set(gt))
    return shared / max(len(gt), len(pt)) >= 0.5


def speaker_matches(gold_names: list[str], claim: Claim) -> bool:
    names = {normalise(claim.speaker.name)} | {normalise(a) for a in claim.speaker.aliases}
    return any(normalise(g) in names for g in gold_names)


def score_document(gold: list[dict], predicted: list[Claim]):
    """Pairs (gold index, prediction index, speaker right) one to one, best matches first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if text_matches(g["text"], p.text):
                pairs.append((not speaker_matches(g["speaker"], p), gi, pi))
    pairs.sort()
    used_g, used_p, matched = set(), set(), []
    for wrong, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matched.append((gi, pi, not wrong))
    return matched


def group_of(name: str) -> str:
    """heldout_a: held out, then studied (see the README); heldout_b: never studied."""
    if name.startswith("heldoutb_"):
        return "heldout_b"
    if name.startswith("heldout_"):
        return "heldout_a"
    return "tuned"


def prf(correct: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = correct / n_pred if n_pred else 0.0
    r = correct / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss and false claim")
    parser.add_argument("--show-batch-b", action="store_true", help="also list held-out batch B's misses")
    parser.add_argument("--dev-only", action="store_true", help="leave the held-out articles out")
    parser.add_argument("--docs", type=int, default=1000, help="documents to time (0 to skip)")
    args = parser.parse_args()

    paths = sorted(p for p in DATA.glob("*.md") if p.with_suffix(".json").exists())
    if args.dev_only:
        paths = [p for p in paths if not p.name.startswith("heldout")]
    totals = defaultdict(lambda: [0, 0, 0])  # group -> correct, n_pred, n_gold
    wrong_speaker = 0
    mode_right = mode_total = 0
    cases = defaultdict(lambda: [0, 0])  # case -> found, gold
    bodies = []
    for path in paths:
        body = read_body(path)
        bodies.append(body)
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["claims"]
        predicted = extract_claims(body)
        matched = score_document(gold, predicted)
        correct = sum(1 for _, _, ok in matched if ok)
        wrong_speaker += sum(1 for _, _, ok in matched if not ok)
        groups = ["all", group_of(path.name)]
        if path.name.startswith("heldout"):
            groups.append("heldout")
        for group in groups:
            totals[group][0] += correct
            totals[group][1] += len(predicted)
            totals[group][2] += len(gold)
        found_gold = {gi for gi, _, ok in matched if ok}
        for gi, pi, ok in matched:
            if ok:
                mode_total += 1
                mode_right += gold[gi]["mode"] == predicted[pi].mode
        for gi, g in enumerate(gold):
            for case in g.get("cases", []):
                cases[case][1] += 1
                cases[case][0] += gi in found_gold
        p, r, f = prf(correct, len(predicted), len(gold))
        print(f"{path.name:42} P={p:.2f} R={r:.2f} F1={f:.2f} gold={len(gold)} pred={len(predicted)}")
        # Batch B is never studied: its misses stay hidden unless asked for.
        if args.verbose and (args.show_batch_b or not path.name.startswith("heldoutb_")):
            by_pred = {pi: (gi, ok) for gi, pi, ok in matched}
            for gi, g in enumerate(gold):
                if gi not in found_gold:
                    print(f"    MISSED  {g['speaker'][0]}: {g['text']}")
            for pi, c in enumerate(predicted):
                gi_ok = by_pred.get(pi)
                if gi_ok is None:
                    print(f"    EXTRA   {c.speaker.name} [{c.mode}]: {c.text}")
                elif not gi_ok[1]:
                    print(f"    SPEAKER {c.speaker.name} (gold {gold[gi_ok[0]]['speaker'][0]}): {c.text}")

    print()
    print("Per hard case (recall):")
    for case in sorted(cases):
        found, n = cases[case]
        print(f"  {case:34} {found}/{n}")
    print()
    print(f"claims paired with a gold claim but given the wrong speaker: {wrong_speaker}")
    if mode_total:
        print(f"mode agreement on correct claims: {mode_right}/{mode_total}")
    for group in ("tuned", "heldout_a", "heldout_b", "heldout"):
        if group in totals:
            c, n_pred, n_gold = totals[group]
            p, r, f = prf(c, n_pred, n_gold)
            print(f"{group:8} precision={p:.3f} recall={r:.3f} f1={f:.3f} n_gold={n_gold} n_pred={n_pred}")

    if args.docs and bodies:
        docs = [bodies[i % len(bodies)] for i in range(args.docs)]
        started = time.perf_counter()
        for body in docs:
            extract_claims(body)
        elapsed = time.perf_counter() - started
        print(f"speed: {len(docs)} documents in {elapsed:.2f}s = {len(docs) / elapsed:.0f} documents/s")

    c, n_pred, n_gold = totals["all"]
    p, r, f = prf(c, n_pred, n_gold)
    print(f"precision={p:.3f} recall={r:.3f} f1={f:.3f} n_gold={n_gold} n_pred={n_pred}")


if __name__ == "__main__":
    main()
