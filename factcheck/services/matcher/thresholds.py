"""The pairing threshold, learned from editors' verdicts, and how often editors agree with the scorer."""

import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count

from factcheck.models import ClaimPair, PairingThreshold

MIN_EACH = 5  # verdicts of each kind needed before a threshold means anything


def pairing_threshold() -> float:
    """The calibrated threshold in force, else FACTCHECK_MIN_CONTRADICTION."""
    latest = PairingThreshold.objects.order_by("-created_at", "-pk").values_list("threshold", flat=True).first()
    return settings.FACTCHECK_MIN_CONTRADICTION if latest is None else latest


def calibrate_threshold(*, recall_target: float = 0.95, scores: dict[int, float] | None = None) -> PairingThreshold:
    """The highest threshold that keeps `recall_target` of the confirmed pairs; stored and put in force.

    Only pairs an editor confirmed or dismissed count. They were stored because they passed the
    threshold of their day, so this can raise the threshold but not see below the old one.
    `scores` (pair id → score) stand for the stored ones: a refit's scores before `match --rebuild`.
    """
    if not 0 < recall_target <= 1:
        raise ValidationError("The recall target must be above 0 and at most 1.")
    reviewed = ClaimPair.objects.filter(status__in=["confirmed", "dismissed"])
    by_status = {"confirmed": [], "dismissed": []}
    for pk, status, stored in reviewed.values_list("pk", "status", "contradiction"):
        score = scores.get(pk, stored) if scores is not None else stored
        if score is not None:
            by_status[status].append(score)
    confirmed = sorted(by_status["confirmed"], reverse=True)
    dismissed = by_status["dismissed"]
    if len(confirmed) < MIN_EACH or len(dismissed) < MIN_EACH:
        raise ValidationError(
            f"Not enough verdicts to calibrate: {len(confirmed)} confirmed and {len(dismissed)} dismissed pairs "
            f"with scores; at least {MIN_EACH} of each are needed."
        )
    keep = max(1, math.ceil(recall_target * len(confirmed) - 1e-9))  # how many confirmed pairs stay above
    threshold = confirmed[keep - 1]
    record = PairingThreshold(
        threshold=threshold,
        recall_target=recall_target,
        recall=sum(score >= threshold for score in confirmed) / len(confirmed),
        false_positive_rate=sum(score >= threshold for score in dismissed) / len(dismissed),
        confirmed=len(confirmed),
        dismissed=len(dismissed),
    )
    record.full_clean()
    record.save()
    return record


@dataclass
class Agreement:
    low: float
    high: float
    confirmed: int
    dismissed: int

    @property
    def reviewed(self) -> int:
        return self.confirmed + self.dismissed

    @property
    def confirmed_share(self) -> float:
        return self.confirmed / self.reviewed if self.reviewed else 0.0


def agreement_near(score: float | None, *, width: float = 0.1) -> Agreement | None:
    """Editors' verdicts on pairs scored in the same band as `score` (e.g. 0.8 to 0.9)."""
    if score is None:
        return None
    low = round(min(math.floor(score / width + 1e-9) * width, 1 - width), 2)
    high = round(low + width, 2)

    def count():
        reviewed = ClaimPair.objects.filter(
            status__in=["confirmed", "dismissed"],
            contradiction__gte=low,
            contradiction__lt=high + (1e-9 if high >= 1 else 0),
        )
        return dict(reviewed.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))

    # Verdicts accumulate slowly; counting them once a minute per band is plenty.
    counts = cache.get_or_set(f"factcheck:agreement:{low}:{high}", count, 60)
    return Agreement(low, high, counts.get("confirmed", 0), counts.get("dismissed", 0))
