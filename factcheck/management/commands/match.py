from django.core.management.base import BaseCommand
from tqdm import tqdm

from factcheck.services.matching import match_statements


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

    def handle(self, *args, rebuild: bool, verbosity: int, **options):
        bars: dict[str, tqdm] = {}

        def progress(stage: str, done: int) -> None:
            if verbosity < 1:
                return
            if stage not in bars:
                bars[stage] = tqdm(
                    desc=stage, unit=" statements" if stage == "embed" else " pairs", file=self.stderr._out
                )
            bars[stage].update(done)

        report = match_statements(rebuild=rebuild, progress=progress)
        for bar in bars.values():
            bar.close()
        self.stdout.write(report.summary())
