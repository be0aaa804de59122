from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from factcheck.services.matcher.thresholds import calibrate_threshold


class Command(BaseCommand):
    help = (
        "Set the pairing threshold from editors' verdicts: the highest contradiction score that keeps "
        "--recall of the confirmed pairs. Reports the false-positive rate it implies. `match` uses it "
        "from then on (instead of FACTCHECK_MIN_CONTRADICTION)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--recall", type=float, default=0.95, help="share of confirmed pairs to keep (0.95)")

    def handle(self, *args, recall: float, **options):
        try:
            record = calibrate_threshold(recall_target=recall)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"From {record.confirmed} confirmed and {record.dismissed} dismissed pairs: "
            f"threshold={record.threshold:.3f} "
            f"keeps {record.recall:.1%} of confirmed pairs; false_positive_rate={record.false_positive_rate:.1%} "
            "(dismissed pairs still above it). Pairs below the previous threshold were never shown, so this "
            "can only raise the threshold; run `match --rebuild` to apply it to stored pairs."
        )
