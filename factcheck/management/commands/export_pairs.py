import json

from django.core.management.base import BaseCommand
from django.db.models import Prefetch

from factcheck.models import ClaimPair, Review


class Command(BaseCommand):
    help = (
        "Write every pair as JSON lines, highest contradiction score first: "
        '{"id", "a": {"id", "source", "text"}, "b": {...}, "similarity", "contradiction", "kind", '
        '"status", "reviews": [{"verdict", "user", "note", "at"}]}.'
    )

    def handle(self, *args, **options):
        pairs = (
            ClaimPair.objects.select_related("statement_a__source", "statement_b__source")
            .prefetch_related(
                Prefetch("reviews", queryset=Review.objects.select_related("user").order_by("created_at", "pk"))
            )
            .order_by("-contradiction", "pk")
        )
        for pair in pairs.iterator(chunk_size=1000):
            record = {
                "id": pair.pk,
                "a": statement_record(pair.statement_a),
                "b": statement_record(pair.statement_b),
                "similarity": pair.similarity,
                "contradiction": pair.contradiction,
                "kind": pair.kind,
                "status": pair.status,
                "reviews": [
                    {
                        "verdict": review.verdict,
                        "user": review.user.get_username(),
                        "note": review.note,
                        "at": review.created_at.isoformat(),
                    }
                    for review in pair.reviews.all()
                ],
            }
            self.stdout.write(json.dumps(record, ensure_ascii=False))


def statement_record(statement) -> dict:
    return {"id": statement.pk, "source": statement.source.name, "text": statement.text}
