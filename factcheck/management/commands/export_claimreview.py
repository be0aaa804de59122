import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from tqdm import tqdm

from factcheck.management.progress import stream
from factcheck.services.interchange.claimreview import confirmed_pairs, feed


class Command(BaseCommand):
    help = (
        "Write every confirmed pair as schema.org ClaimReview (two per pair: each side reviewed, the other "
        "as its evidence) in one JSON-LD DataFeed. Links point at --base-url (FACTCHECK_SITE_URL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.json", help="where to write the feed; - for standard output")
        parser.add_argument(
            "--base-url",
            default=settings.FACTCHECK_SITE_URL,
            help=f"the site's address, for the links in the feed (default {settings.FACTCHECK_SITE_URL})",
        )

    def handle(self, *args, file: str, base_url: str, verbosity: int, **options):
        started = time.monotonic()
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(f"--base-url {base_url!r} is not an http(s) address.")
        path = None if file == "-" else Path(file)
        if path is not None and not path.parent.is_dir():
            raise CommandError(f"{path.parent}: no such folder.")
        pairs = confirmed_pairs()
        total = pairs.count()
        progress = tqdm(
            pairs.iterator(chunk_size=500),
            total=total,
            unit=" pairs",
            file=stream(self.stderr),
            disable=verbosity < 1 or total < 100,
        )
        data = feed(progress, site_url=base_url)
        text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
        if path is None:
            self.stdout.write(text)
            return
        path.write_text(text + "\n", encoding="utf-8")
        self.stdout.write(
            f"Wrote {len(data['dataFeedElement'])} ClaimReviews of {total} confirmed pairs to {path} "
            f"({time.monotonic() - started:.1f}s)."
        )
