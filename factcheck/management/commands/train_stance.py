"""`train_stance`: the claim-stance model, cross-validated on the real-news gold, then fit and saved."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from factcheck.lab.stance_training import FOLDS, choose, cross_validate, extracted_rows, fit, gold_rows, summary
from factcheck.management.progress import StageBars

DEFAULT_OUT = settings.BASE_DIR / "var" / "stance.npz"


class Command(BaseCommand):
    help = (
        "Train the stance model (asserts / denies / hedges / says nothing checkable) on the working part "
        "of the real-news attribution gold and the labelled sides of newsclaims_train. Prints the "
        "cross-validated stance of the claims extraction finds in the working articles, the rules' and "
        "the model's, then fits on every row and writes the model "
        "(use it with FACTCHECK_STANCE_MODEL=PATH). The sealed part is scored by evaluate_extraction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", type=Path, help=f"where to write the model (default: FACTCHECK_STANCE_MODEL, else {DEFAULT_OUT})"
        )
        parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation; only fit and write")

    def handle(self, *args, out: Path | None, no_cv: bool, **options):
        out = out or Path(settings.FACTCHECK_STANCE_MODEL or DEFAULT_OUT)
        try:
            gold = gold_rows("working")
        except (FileNotFoundError, KeyError, ValueError) as error:
            raise CommandError(f"Cannot read the gold set or its articles: {error}") from None
        with StageBars(self.stderr) as bars:
            if not no_cv:
                extracted = extracted_rows("working")
                cv = cross_validate(gold, extracted, progress=lambda k: bars.update("folds", 1, total=FOLDS))
                truth = [r.stance for r in cv.rows]
                self.stdout.write(summary("rules", truth, [r.rules for r in cv.rows]))
                self.stdout.write(summary("model (cross-validated)", truth, cv.said))
                self.stdout.write("chosen per fold: " + ", ".join(f"C={c:g} written x{w:g}" for c, w in cv.chosen))
            everything = list(range(len(gold.rows)))
            model = fit(gold, everything, *choose(gold, everything))
        model.save(out)
        self.stdout.write(f"{model.version}: written to {out}")
