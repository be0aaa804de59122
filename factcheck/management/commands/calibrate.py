from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from factcheck.services.matcher.refit import MIN_EACH, refit_combination
from factcheck.services.matcher.thresholds import calibrate_threshold


class Command(BaseCommand):
    help = (
        "Learn from editors' verdicts. With at least "
        f"{MIN_EACH} confirmed and {MIN_EACH} dismissed pairs, refit the scorer's combination (its logistic "
        "regression over the model's logits, the cosine and the cue rules) and adopt it only if it beats the "
        "one in force under cross-validation. Then set the pairing threshold: the highest contradiction "
        "score that keeps --recall of the confirmed pairs. `match` uses both from then on."
    )

    def add_arguments(self, parser):
        parser.add_argument("--recall", type=float, default=0.95, help="share of confirmed pairs to keep (0.95)")
        parser.add_argument(
            "--threshold-only", action="store_true", help="set the pairing threshold, leave the combination as it is"
        )

    def handle(self, *args, recall: float, threshold_only: bool, **options):
        if not 0 < recall <= 1:
            raise CommandError("The recall target must be above 0 and at most 1.")
        scores = None
        if not threshold_only:
            try:
                refit = refit_combination()
            except ValidationError as error:
                self.stdout.write(f"Combination kept: {' '.join(error.messages)}")
            else:
                record = refit.record
                before, after = record.before, record.after
                self.stdout.write(
                    f"Refit of the combination from {record.confirmed} confirmed and {record.dismissed} dismissed "
                    "pairs, cross-validated (in force -> refit): "
                    f"log_loss={before['log_loss']:.3f}->{after['log_loss']:.3f} "
                    f"auc={before['auc']:.3f}->{after['auc']:.3f} f1={before['f1']:.3f}->{after['f1']:.3f}; "
                    + (
                        f"adopted (refit {record.pk}, threshold {record.threshold:.3f}); restart the server and "
                        "the worker, and run `match --rebuild` to score the stored pairs with it."
                        if record.adopted
                        else "not better, so the combination in force stays."
                    )
                )
                scores = refit.scores if record.adopted else None
        try:
            record = calibrate_threshold(recall_target=recall, scores=scores)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"From {record.confirmed} confirmed and {record.dismissed} dismissed pairs: "
            f"threshold={record.threshold:.3f} "
            f"keeps {record.recall:.1%} of confirmed pairs; false_positive_rate={record.false_positive_rate:.1%} "
            "(dismissed pairs still above it). Pairs below the previous threshold were never shown, so this "
            "can only raise the threshold; run `match --rebuild` to apply it to stored pairs."
        )
