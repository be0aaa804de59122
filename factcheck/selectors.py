"""Read-side queries the views use, with the joins they need."""

from django.db.models import QuerySet

from factcheck.models import ClaimPair


def pairs_for_list() -> QuerySet[ClaimPair]:
    return ClaimPair.objects.select_related(
        "statement_a__source", "statement_a__document", "statement_b__source", "statement_b__document"
    )
