import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch

from factcheck.models import ClaimPair, Review

LABELS = {"confirmed": "contradiction", "dismissed": "compatible"}


class Command(BaseCommand):
    help = (
        "Write the pairs editors confirmed or dismissed as a CSV with columns "
        "text_a,text_b,label,source_a,source_b,reviewer,at (label: contradiction or compatible; the "
        "latest verdict counts; unclear pairs are left out). `evaluate pairs` reads it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.csv")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent}: no such folder.")
        latest = Review.objects.select_related("user").order_by("-created_at", "-pk")
        pairs = (
            ClaimPair.objects.filter(status__in=LABELS)
            .select_related("statement_a__source", "statement_b__source")
            .prefetch_related(Prefetch("reviews", queryset=latest))
            .order_by("pk")
        )
        count = 0
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["text_a", "text_b", "label", "source_a", "source_b", "reviewer", "at"])
            for pair in pairs.iterator(chunk_size=1000):
                review = pair.reviews.all()[0]
                writer.writerow(
                    [
                        pair.statement_a.text,
                        pair.statement_b.text,
                        LABELS[pair.status],
                        pair.statement_a.source.name,
                        pair.statement_b.source.name,
                        review.user.get_username(),
                        review.created_at.isoformat(),
                    ]
                )
                count += 1
        self.stdout.write(f"Wrote {count} reviewed pairs to {path}.")
