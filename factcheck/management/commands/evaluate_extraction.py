"""`evaluate_extraction`: extraction scored on the real-news attribution gold set, both parts."""

from django.core.management.base import BaseCommand, CommandError

from factcheck.lab.attribution_quality import (
    PARTS,
    error_lines,
    evaluate_part,
    split_sources,
    stance_line,
    stance_pairs,
)


class Command(BaseCommand):
    help = (
        "Score claim extraction on the real-news attribution gold set (factcheck/lab/gold): claim "
        "precision and recall, the share of right speakers, the share of source names that are real "
        "speakers, and gold speakers split over several sources after ingest. Prints one line per part, "
        "working then sealed; the sealed part's errors are never shown."
    )

    def add_arguments(self, parser):
        parser.add_argument("--part", choices=[*PARTS, "both"], default="both")
        parser.add_argument("--errors", action="store_true", help="list the working part's misses and wrong speakers")
        parser.add_argument(
            "--no-sources", action="store_true", help="skip the split-source count (it ingests, then rolls back)"
        )

    def handle(self, *args, part: str, errors: bool, no_sources: bool, **options):
        if errors and part == "sealed":
            raise CommandError("The sealed part's errors are never shown; use --part working.")
        parts = PARTS if part == "both" else (part,)
        try:
            reports = [evaluate_part(name) for name in parts]
        except (FileNotFoundError, KeyError, ValueError) as error:
            raise CommandError(f"Cannot read the gold set or its articles: {error}") from None
        for report in reports:
            if not no_sources:
                report.split_speakers, report.gold_speakers = split_sources(report)
            if errors and report.part == "working":
                for line in error_lines(report):
                    self.stdout.write(line)
        for report in reports:  # the stances of the claims found; the part lines stay last
            self.stdout.write(stance_line(report.part, stance_pairs(report.results)))
        for report in reports:
            self.stderr.write(f"{report.part}: {len(report.results)} articles in {report.seconds:.1f}s")
            self.stdout.write(report.line())
