"""Training data for the contradiction scorer, read from the shared data folder at run time.

Only training splits go in (see each set's README under the data folder): SNLI dev+test, the
MultiNLI part of TaxiNLI, SICK TRAIN+TRIAL, FNC-1 bodies outside our dev split, COVID-Fact train,
Citation-Integrity train, Check-COVID train, PERSPECTRUM train, IBM claim stance train,
FEVER-Symmetric dev, HealthVer dev, plus generated news pairs and word swaps. SICK TEST, ANLI,
Breaking NLI, claimpairs_dev and the FNC-1 dev bodies never enter. A slice of every source is
kept apart as the calibration split: the cross-encoder never trains on it.

Every row: text_a, text_b, label (1 = contradiction), source, kind.
"""

import csv
import json
import random
import re
import sys
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from factcheck.lab.news_pairs import ANTONYM_SWAPS, COUNTRIES, generate_news_pairs

csv.field_size_limit(sys.maxsize)

# One in five FNC-1 bodies is our dev split; the rule depends only on the Body ID, so the data
# generator and `evaluate fnc1 --split dev` always agree without sharing a seed.
FNC1_DEV_MODULUS = 5


def data_dir() -> Path:
    return Path(settings.FACTCHECK_SHARED_DATA)


def fnc1_split(body_id: str) -> str:
    return "dev" if zlib.crc32(str(body_id).strip().encode()) % FNC1_DEV_MODULUS == 0 else "train"


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    # SNLI ships tokenised text ("packages ."); news text is not.
    return re.sub(r" ([.,;:!?'])", r"\1", text).replace(" n't", "n't")


def _row(a, b, label, source, kind=""):
    return {"text_a": _clean(a), "text_b": _clean(b), "label": int(label), "source": source, "kind": kind}


def _tsv(path: Path) -> Iterator[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _csv(path: Path) -> Iterator[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])[\"']?\s+(?=[\"'A-Z0-9])", re.sub(r"\s+", " ", text).strip())
    return [p.strip() for p in parts if 15 <= len(p.strip()) <= 400]


def _truncate_words(text: str, limit: int = 80) -> str:
    words = text.split()
    return " ".join(words[:limit])


def load_nli(root: Path) -> list[dict]:
    rows = []
    for name in ("snli_1.0_dev.jsonl", "snli_1.0_test.jsonl"):
        for r in _jsonl(root / "nli/snli_dev_test" / name):
            rows.append(_row(r["premise"], r["hypothesis"], r["label"] == "contradiction", "snli", r["label"]))
    for r in _tsv(root / "nli/taxinli_mnli/taxinli10k.tsv"):
        if r["label"] in ("entailment", "neutral", "contradiction"):
            rows.append(_row(r["prem"], r["hyp"], r["label"] == "contradiction", "mnli", r["label"]))
    for r in _tsv(root / "nli/sick/SICK.txt"):
        if r["SemEval_set"] in ("TRAIN", "TRIAL"):
            label = r["entailment_label"].lower()
            rows.append(_row(r["sentence_A"], r["sentence_B"], label == "contradiction", "sick", label))
    return rows


def load_fnc1_train(root: Path, rng: random.Random) -> list[dict]:
    """Headline vs the two body sentences closest to it (TF-IDF); disagree is the contradiction."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    bodies = {r["Body ID"]: r["articleBody"] for r in _csv(root / "fnc1/train_bodies.csv")}
    stances = [r for r in _csv(root / "fnc1/train_stances.csv") if fnc1_split(r["Body ID"]) == "train"]
    keep = {"disagree": 1.0, "agree": 0.5, "discuss": 0.2, "unrelated": 0.03}
    chosen = [r for r in stances if rng.random() < keep[r["Stance"]]]
    vectorizer = TfidfVectorizer(stop_words="english").fit(list(bodies.values()))
    rows = []
    for r in chosen:
        sentences = _sentences(bodies[r["Body ID"]])
        if not sentences:
            continue
        sims = (vectorizer.transform(sentences) @ vectorizer.transform([r["Headline"]]).T).toarray().ravel()
        top = [sentences[i] for i in sims.argsort()[::-1][:2]]
        rows.append(_row(r["Headline"], " ".join(top), r["Stance"] == "disagree", "fnc1", r["Stance"]))
    return rows


def load_claim_sets(root: Path) -> list[dict]:
    rows = []
    for r in _tsv(root / "covidfact/train.tsv"):
        rows.append(_row(_truncate_words(r["sentence1"]), r["Sentence2"], r["label"] == "not_entailment", "covidfact"))
    for r in _tsv(root / "citint/citint_train_pairs.tsv"):
        if r["evidence_type"] == "rationale":
            rows.append(_row(r["claim"], _truncate_words(r["evidence"]), r["label"] == "REFUTE", "citint"))
    for r in _tsv(root / "check_covid/check_covid_train.tsv"):
        rows.append(_row(r["claim"], _truncate_words(r["evidence"]), r["label"] == "REFUTE", "check_covid"))
    for r in _tsv(root / "perspectrum/claim_perspective_train.tsv"):
        rows.append(_row(r["claim"], r["perspective"], r["stance_label_3"] == "UNDERMINE", "perspectrum"))
    for r in _tsv(root / "ibm_claim_stance/topic_claim_train.tsv"):
        topic = r["topic"].removeprefix("This house believes that ").removeprefix("This house ")
        rows.append(_row(_cap(topic), r["claim"], r["stance"] == "CON", "ibm_stance"))
    for r in _jsonl(root / "fever_symmetric/fever_symmetric_dev.jsonl"):
        rows.append(_row(r["evidence"], r["claim"], r["label"] == "REFUTES", "fever_sym"))
    for r in _csv(root / "healthver/healthver_dev.csv"):
        rows.append(_row(_truncate_words(r["evidence"]), r["claim"], r["label"] == "Refutes", "healthver"))
    return rows


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


COLOURS = ["red", "blue", "green", "yellow", "black", "white", "orange", "purple", "pink", "brown", "grey"]
COUNT_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
DEMONYMS = [d for _, d in COUNTRIES]
COUNTRY_NAMES = [c for c, _ in COUNTRIES]


def word_swaps(rows: list[dict], rng: random.Random, limit: int) -> list[dict]:
    """One word of a real sentence swapped for another of its class: a contradiction.

    Teaches that a changed colour, count, nationality or an antonym is a clash even when every
    other word matches (captions and news alike).
    """
    classes = [COLOURS, COUNT_WORDS, DEMONYMS, COUNTRY_NAMES]
    out = []
    # dict, not set: the order must not depend on the interpreter's string hashing.
    sentences = list(dict.fromkeys(r["text_a"] for r in rows if 20 < len(r["text_a"]) < 220))
    rng.shuffle(sentences)
    for sentence in sentences:
        if len(out) >= limit:
            break
        words = sentence.split(" ")
        spots = []
        for i, w in enumerate(words):
            core = w.strip(".,;:!?\"'")
            for cls in classes:
                # Colour words only in lower case: "White House" is a name, not a colour.
                if core in cls or (cls is not COLOURS and core.lower() in [c.lower() for c in cls]):
                    spots.append((i, core, [c for c in cls if c.lower() != core.lower()]))
            for x, y in ANTONYM_SWAPS:
                if core.lower() == x:
                    spots.append((i, core, [y]))
                elif core.lower() == y:
                    spots.append((i, core, [x]))
        if not spots:
            continue
        i, core, options = rng.choice(spots)
        new = rng.choice(options)
        if core[0].isupper():
            new = _cap(new)
        swapped = " ".join([*words[:i], words[i].replace(core, new), *words[i + 1 :]])
        out.append(_row(sentence, swapped, 1, "word_swap", "swap"))
    return out


def build_scorer_data(*, seed: int, news_rounds: int = 60, calib_fraction: float = 0.1, log=print) -> dict:
    """All training rows, both orders, split into train and calibration; returns {split: rows}."""
    root = data_dir()
    if not root.is_dir():
        raise FileNotFoundError(f"The shared data folder {root} does not exist (FACTCHECK_SHARED_DATA).")
    rng = random.Random(seed)
    nli = load_nli(root)
    fnc = load_fnc1_train(root, rng)
    claims = load_claim_sets(root)
    swaps = word_swaps(nli, rng, limit=4000)
    news = [
        _row(p.text_a, p.text_b, p.label, "news_gen", p.kind)
        for p in generate_news_pairs(seed=seed, rounds=news_rounds)
    ]
    groups = {"nli": nli, "fnc1": fnc, "claims": claims, "swaps": swaps, "news": news}
    for name, rows in groups.items():
        log(f"{name}: {len(rows)} pairs, {sum(r['label'] for r in rows)} contradictions")

    # Split by first text, so no premise sits on both sides, then add the reverse order.
    splits = {"train": [], "calib": []}
    for rows in groups.values():
        for r in rows:
            key = zlib.crc32(f"{seed}:{r['text_a']}".encode()) / 2**32
            split = "calib" if key < calib_fraction else "train"
            splits[split].append(r)
            splits[split].append({**r, "text_a": r["text_b"], "text_b": r["text_a"]})
    for rows in splits.values():
        rng.shuffle(rows)
    for split, rows in splits.items():
        by_source = Counter(r["source"] for r in rows)
        log(f"{split}: {len(rows)} rows ({sum(r['label'] for r in rows)} contradictions); {dict(by_source)}")
    return splits


def write_scorer_data(splits: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for split, rows in splits.items():
        with (out / f"{split}.jsonl").open("w", encoding="utf-8") as handle:
            for r in rows:
                handle.write(json.dumps(r, ensure_ascii=False) + "\n")


def read_scorer_data(folder: Path, split: str) -> list[dict]:
    return list(_jsonl(folder / f"{split}.jsonl"))
