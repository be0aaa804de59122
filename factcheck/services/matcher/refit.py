"""Editors teach the scorer: its combination refitted from their verdicts.

The scorer's probability is a logistic regression over the cross-encoder's logits (both ways), the
cosine and the cue rules (`scoring.features`), fitted offline on in-domain rows. Once editors have
confirmed and dismissed enough pairs (`MIN_EACH` of each), `refit_combination` fits the same
regression on those verdicts and compares it with the combination in force by `FOLDS`-fold
cross-validation (log loss, ROC AUC, F1 at a threshold chosen inside each fold). The refit is
stored either way and adopted only when its cross-validated log loss is lower and its F1 no lower
(`is_better`); else the previous combination stays in force.

Verdicts are on pairs that were stored, that is above the threshold of their day: a refit learns
to tell contradictions among those, not what lies below.
"""

import hashlib
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction

from factcheck.models import ClaimPair, ScorerRefit
from factcheck.services.matcher.scoring import Scorer, cosine_similarities, scorer_in_force, sigmoid

MIN_EACH = 20  # confirmed and dismissed pairs each before a refit is tried
FOLDS = 5
REGULARISATION = 1.0  # sklearn's C: verdicts are few, the fit must not chase them


@dataclass
class Verdicts:
    x: np.ndarray
    y: np.ndarray
    folds: np.ndarray


def reviewed_pairs() -> list[ClaimPair]:
    """Pairs an editor confirmed or dismissed, oldest first."""
    return list(
        ClaimPair.objects.filter(status__in=[ClaimPair.Status.CONFIRMED, ClaimPair.Status.DISMISSED])
        .select_related("statement_a", "statement_b")
        .order_by("pk")
    )


def read_verdicts(scorer: Scorer, pairs: list[ClaimPair]) -> Verdicts:
    """The combination's inputs for each reviewed pair, read again from the texts (a pair flagged by
    hand has no score of its own), and its label."""
    texts = [(p.statement_a.text, p.statement_b.text) for p in pairs]
    missing = [i for i, p in enumerate(pairs) if p.similarity is None]
    cosines = [p.similarity for p in pairs]
    for i, value in zip(missing, cosine_similarities([texts[i] for i in missing]), strict=True):
        cosines[i] = value
    x = scorer.pair_features(texts, cosines)
    y = np.array([p.status == ClaimPair.Status.CONFIRMED for p in pairs])
    folds = np.array([int(hashlib.sha256(str(p.pk).encode()).hexdigest()[:8], 16) % FOLDS for p in pairs])
    return Verdicts(x, y, folds)


def _fit(x: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=REGULARISATION, max_iter=2000).fit(x, y)


def _f1(called: np.ndarray, labels: np.ndarray) -> float:
    both = called.sum() + labels.sum()
    return float(2 * (called & labels).sum() / both) if both else 0.0


def best_f1_threshold(probs: np.ndarray, labels: np.ndarray) -> float:
    best, best_t = -1.0, 0.5
    for t in np.unique(np.round(probs, 3)):
        f1 = _f1(probs >= t, labels)
        if f1 > best:
            best, best_t = f1, float(t)
    return best_t


def figures(probs: np.ndarray, called: np.ndarray, labels: np.ndarray) -> dict:
    from sklearn.metrics import log_loss, roc_auc_score

    return {
        "log_loss": round(float(log_loss(labels, np.clip(probs, 1e-6, 1 - 1e-6), labels=[False, True])), 4),
        "auc": round(float(roc_auc_score(labels, probs)), 4),
        "f1": round(_f1(called, labels), 4),
    }


def cross_validate(scorer: Scorer, verdicts: Verdicts) -> tuple[dict, dict]:
    """Held-out figures of the combination in force (its own threshold) and of a refit (fitted and
    thresholded without the held-out fold)."""
    x, y, folds = verdicts.x, verdicts.y, verdicts.folds
    current = sigmoid(x @ scorer.coef + scorer.intercept)
    refit = np.zeros(len(y))
    refit_called = np.zeros(len(y), dtype=bool)
    for k in range(FOLDS):
        fit, held = folds != k, folds == k
        if not held.any():
            continue
        if len(set(y[fit])) < 2:
            raise ValidationError(f"Fold {k} leaves only one kind of verdict to fit on; add more verdicts.")
        model = _fit(x[fit], y[fit])
        threshold = best_f1_threshold(model.predict_proba(x[fit])[:, 1], y[fit])
        refit[held] = model.predict_proba(x[held])[:, 1]
        refit_called[held] = refit[held] >= threshold
    return figures(current, current >= scorer.threshold, y), figures(refit, refit_called, y)


def is_better(before: dict, after: dict) -> bool:
    """A refit is adopted when, cross-validated, its probabilities are better (lower log loss)
    and its calls no worse (F1 at a threshold chosen inside each fold)."""
    return after["log_loss"] < before["log_loss"] and after["f1"] >= before["f1"]


@dataclass
class Refit:
    record: ScorerRefit
    scores: dict[int, float]  # the reviewed pairs' probabilities under the refit, by pair id


def refit_combination(scorer: Scorer | None = None) -> Refit:
    """Refit the combination from the verdicts, store the result, adopt it if cross-validation says
    it is better. Raises ValidationError (nothing stored) when there are too few verdicts.

    `scores`: what the next `match --rebuild` will store for the reviewed pairs, so that the
    pairing threshold can be set on them in the same run."""
    scorer = scorer or scorer_in_force()
    pairs = reviewed_pairs()
    confirmed = sum(p.status == ClaimPair.Status.CONFIRMED for p in pairs)
    dismissed = len(pairs) - confirmed
    if confirmed < MIN_EACH or dismissed < MIN_EACH:
        raise ValidationError(
            f"Not enough verdicts to refit the scorer: {confirmed} confirmed and {dismissed} dismissed pairs; "
            f"at least {MIN_EACH} of each are needed."
        )
    verdicts = read_verdicts(scorer, pairs)
    before, after = cross_validate(scorer, verdicts)
    model = _fit(verdicts.x, verdicts.y)
    probs = model.predict_proba(verdicts.x)[:, 1]
    record = ScorerRefit(
        base_version=scorer.base_version,
        features=list(scorer.feature_names),
        coef=[round(float(c), 6) for c in model.coef_[0]],
        intercept=round(float(model.intercept_[0]), 6),
        threshold=best_f1_threshold(probs, verdicts.y),
        confirmed=confirmed,
        dismissed=dismissed,
        before=before,
        after=after,
        adopted=is_better(before, after),
    )
    with transaction.atomic():
        record.full_clean()
        record.save()
    return Refit(record, {p.pk: float(v) for p, v in zip(pairs, probs, strict=True)})
