"""The stance model (`corpus/extraction/stance.py`): made from the real-news gold, measured honestly.

Rows: every statement of the attribution gold's **working** part (its span of the article, the
words that introduce it, the labeller's stance; `other` and `contentless` both mean "nothing
checkable"). The sealed part is never read here: `evaluate_extraction` scores the shipped model on
it.

Measured by cross-validation over articles (5 folds by a hash of the article key): the model is fit
on the gold statements of four folds and scores the claims *extraction* finds in the fifth (its
spans, not the gold's), against the rules' stance of the same claims. Its regularisation and class
weighting are chosen inside each training fold (4 inner folds, by macro-F1 over denial, hedge and
contentless), never on the figure reported.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.test import override_settings
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from factcheck.lab.attribution_quality import GOLD_STANCE, evaluate_part, read_gold
from factcheck.lab.attribution_quality import gold_stance as gold_word
from factcheck.lab.realnews import GOLD, article, data_dir
from factcheck.services.corpus.extraction.stance import StanceModel, feature_matrix, lead_in

MINORITY = ("denial", "hedge", "contentless")
GOLD_TO_STANCE = {word: stance for stance, word in GOLD_STANCE.items()}  # "other" is contentless
# (C, the weight of a written newsclaims side against a real statement); classes always balanced:
# every fold of a first grid with plain weights too chose balanced.
GRID = [(c, written) for c in (3.0, 10.0) for written in (0.0, 0.3, 1.0)]
WRITTEN = "newsclaims:"  # the key prefix of the written rows: trained on, never scored
FOLDS, INNER_FOLDS = 5, 4


@dataclass(frozen=True)
class Row:
    key: str  # the article
    words: str
    lead: str
    stance: str  # a StatementStance value
    rules: str = ""  # the rules' stance (extracted claims only)

    @property
    def written(self) -> bool:
        """A written newsclaims side: trained on, never scored."""
        return self.key.startswith(WRITTEN)


def gold_stance(statement: dict) -> str:
    return GOLD_TO_STANCE[gold_word(statement)]


def gold_rows(part: str = "working") -> Rows:
    rows = []
    for entry in read_gold(part):
        text = article(entry["key"]).text
        for s in entry["statements"]:
            rows.append(Row(entry["key"], text[s["start"] : s["end"]], lead_in(text, s["start"]), gold_stance(s)))
    return Rows.of(rows + newsclaims_rows())


def newsclaims_rows() -> list[Row]:
    """Both sides of newsclaims_train's denial, hedge, contentless, both-deny and negation pairs,
    each labelled on its own by reading (`lab/gold/newsclaims_stance.jsonl`; the texts are read
    from the shared data). Written for this project: they teach the idioms ("we do not comment
    on rumours"), they are never scored."""
    with (data_dir() / "newsclaims_train/newsclaims_train.csv").open(encoding="utf-8", newline="") as handle:
        texts = {(row["id"], side): row[f"text_{side}"] for row in csv.DictReader(handle) for side in "ab"}
    rows = []
    for line in (GOLD / "newsclaims_stance.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        text = texts[(label["id"], label["side"])]
        rows.append(Row(f"{WRITTEN}{label['id']}", text, "", gold_stance(label)))
    return rows


def extracted_rows(part: str = "working") -> Rows:
    """The claims extraction finds (with the rules' stance) that lie inside a gold statement."""
    with override_settings(FACTCHECK_STANCE_MODEL=""):
        report = evaluate_part(part)
    rows = []
    for result in report.results:
        text = article(result.key).text
        for i in result.correct:
            claim = result.predicted[i]
            stance = gold_stance(result.gold[result.gold_of[i]])
            rows.append(
                Row(result.key, text[claim.start : claim.end], lead_in(text, claim.start), stance, claim.stance)
            )
    return Rows.of(rows)


def fold_of(key: str, folds: int, salt: str = "stance") -> int:
    return int(hashlib.sha256(f"{salt}:{key}".encode()).hexdigest(), 16) % folds


@dataclass
class Rows:
    """Rows with their features computed once (the folds and the grid slice them)."""

    rows: list[Row]
    features: sparse.csr_matrix

    @classmethod
    def of(cls, rows: list[Row]) -> Rows:
        return cls(rows, feature_matrix([(r.words, r.lead) for r in rows]))

    def subset(self, index: list[int]) -> Rows:
        return Rows([self.rows[i] for i in index], self.features[index])

    def stances(self, index: list[int]) -> list[str]:
        return [self.rows[i].stance for i in index]

    def fold(self, k: int, folds: int, salt: str = "stance", *, inside: bool) -> list[int]:
        """The rows of fold k (inside) or of the other folds; the written rows are never inside."""
        return [i for i, r in enumerate(self.rows) if (not r.written and fold_of(r.key, folds, salt) == k) == inside]


def fit(rows: Rows, index: list[int], c: float, written: float) -> StanceModel:
    index = [i for i in index if written or not rows.rows[i].written]
    weights = [written if rows.rows[i].written else 1.0 for i in index]
    lr = LogisticRegression(C=c, class_weight="balanced", solver="newton-cg", max_iter=1000)  # 15x lbfgs here
    lr.fit(rows.features[index], rows.stances(index), sample_weight=weights)
    if len(lr.classes_) < 3:
        raise ValueError(f"The rows hold only the stances {list(lr.classes_)}: too few to train on.")
    real = sum(1 for i in index if not rows.rows[i].written)
    version = f"stance-lr-c{c:g}-{real}real-{len(index) - real}x{written:g}written"
    return StanceModel(tuple(str(s) for s in lr.classes_), lr.coef_, lr.intercept_, version)


def predict(model: StanceModel, rows: Rows, index: list[int]) -> list[str]:
    return [model.classes[i] for i in model.probabilities_of(rows.features[index]).argmax(axis=1)]


def macro_f1(gold: list[str], said: list[str]) -> float:
    return float(f1_score(gold, said, labels=list(MINORITY), average="macro", zero_division=0))


def choose(rows: Rows, index: list[int]) -> tuple[float, float]:
    """The grid point with the best inner cross-validated macro-F1 on these gold rows."""
    inner = rows.subset(index)

    def inner_score(c, weight) -> float:
        gold, said = [], []
        for k in range(INNER_FOLDS):
            test = inner.fold(k, INNER_FOLDS, "inner", inside=True)
            if test:
                gold += inner.stances(test)
                said += predict(fit(inner, inner.fold(k, INNER_FOLDS, "inner", inside=False), c, weight), inner, test)
        return macro_f1(gold, said)

    return max(GRID, key=lambda point: inner_score(*point))


@dataclass
class CrossValidation:
    rows: list[Row]  # the extracted claims scored
    said: list[str]  # the model's stance of each, from the fold that did not see its article
    chosen: list[tuple[float, float]]  # each fold's grid point


def cross_validate(gold: Rows, extracted: Rows, progress: Callable[[int], None] = lambda k: None):
    said: dict[int, str] = {}
    chosen = []
    for k in range(FOLDS):
        train = gold.fold(k, FOLDS, inside=False)
        test = extracted.fold(k, FOLDS, inside=True)
        point = choose(gold, train)
        chosen.append(point)
        for i, stance in zip(test, predict(fit(gold, train, *point), extracted, test), strict=True):
            said[i] = stance
        progress(k + 1)
    return CrossValidation(extracted.rows, [said[i] for i in range(len(extracted.rows))], chosen)


def summary(name: str, gold: list[str], said: list[str]) -> str:
    agree = sum(g == s for g, s in zip(gold, said, strict=True)) / len(gold) if gold else 0.0
    pieces = [f"{name}: claims={len(gold)} agree={agree:.3f} macro_f1={macro_f1(gold, said):.3f}"]
    for stance in MINORITY:
        right = sum(g == s == stance for g, s in zip(gold, said, strict=True))
        pieces.append(f"{stance}: gold={gold.count(stance)} called={said.count(stance)} right={right}")
    return "; ".join(pieces)
