import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from factcheck.management.progress import StageBars
from factcheck.services.matcher.distributed import match_distributed
from factcheck.services.matcher.matching import match_statements


class Command(BaseCommand):
    help = (
        "Pair statements of different sources that contradict each other: embed new or changed "
        "statements, find their nearest statements of other sources, score and store the pairs. "
        "Human verdicts are never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="re-match every statement and drop unreviewed pairs that no longer pass the thresholds",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="hand the work to the task workers (python manage.py run_worker) in chunks and wait for them",
        )
        parser.add_argument("--chunk-size", type=int, default=2000, help="statements per task with --enqueue")

    def handle(self, *args, rebuild: bool, enqueue: bool, chunk_size: int, verbosity: int, **options):
        if enqueue:
            return self.handle_enqueued(rebuild=rebuild, chunk_size=chunk_size, verbosity=verbosity)
        with StageBars(self.stderr, enabled=verbosity >= 1) as bars:

            def progress(stage: str, done: int) -> None:
                bars.update(stage, done, unit=" statements" if stage == "embed" else " pairs")

            report = match_statements(rebuild=rebuild, progress=progress)
        self.stdout.write(report.summary())
        if verbosity >= 2 and report.timings:
            self.stdout.write(f"Where the time went: {report.where_the_time_went()}.")

    def handle_enqueued(self, *, rebuild: bool, chunk_size: int, verbosity: int) -> None:
        if rebuild:
            raise CommandError("--rebuild runs in this process; use it without --enqueue.")
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        started = time.monotonic()
        with StageBars(self.stderr, enabled=verbosity >= 1) as bars:

            def progress(stage: str, done: int, total: int) -> None:
                bars.update(stage, done, total=total, desc=f"{stage} tasks", unit=" tasks")

            try:
                totals = match_distributed(chunk_size=chunk_size, progress=progress)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"{totals['tasks']} tasks: {totals['embedded']} statements embedded, {totals['stale']} matched, "
            f"{totals['scored']} pairs scored; pairs: {totals['created']} new, {totals['updated']} updated "
            f"({time.monotonic() - started:.1f}s)."
        )
