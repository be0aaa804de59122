"""Measure the contradiction scorer: `evaluate pairs FILE`, `evaluate fnc1`, `evaluate nli --set NAME`."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.lab.evaluation import (
    NLI_SETS,
    EvaluationInputError,
    evaluate_fnc1,
    evaluate_nli,
    evaluate_pairs,
    evaluate_paraphrases,
    evaluate_seed,
    read_csv_file,
)
from factcheck.lab.scorer_data import data_dir
from factcheck.management.progress import StageBars


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
        para = sub.add_parser("paraphrases", help="Share of real news paraphrases (MRPC) called a contradiction.")
        para.add_argument(
            "--part", choices=["test", "all"], default="test", help="test: the part no training mix has seen."
        )

    def handle(self, *args, mode, **options):
        started = time.time()
        try:
            with StageBars(self.stderr, enabled=options["verbosity"] >= 1) as bars:
                lines = self.evaluate(mode, options, bars)
        except (EvaluationInputError, FileNotFoundError) as error:
            raise CommandError(str(error)) from None
        self.stderr.write(f"{mode} evaluated in {time.time() - started:.0f}s")
        for line in lines:
            self.stdout.write(line)

    def evaluate(self, mode: str, options: dict, bars: StageBars) -> list[str]:
        from factcheck.services.matcher.scoring import get_scorer  # loaded only once the arguments are good

        def progress(label: str, total: int | None = None):
            return lambda n: bars.update(label, n, total=total, unit=" ordered pairs")

        if mode == "pairs":
            rows = read_csv_file(options["file"], ("text_a", "text_b", "label"))
            return evaluate_pairs(rows=rows, scorer=get_scorer(), progress=progress("pairs", 2 * len(rows)))
        if mode == "fnc1":
            shared_stances = data_dir() / "fnc1" / "train_stances.csv"
            shared_bodies = data_dir() / "fnc1" / "train_bodies.csv"
            return evaluate_fnc1(
                stances=options["stances"] or shared_stances,
                bodies=options["bodies"] or shared_bodies,
                split=options["split"],
                scorer=get_scorer(),
                fit_stances=shared_stances,
                fit_bodies=shared_bodies,
                fit_bodies_count=options["fit_bodies"],
                progress=progress("fnc1"),
            )
        if mode == "seed":
            return evaluate_seed(scorer=get_scorer())
        if mode == "paraphrases":
            from factcheck.services.matcher.thresholds import pairing_threshold

            return evaluate_paraphrases(
                root=data_dir(),
                scorer=get_scorer(),
                stored_from=pairing_threshold(),
                part=options["part"],
                progress=progress("paraphrases"),
            )
        return evaluate_nli(
            root=data_dir(), name=options["nli_set"], scorer=get_scorer(), progress=progress(options["nli_set"])
        )
