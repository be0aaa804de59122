from django.core.management.base import BaseCommand

from factcheck.management.progress import StageBars
from factcheck.services.propositions.propose import propose_propositions


class Command(BaseCommand):
    help = (
        "Group statements of different sources that speak to one question into propositions, with "
        "each statement's stance. Run after `match` (it uses the stored vectors and pairs). "
        "Editors' changes are kept: renamed titles, statements moved in or out, set stances."
    )

    def handle(self, *args, verbosity: int, **options):
        with StageBars(self.stderr, enabled=verbosity >= 1) as bars:

            def progress(stage: str, done: int) -> None:
                bars.update(stage, done, unit=" statements" if stage == "cluster" else " clusters")

            report = propose_propositions(progress=progress)
        self.stdout.write(report.summary())
