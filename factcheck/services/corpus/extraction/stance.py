"""What a claim does with what it says: asserts it, denies it, hedges, or says nothing checkable.

A small model, not a word list: logistic regression over the lexicon's reading of the claim's own
words and of the words that introduce it ("a Pentagon official denied that …", "insisted that …"),
plus hashed words and word pairs of both. It is trained on the real-news attribution gold's working
part (`python manage.py train_stance`; the sealed part only scores it) and stored as one small
file (`FACTCHECK_STANCE_MODEL`).

Why not the rules alone: they never say "nothing checkable" (a question, thanks, a request,
"we are not going to confirm the identity of anyone at this stage"), and a negation word makes
a denial of many plain statements ("I have never done a procedure like that on a goldfish").
The rules stay in as features, so what they read right is kept.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

from factcheck.services.matcher.core import is_contentless
from factcheck.services.matcher.lexicon import read

STANCES = ("assertion", "contentless", "denial", "hedge")  # StatementStance values, sorted
KINDS = ("affirm", "deny", "hedge", "conditional", "guess")  # lexicon.Reading kinds
LEAD_CHARS = 120  # how far back the words that introduce a claim are looked for
RULE_WEIGHT = 2.0  # the rule features against the unit-norm word features

_WORDS = HashingVectorizer(n_features=2**14, ngram_range=(1, 2), alternate_sign=False, norm="l2")
_LEAD_WORDS = HashingVectorizer(n_features=2**12, ngram_range=(1, 1), alternate_sign=False, norm="l2")


@dataclass(frozen=True)
class StanceCall:
    stance: str  # a StatementStance value
    probability: float  # the model's probability of that stance


def lead_in(text: str, start: int) -> str:
    """The words of the claim's sentence before it: where its verb ("denied that") is."""
    before = text[max(0, start - LEAD_CHARS) : start]
    cut = max(before.rfind(". "), before.rfind("\n"), before.rfind("? "), before.rfind("! "))
    return before[cut + 1 :] if cut >= 0 else before


def rule_features(words: str, lead: str) -> list[float]:
    own = read(words)
    intro = read(lead) if lead.strip() else None
    features = [float(own.kind == kind) for kind in KINDS]
    features += [min(len(hits), 2) / 2 for hits in (own.hedges, own.denials, own.negations)]
    features += [float(intro is not None and intro.kind == kind) for kind in KINDS]
    features += [float(bool(intro and intro.denials)), float(bool(intro and intro.hedges))]
    features += [float(is_contentless(words)), float("?" in words), float(len(words.split()) <= 6)]
    return features


def feature_matrix(items: list[tuple[str, str]]) -> sparse.csr_matrix:
    """One row per (claim words, lead-in words)."""
    rules = sparse.csr_matrix(np.array([rule_features(w, lead) for w, lead in items], dtype=np.float64))
    own = _WORDS.transform([w for w, _ in items])
    lead = _LEAD_WORDS.transform([lead for _, lead in items])
    return sparse.hstack([rules * RULE_WEIGHT, own, lead]).tocsr()


@dataclass(frozen=True)
class StanceModel:
    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray  # (classes,)
    version: str

    def probabilities(self, items: list[tuple[str, str]]) -> np.ndarray:
        return self.probabilities_of(feature_matrix(items))

    def probabilities_of(self, features: sparse.csr_matrix) -> np.ndarray:
        logits = features @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)

    def calls(self, items: list[tuple[str, str]]) -> list[StanceCall]:
        if not items:
            return []
        probabilities = self.probabilities(items)
        best = probabilities.argmax(axis=1)
        return [
            StanceCall(self.classes[i], round(float(row[i]), 3)) for i, row in zip(best, probabilities, strict=True)
        ]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            np.savez_compressed(
                out,
                classes=np.array(self.classes),
                coef=self.coef.astype(np.float32),
                intercept=self.intercept.astype(np.float32),
                version=np.array(self.version),
            )


def load(path: Path) -> StanceModel:
    try:
        with np.load(path, allow_pickle=False) as stored:
            model = StanceModel(
                tuple(str(c) for c in stored["classes"]),
                stored["coef"].astype(np.float64),
                stored["intercept"].astype(np.float64),
                str(stored["version"]),
            )
    except (OSError, KeyError, ValueError) as error:
        raise ImproperlyConfigured(
            f"FACTCHECK_STANCE_MODEL ({path}) is not a stance model: {error}. "
            "Make one with `python manage.py train_stance`."
        ) from error
    if set(model.classes) - set(STANCES) or model.coef.shape[1] != feature_matrix([("a", "")]).shape[1]:
        raise ImproperlyConfigured(f"FACTCHECK_STANCE_MODEL ({path}) was made for other features; retrain it.")
    return model


@lru_cache(maxsize=2)
def _model_at(path: str) -> StanceModel:
    return load(Path(path))


def model() -> StanceModel:
    return _model_at(str(settings.FACTCHECK_STANCE_MODEL))


def stances_of(text: str, spans: list[tuple[int, int]]) -> list[StanceCall]:
    """The stance of each claim `text[start:end]` of a document, read with its lead-in."""
    return model().calls([(text[start:end], lead_in(text, start)) for start, end in spans])
