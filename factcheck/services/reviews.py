"""Editors' verdicts on claim pairs."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from factcheck.models import ClaimPair, Review

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
    pair.status = locked.status
    return review
