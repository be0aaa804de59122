import time

from django.core.management.base import BaseCommand, CommandError

from factcheck.lab.synthetic import generate
from factcheck.management.progress import StageBars


class Command(BaseCommand):
    help = (
        "Fill the database with N realistic statements (sentences of real news bodies, in documents "
        "of 20, spoken by N/100 sources) and M scored pairs, for benchmarks. Adds to what is there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--statements", type=int, required=True, metavar="N")
        parser.add_argument("--pairs", type=int, default=0, metavar="M")
        parser.add_argument("--seed", type=int, default=13)

    def handle(self, *args, statements: int, pairs: int, seed: int, verbosity: int, **options):
        if statements < 1 or pairs < 0:
            raise CommandError("--statements must be at least 1 and --pairs at least 0.")
        started = time.monotonic()
        with StageBars(self.stderr, enabled=verbosity >= 1) as bars:

            def progress(stage: str, done: int) -> None:
                bars.update(stage, done, total=statements if stage == "statements" else pairs, unit=f" {stage}")

            made = generate(statements=statements, pairs=pairs, seed=seed, progress=progress)
        self.stdout.write(
            f"Generated {made['statements']} statements by {made['sources']} sources and {made['pairs']} pairs "
            f"({time.monotonic() - started:.1f}s)."
        )
