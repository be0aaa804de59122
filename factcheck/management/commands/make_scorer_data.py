"""Write the scorer's training and calibration rows (JSON lines) from the shared data folder."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.lab.news_data import build_news_data, write_eval_files
from factcheck.lab.scorer_data import build_scorer_data, write_scorer_data


class Command(BaseCommand):
    help = "Build the contradiction scorer's data (train.jsonl, calib.jsonl, test.jsonl) from the shared data."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=13)
        parser.add_argument("--out", type=Path, default=Path("var/scorer_data"))
        parser.add_argument("--news-rounds", type=int, default=60, help="Passes over the news frames.")
        parser.add_argument(
            "--recipe",
            choices=["news", "general"],
            default="news",
            help="news: real and hand-written news pairs, split by story (lab/news_data.py); "
            "general: the NLI, claim-evidence and generated mix the first weights were trained on.",
        )

    def handle(self, *args, seed: int, out: Path, news_rounds: int, recipe: str, **options):
        started = time.time()
        try:
            if recipe == "news":
                splits = build_news_data(seed=seed, log=self.stderr.write)
            else:
                splits = build_scorer_data(seed=seed, news_rounds=news_rounds, log=self.stderr.write)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from None
        write_scorer_data(splits, out)
        if recipe == "news":
            for path in write_eval_files(splits, out):
                self.stderr.write(f"wrote {path} (evaluate pairs {path})")
        counts = ", ".join(f"{name} {len(rows)}" for name, rows in splits.items())
        self.stdout.write(f"Wrote {counts} rows to {out} in {time.time() - started:.0f}s.")
