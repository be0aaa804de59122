"""Editors' verdicts on claim pairs."""

import numpy as np
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from factcheck.models import ClaimPair, Embedding, Review, Statement, Verdict, pairing_problem
from factcheck.selectors import forget_clash_counts
from factcheck.services.matcher import embeddings

REVIEW_PERMISSION = "factcheck.add_review"


def can_review(user: AbstractBaseUser) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(REVIEW_PERMISSION)


def record_verdict(*, pair: ClaimPair, user: AbstractBaseUser, verdict: str, note: str = "") -> Review:
    """Append a review to the pair's history and make its verdict the pair's status.

    The pair row is locked while the review is written, so two editors judging the same pair
    at once both land in the history and the status is the later of the two.
    """
    if not can_review(user):
        raise PermissionDenied("Only editors may record verdicts.")
    with transaction.atomic():
        locked = ClaimPair.objects.select_for_update().get(pk=pair.pk)
        review = Review(pair=locked, user=user, verdict=verdict, note=note.strip())
        review.full_clean()
        review.save()
        latest = locked.reviews.order_by("-created_at", "-pk").values_list("verdict", flat=True)[0]
        locked.status = latest
        locked.save(update_fields=["status", "updated_at"])
    forget_clash_counts()  # the source list's counts (a rollback only makes them be counted again)
    pair.status = locked.status
    return review


def flag_pair(*, statement: Statement, other: Statement, user: AbstractBaseUser, note: str = "") -> ClaimPair:
    """Pair two statements the matcher missed and confirm the pair, with the editor's review: two
    sources, or one source in two documents (a self-contradiction).

    The similarity comes from stored embeddings when both have one; the next `match` run adds
    the scorer's figures and, as always, keeps the verdict.
    """
    if not can_review(user):
        raise PermissionDenied("Only editors may flag contradictions.")
    if problem := pairing_problem(statement, other):
        raise ValidationError(problem)
    a, b = sorted([statement, other], key=lambda s: s.pk)
    with transaction.atomic():
        pair, _ = ClaimPair.objects.get_or_create(
            statement_a=a, statement_b=b, defaults={"similarity": stored_similarity(a, b), "cues": {"flagged": True}}
        )
        record_verdict(pair=pair, user=user, verdict=Verdict.CONFIRMED, note=note)
    return pair


def stored_similarity(a: Statement, b: Statement) -> float | None:
    vectors = dict(
        Embedding.objects.filter(statement__in=[a, b], model_name=embeddings.model_name()).values_list(
            "statement_id", "vector"
        )
    )
    if len(vectors) < 2:
        return None
    va, vb = (np.frombuffer(vectors[s.pk], dtype=np.float32) for s in (a, b))
    return float(va @ vb)
