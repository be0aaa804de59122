"""Write the scorer's training and calibration rows (JSON lines) from the shared data folder."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.lab.scorer_data import build_scorer_data, write_scorer_data


class Command(BaseCommand):
    help = "Build the contradiction scorer's training data (train.jsonl, calib.jsonl) from the shared data."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=13)
        parser.add_argument("--out", type=Path, default=Path("var/scorer_data"))
        parser.add_argument("--news-rounds", type=int, default=60, help="Passes over the news frames.")

    def handle(self, *args, seed: int, out: Path, news_rounds: int, **options):
        started = time.time()
        try:
            splits = build_scorer_data(seed=seed, news_rounds=news_rounds, log=self.stderr.write)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from None
        write_scorer_data(splits, out)
        counts = ", ".join(f"{name} {len(rows)}" for name, rows in splits.items())
        self.stdout.write(f"Wrote {counts} rows to {out} in {time.time() - started:.0f}s.")
