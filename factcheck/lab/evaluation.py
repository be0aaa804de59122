"""Measure the app's own scorer, at its own threshold, on pair files, FNC-1 and NLI test sets.

Every function returns printable lines; the last one has a fixed shape that other tools parse:
    pairs: precision=P recall=R f1=F accuracy=A n=N
    fnc1:  fnc_score=S relative=R disagree_f1=D accuracy=A n=N
    nli:   precision=P recall=R f1=F accuracy=A n=N
    paraphrases: called=C share=S stored=T stored_share=U n=N
"""

import csv
import io
import json
import random
import re
from collections import Counter
from pathlib import Path

import numpy as np

from factcheck.lab.calibration import by_kind_lines, expected_calibration_error, prf
from factcheck.lab.scorer_data import _sentences, fnc1_split
from factcheck.services.matcher.scoring import Scorer

REQUIRED_PAIR_COLUMNS = ("text_a", "text_b", "label")


class EvaluationInputError(ValueError):
    """A file that cannot be evaluated; the message says what is wrong with it."""


def read_csv_file(path: Path, required: tuple[str, ...]) -> list[dict]:
    """Rows of a UTF-8 CSV file with the required columns, or an EvaluationInputError saying why not."""
    if not path.is_file():
        raise EvaluationInputError(f"{path}: no such file.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EvaluationInputError(
            f"{path}: not UTF-8 text (byte {error.start}); save the file as UTF-8 CSV."
        ) from None
    if not text.strip():
        raise EvaluationInputError(f"{path}: the file is empty.")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in required if c not in columns]
    if missing:
        raise EvaluationInputError(
            f"{path}: missing column(s) {', '.join(missing)}; found {', '.join(columns) or 'none'}."
        )
    rows = [{(k or "").strip(): (v or "") for k, v in row.items()} for row in reader]
    if not rows:
        raise EvaluationInputError(f"{path}: the file has a header but no rows.")
    return rows


def summary_line(metrics: dict) -> str:
    return (
        f"precision={metrics['precision']:.3f} recall={metrics['recall']:.3f} f1={metrics['f1']:.3f} "
        f"accuracy={metrics['accuracy']:.3f} n={metrics['n']}"
    )


def evaluate_pairs(*, rows: list[dict], scorer: Scorer, progress=None) -> list[str]:
    """Score text_a/text_b pairs; label 'contradiction' is the positive class."""
    pairs = [(r["text_a"], r["text_b"]) for r in rows]
    scores = scorer.score(pairs, progress=progress)
    predicted = [s.contradiction >= scorer.threshold for s in scores]
    labels = [r["label"].strip().lower() == "contradiction" for r in rows]
    lines = [f"scorer={scorer.version} threshold={scorer.threshold:.3f}"]
    if all("kind" in r for r in rows):
        lines += by_kind_lines(predicted, labels, [r["kind"] for r in rows])
    probs = [s.contradiction for s in scores]
    ece, _ = expected_calibration_error(probs, labels)
    lines.append(f"ranking: auc={roc_auc(probs, labels):.3f} ece={ece:.3f}")
    lines.append(summary_line(prf(predicted, labels)))
    return lines


def roc_auc(scores, labels) -> float:
    """ROC AUC of scores against boolean labels (nan when one class is missing)."""
    from sklearn.metrics import roc_auc_score

    labels = np.asarray(labels, dtype=int)
    return float(roc_auc_score(labels, scores)) if 0 < labels.sum() < len(labels) else float("nan")


def evaluate_seed(*, scorer: Scorer) -> list[str]:
    """Every cross-source pair of the seed article, highest contradiction first."""
    from factcheck.lab.showcase import cross_source_pairs

    pairs = cross_source_pairs()
    scores = scorer.score([(a[1], b[1]) for a, b in pairs])
    ranked = sorted(zip(pairs, scores, strict=True), key=lambda item: -item[1].contradiction)
    lines, target = [], None
    for rank, ((a, b), s) in enumerate(ranked, 1):
        if {a[1], b[1]} == {SEED_CLASH[0], SEED_CLASH[1]}:
            target = rank
        lines.append(
            f"{rank:2d}. {s.contradiction:.3f} kind={s.kind or '-'} stances={s.stance_a}/{s.stance_b} "
            f"| {a[0]}: {a[1]} || {b[0]}: {b[1]}"
        )
    lines.append(f"seed_rank={target} of n={len(ranked)} threshold={scorer.threshold:.3f}")
    return lines


SEED_CLASH = (
    "Missiles were allegedly flying from Belarus in the direction of Kiev.",
    "There is no indication that Belarusian troops are entering Ukraine.",
)


# --- Real news paraphrases ----------------------------------------------------------------------

MRPC_FILE = "mrpc/mrpc_train.txt"


def read_paraphrases(root: Path) -> list[dict]:
    """MRPC's pairs of news sentences that say the same thing (Quality 1)."""
    path = root / MRPC_FILE
    if not path.is_file():
        raise EvaluationInputError(f"{path}: no such file (is FACTCHECK_SHARED_DATA right?).")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [{"text_a": r["#1 String"], "text_b": r["#2 String"]} for r in rows if r["Quality"] == "1"]


def evaluate_paraphrases(
    *, root: Path, scorer: Scorer, stored_from: float, part: str = "test", progress=None
) -> list[str]:
    """The share of real news paraphrases called a contradiction (they are all compatible): by the
    scorer alone at its threshold, and as `match` would store them (from `stored_from`), after the
    stages that keep the same words and contentless statements from the scorer. `part` "test": the
    MRPC part the news training mix holds out (`news_data.py`); "all": every paraphrase."""
    from factcheck.lab.news_data import mrpc_test_paraphrases
    from factcheck.services.matcher.core import is_contentless
    from factcheck.services.matcher.lexicon import read
    from factcheck.services.matcher.same_words import SAME_WORDS_COSINE, text_key

    rows = mrpc_test_paraphrases(root) if part == "test" else read_paraphrases(root)
    pairs = [(r["text_a"], r["text_b"]) for r in rows]
    scores = scorer.score(pairs, progress=progress)
    cosines = _cosines(pairs)
    staged = [
        not (
            text_key(a) == text_key(b)
            or (cosine >= SAME_WORDS_COSINE and read(a).kind == read(b).kind)
            or is_contentless(a)
            or is_contentless(b)
        )
        for (a, b), cosine in zip(pairs, cosines, strict=True)
    ]
    called = [s.contradiction >= scorer.threshold for s in scores]
    stored = [s.contradiction >= stored_from and keep for s, keep in zip(scores, staged, strict=True)]
    kinds = Counter(s.kind for s, c in zip(scores, called, strict=True) if c)
    n = len(rows)
    return [
        f"scorer={scorer.version} threshold={scorer.threshold:.3f} stored_from={stored_from:.3f} part={part}",
        "called contradictions by kind: " + ", ".join(f"{k or '-'} {v}" for k, v in kinds.most_common()),
        f"decided before the scorer (same words, contentless): {staged.count(False)}",
        f"mean cosine={float(np.mean(cosines)):.3f}",
        f"paraphrases: called={sum(called)} share={sum(called) / n:.3f} stored={sum(stored)} "
        f"stored_share={sum(stored) / n:.3f} n={n}",
    ]


def _cosines(pairs):
    from factcheck.services.matcher.scoring import cosine_similarities

    return cosine_similarities(pairs)


# --- NLI ---------------------------------------------------------------------------------------

NLI_SETS = {
    "sick_test": "nli/sick/SICK.txt",
    "anli_dev": "nli/anli_dev/anli_dev_r1-r3.jsonl",
    "breaking_nli": "nli/breaking_nli/dataset.jsonl",
}


def read_nli_set(root: Path, name: str) -> list[dict]:
    path = root / NLI_SETS[name]
    if not path.is_file():
        raise EvaluationInputError(f"{path}: no such file (is FACTCHECK_SHARED_DATA right?).")
    rows = []
    if name == "sick_test":
        with path.open(newline="", encoding="utf-8") as handle:
            for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if r["SemEval_set"] == "TEST":
                    rows.append(
                        {
                            "text_a": r["sentence_A"],
                            "text_b": r["sentence_B"],
                            "label": r["entailment_label"].lower(),
                        }
                    )
    else:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                r = json.loads(line)
                if name == "anli_dev":
                    rows.append(
                        {
                            "text_a": r["premise"],
                            "text_b": r["hypothesis"],
                            "label": r["label"],
                            "round": str(r["round"]),
                        }
                    )
                else:
                    rows.append(
                        {
                            "text_a": r["sentence1"],
                            "text_b": r["sentence2"],
                            "label": r["gold_label"],
                            "kind": r["category"],
                        }
                    )
    return rows


def evaluate_nli(*, root: Path, name: str, scorer: Scorer, progress=None) -> list[str]:
    rows = read_nli_set(root, name)
    pairs = [(r["text_a"], r["text_b"]) for r in rows]
    scores = scorer.score(pairs, progress=progress)
    predicted = np.array([s.contradiction >= scorer.threshold for s in scores])
    labels = np.array([r["label"] == "contradiction" for r in rows])
    lines = [
        f"set={name} scorer={scorer.version} threshold={scorer.threshold:.3f} "
        f"labels={dict(Counter(r['label'] for r in rows))}"
    ]
    if name == "anli_dev":
        for rnd in ("1", "2", "3"):
            mask = np.array([r["round"] == rnd for r in rows])
            m = prf(predicted[mask], labels[mask])
            lines.append(f"round={rnd} " + summary_line(m))
        lines.append(f"chance: f1 of always-contradiction={prf(np.ones_like(labels), labels)['f1']:.3f}")
    if name == "breaking_nli":
        for kind in sorted({r["kind"] for r in rows}):
            mask = np.array([r["kind"] == kind for r in rows]) & labels
            if mask.any():
                lines.append(f"category={kind} recall={predicted[mask].mean():.3f} n={int(mask.sum())}")
    lines.append(summary_line(prf(predicted, labels)))
    return lines


# --- FNC-1 -------------------------------------------------------------------------------------

FNC_LABELS = ["agree", "disagree", "discuss", "unrelated"]
# Words by which an article reports a claim without endorsing it: evidence for "discuss".
REPORTING = re.compile(
    r"\b(reportedly|allegedly|claim(?:s|ed)?|rumou?rs?|unconfirmed|according to|purported(?:ly)?|"
    r"alleged|appears?|may|might|could|said to|believed to|not clear|unclear|whether)\b",
    re.IGNORECASE,
)
TOP_SENTENCES = 3


def fnc_score(gold: list[str], predicted: list[str]) -> tuple[float, float]:
    """The official FNC-1 score and the best possible score on the same rows."""
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        best += 0.25 if g == "unrelated" else 1.0
        if g == p:
            score += 0.25
            if g != "unrelated":
                score += 0.50
        if g != "unrelated" and p != "unrelated":
            score += 0.25
    return score, best


def read_fnc1(stances: Path, bodies: Path) -> tuple[list[dict], dict]:
    body_rows = read_csv_file(bodies, ("Body ID", "articleBody"))
    stance_rows = read_csv_file(stances, ("Headline", "Body ID", "Stance"))
    texts = {r["Body ID"]: r["articleBody"] for r in body_rows}
    unknown = {r["Body ID"] for r in stance_rows} - set(texts)
    if unknown:
        raise EvaluationInputError(f"{stances}: {len(unknown)} Body ID(s) not in {bodies}, e.g. {sorted(unknown)[0]}.")
    bad = {r["Stance"] for r in stance_rows} - set(FNC_LABELS)
    if bad:
        raise EvaluationInputError(f"{stances}: unknown Stance value(s) {', '.join(sorted(bad))}.")
    return stance_rows, texts


def _fnc_features(rows, texts, scorer, progress=None):
    """Per row: max/mean cosine of the headline to the body's sentences, tf-idf cosine, the calibrated
    contradiction of the headline against its closest sentences, and reporting-word density."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    body_ids = sorted({r["Body ID"] for r in rows})
    sentences = {b: (_sentences(texts[b]) or [texts[b][:400] or "(empty)"]) for b in body_ids}
    from factcheck.services.matcher.embeddings import encode

    flat = [s for b in body_ids for s in sentences[b]]
    headlines = sorted({r["Headline"] for r in rows})
    vectors = encode(flat + headlines)
    sent_vec, head_vec = vectors[: len(flat)], dict(zip(headlines, vectors[len(flat) :], strict=True))
    offsets, pos = {}, 0
    for b in body_ids:
        offsets[b] = (pos, pos + len(sentences[b]))
        pos += len(sentences[b])
    tfidf = TfidfVectorizer(stop_words="english").fit([texts[b] for b in body_ids] + headlines)
    body_tfidf = dict(zip(body_ids, tfidf.transform([texts[b] for b in body_ids]), strict=True))

    feats, top_pairs = [], []
    for r in rows:
        start, end = offsets[r["Body ID"]]
        sims = sent_vec[start:end] @ head_vec[r["Headline"]]
        order = np.argsort(-sims)[:TOP_SENTENCES]
        t = float((tfidf.transform([r["Headline"]]) @ body_tfidf[r["Body ID"]].T).toarray()[0, 0])
        body = texts[r["Body ID"]]
        reporting = len(REPORTING.findall(body)) / max(1, len(body.split())) * 100
        feats.append([float(sims.max()), float(np.sort(sims)[-TOP_SENTENCES:].mean()), t, reporting])
        top_pairs.append([(r["Headline"], sentences[r["Body ID"]][i], float(sims[i])) for i in order])
    return np.array(feats), top_pairs


def _contradiction_features(top_pairs, related, scorer, progress=None):
    """Max and mean calibrated contradiction over the closest sentences, for related rows only."""
    out = np.zeros((len(top_pairs), 2))
    flat, sims, owner = [], [], []
    for i, pairs in enumerate(top_pairs):
        if related[i]:
            flat += [(headline, sentence) for headline, sentence, _ in pairs]
            sims += [sim for _, _, sim in pairs]
            owner += [i] * len(pairs)
    if flat:
        scores = scorer.score(flat, sims, progress=progress)
        per = {}
        for i, s in zip(owner, scores, strict=True):
            per.setdefault(i, []).append(s.contradiction)
        for i, values in per.items():
            out[i] = [max(values), float(np.mean(values))]
    return out


def evaluate_fnc1(
    *,
    stances: Path,
    bodies: Path,
    split: str,
    scorer: Scorer,
    fit_stances: Path,
    fit_bodies: Path,
    fit_bodies_count: int = 150,
    seed: int = 13,
    progress=None,
) -> list[str]:
    """FNC-1 with a small stance head on the scorer's outputs.

    Relatedness (a threshold on embedding cosine) and the agree/disagree/discuss head (a
    logistic regression on cosine, tf-idf, contradiction and reporting-word features) are fitted
    on a sample of the *train* split of the FNC-1 training file (`fit_stances`, `fit_bodies`);
    the figures are for the rows of `stances` in `split` ("dev": our by-Body-ID dev split,
    "all": every row, for a file other than the training file). The simple baseline in the same
    run: tf-idf relatedness (threshold fitted the same way) and "discuss" for every related row.
    """
    from sklearn.linear_model import LogisticRegression

    rows, texts = read_fnc1(stances, bodies)
    if split == "all" and stances.resolve() == fit_stances.resolve():
        raise EvaluationInputError(
            f"{stances} is the file the stance head is fitted on; use --split dev, or give another file."
        )
    if split != "all":
        rows = [r for r in rows if fnc1_split(r["Body ID"]) == split]
    if not rows:
        raise EvaluationInputError(f"No rows in split {split!r}.")
    fit, fit_texts = read_fnc1(fit_stances, fit_bodies)
    # Whole bodies, not scattered rows: the cost is embedding each body's sentences.
    train_bodies = sorted({r["Body ID"] for r in fit if fnc1_split(r["Body ID"]) == "train"})
    chosen = set(random.Random(seed).sample(train_bodies, min(fit_bodies_count, len(train_bodies))))
    fit = [r for r in fit if r["Body ID"] in chosen]

    fit_f, fit_top = _fnc_features(fit, fit_texts, scorer)
    fit_gold = np.array([r["Stance"] for r in fit])
    rel_threshold = _best_split(fit_f[:, 0], fit_gold != "unrelated")
    tfidf_threshold = _best_split(fit_f[:, 2], fit_gold != "unrelated")
    fit_related = fit_gold != "unrelated"
    fit_c = _contradiction_features(fit_top, fit_related, scorer, progress)
    head = LogisticRegression(C=1.0, max_iter=2000)
    x_fit = np.hstack([fit_f, fit_c])[fit_related]
    head.fit(x_fit, fit_gold[fit_related])

    f, top = _fnc_features(rows, texts, scorer)
    gold = [r["Stance"] for r in rows]
    related = f[:, 0] >= rel_threshold
    c = _contradiction_features(top, related, scorer, progress)
    predicted = np.array(["unrelated"] * len(rows), dtype=object)
    if related.any():
        predicted[related] = head.predict(np.hstack([f, c])[related])
    baseline = np.where(f[:, 2] >= tfidf_threshold, "discuss", "unrelated")

    score, best = fnc_score(gold, list(predicted))
    base_score, _ = fnc_score(gold, list(baseline))
    gold_arr = np.array(gold)
    disagree = prf(predicted == "disagree", gold_arr == "disagree")
    accuracy = float((predicted == gold_arr).mean())
    lines = [
        f"split={split} rows={len(rows)} gold={dict(Counter(gold))} scorer={scorer.version}",
        f"fitted on {len(fit)} train-split rows ({len(chosen)} bodies): "
        f"cosine relatedness threshold {rel_threshold:.3f}",
        f"baseline (tf-idf relatedness, related->discuss) fnc_score={base_score:.2f} relative={base_score / best:.3f}",
        "official FNC-1 baseline (hand features + gradient boosting) on its own hold-out: "
        "relative 0.79 (quoted, not this split)",
    ]
    for label in FNC_LABELS:
        m = prf(predicted == label, gold_arr == label)
        lines.append(f"class={label} precision={m['precision']:.3f} recall={m['recall']:.3f} f1={m['f1']:.3f}")
    lines.append(
        f"fnc_score={score:.2f} relative={score / best:.3f} disagree_f1={disagree['f1']:.3f} "
        f"accuracy={accuracy:.3f} n={len(rows)}"
    )
    return lines


def _best_split(values, positive) -> float:
    """The threshold on `values` that best separates positive from negative rows (accuracy)."""
    order = np.argsort(values)
    v, y = values[order], positive[order]
    # predicted positive = value >= t; accuracy as t walks up the sorted values
    negatives_below = np.cumsum(~y)
    positives_at_or_above = y[::-1].cumsum()[::-1]
    correct = np.concatenate([[0], negatives_below[:-1]]) + positives_at_or_above
    return float(v[int(np.argmax(correct))])
