import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from factcheck.services.interchange.claimreview import import_claims, read_claimreview_feed


class Command(BaseCommand):
    help = (
        "Read a schema.org ClaimReview feed (a DataFeed, a list or one ClaimReview, as JSON-LD) as statements: "
        "each reviewed claim and each claim cited as evidence becomes a statement of its author, with where "
        "it appeared as a document reference. Claims already stored are skipped. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.json")

    def handle(self, *args, file: str, **options):
        started = time.monotonic()
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            result = import_claims(rows=read_claimreview_feed(path.read_bytes()))
        except ValidationError as error:
            messages = error.messages
            raise CommandError(
                f"{file}: nothing imported, {len(messages)} problem(s):\n" + "\n".join(f"  {m}" for m in messages[:50])
            ) from None
        sources = len({s.source_id for s in result.created})
        self.stdout.write(
            f"Imported {len(result.created)} statements from {sources} sources; {result.already_stored} already "
            f"stored ({time.monotonic() - started:.1f}s)."
        )
