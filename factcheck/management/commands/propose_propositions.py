from django.core.management.base import BaseCommand
from tqdm import tqdm

from factcheck.services.propositions import propose_propositions


class Command(BaseCommand):
    help = (
        "Group statements of different sources that speak to one question into propositions, with "
        "each statement's stance. Run after `match` (it uses the stored vectors and pairs). "
        "Editors' changes are kept: renamed titles, statements moved in or out, set stances."
    )

    def handle(self, *args, verbosity: int, **options):
        bars: dict[str, tqdm] = {}

        def progress(stage: str, done: int) -> None:
            if verbosity < 1:
                return
            if stage not in bars:
                unit = " statements" if stage == "cluster" else " clusters"
                bars[stage] = tqdm(desc=stage, unit=unit, file=self.stderr._out)
            bars[stage].update(done)

        report = propose_propositions(progress=progress)
        for bar in bars.values():
            bar.close()
        self.stdout.write(report.summary())
