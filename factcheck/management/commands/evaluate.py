"""Measure the contradiction scorer: `evaluate pairs FILE`, `evaluate fnc1`, `evaluate nli --set NAME`."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.lab.evaluation import (
    NLI_SETS,
    EvaluationInputError,
    evaluate_fnc1,
    evaluate_nli,
    evaluate_pairs,
    evaluate_seed,
    read_csv_file,
)
from factcheck.lab.scorer_data import data_dir


class Progress:
    """A one-line progress count on stderr, so stdout carries only the results."""

    def __init__(self, label: str, total: int | None = None):
        self.label, self.total, self.done, self.started = label, total, 0, time.time()

    def __call__(self, n: int) -> None:
        self.done += n
        rate = self.done / max(1e-6, time.time() - self.started)
        of = f"/{self.total}" if self.total else ""
        sys.stderr.write(f"\r{self.label}: {self.done}{of} ordered pairs ({rate:.0f}/s)")
        sys.stderr.flush()


class Command(BaseCommand):
    help = (
        "Evaluate the contradiction scorer at its shipped threshold. "
        "The last line of each mode has a fixed shape that other tools parse."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="mode", required=True)
        pairs = sub.add_parser("pairs", help="A CSV with text_a,text_b,label (and optionally kind).")
        pairs.add_argument("file", type=Path)
        fnc = sub.add_parser("fnc1", help="FNC-1 stances and bodies (official weighted score).")
        fnc.add_argument("--stances", type=Path, default=None)
        fnc.add_argument("--bodies", type=Path, default=None)
        fnc.add_argument(
            "--split",
            choices=["dev", "all"],
            default="dev",
            help="dev: our by-Body-ID dev split of the shared training file; all: every row (a test file).",
        )
        fnc.add_argument("--fit-bodies", type=int, default=150, help="Train-split bodies that fit the stance head.")
        sub.add_parser("seed", help="Rank the seed article's cross-source pairs.")
        nli = sub.add_parser("nli", help="Contradiction P/R/F1 on an NLI test set.")
        nli.add_argument("--set", dest="nli_set", choices=sorted(NLI_SETS), required=True)

    def handle(self, *args, mode, **options):
        from factcheck.services.matcher.scoring import get_scorer

        started = time.time()
        try:
            if mode == "pairs":
                rows = read_csv_file(options["file"], ("text_a", "text_b", "label"))
                scorer = get_scorer()
                lines = evaluate_pairs(rows=rows, scorer=scorer, progress=Progress("pairs", 2 * len(rows)))
            elif mode == "fnc1":
                shared_stances = data_dir() / "fnc1" / "train_stances.csv"
                shared_bodies = data_dir() / "fnc1" / "train_bodies.csv"
                lines = evaluate_fnc1(
                    stances=options["stances"] or shared_stances,
                    bodies=options["bodies"] or shared_bodies,
                    split=options["split"],
                    scorer=get_scorer(),
                    fit_stances=shared_stances,
                    fit_bodies=shared_bodies,
                    fit_bodies_count=options["fit_bodies"],
                    progress=Progress("fnc1"),
                )
            elif mode == "seed":
                lines = evaluate_seed(scorer=get_scorer())
            else:
                lines = evaluate_nli(
                    root=data_dir(),
                    name=options["nli_set"],
                    scorer=get_scorer(),
                    progress=Progress(options["nli_set"]),
                )
        except (EvaluationInputError, FileNotFoundError) as error:
            raise CommandError(str(error)) from None
        sys.stderr.write(f"\n{mode} evaluated in {time.time() - started:.0f}s\n")
        for line in lines:
            self.stdout.write(line)
