import time
from functools import reduce
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.lab.proposition_quality import GOLD, evaluate, stance_cases
from factcheck.services.propositions.clustering import ClusterSettings


class Command(BaseCommand):
    help = (
        "Compare the automatic propositions with an editor's on a labelled file (default: "
        "tests/data/propositions_gold.json): pairwise precision and recall, purity, completeness, "
        "and how often the stances agree. Reads the file only; the database is not touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--gold", type=Path, default=GOLD, help="the labelled file")
        parser.add_argument("--linkage", type=float, help="override FACTCHECK_PROPOSITION_LINKAGE")
        parser.add_argument("--clash-bonus", type=float, help="override FACTCHECK_PROPOSITION_CLASH_BONUS")
        parser.add_argument("--no-pairs", action="store_true", help="cluster on embeddings alone, without scored pairs")

    def handle(self, *args, gold: Path, linkage, clash_bonus, no_pairs: bool, verbosity: int, **options):
        if not gold.is_file():
            raise CommandError(f"No labelled file at {gold}.")
        started = time.monotonic()
        config = ClusterSettings.current()
        config = ClusterSettings(
            linkage=config.linkage if linkage is None else linkage,
            clash_bonus=config.clash_bonus if clash_bonus is None else clash_bonus,
            neighbours=config.neighbours,
            min_similarity=config.min_similarity,
        )
        results = evaluate(gold, config=config, use_pairs=not no_pairs)
        for result in results:
            self.stdout.write(f"{result.name}: {result.agreement.line()}")
            if verbosity >= 2:
                for auto in result.auto:
                    members = ", ".join(f"{key} {stance}" for key, stance in auto["members"].items())
                    self.stdout.write(f"    “{auto['title']}”: {members}")
        total = reduce(lambda a, b: a + b, (r.agreement for r in results))
        self.stdout.write(f"All sets: {total.line()}")
        right, count = sum(r.stance_right for r in results), sum(r.stance_total for r in results)
        self.stdout.write(f"Stances in automatic propositions agreeing with the editor's: {right}/{count}")
        right = sum(r.gold_title_right for r in results)
        count = sum(r.gold_title_total for r in results)
        self.stdout.write(f"Stances read against the editor's propositions: {right}/{count}")
        right, count, misses = stance_cases(gold)
        self.stdout.write(f"Separate stance cases, words only: {right}/{count}")
        if verbosity >= 2:
            for miss in misses:
                self.stdout.write(f"    {miss}")
        self.stdout.write(
            f"(linkage {config.linkage}, clash bonus {config.clash_bonus}, "
            f"{'no pairs' if no_pairs else 'pairs from the installed scorer'}; {time.monotonic() - started:.1f}s)"
        )
