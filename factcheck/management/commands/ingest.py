import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from factcheck.management.progress import bar_options, stream
from factcheck.services.corpus.files import find_files
from factcheck.services.corpus.ingest import ingest_path


class Command(BaseCommand):
    help = (
        "Ingest articles (.txt, .md, .html files or folders of them): store each document with the "
        "statements extracted from it. Documents already stored (same text) are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")

    def handle(self, *args, paths: list[str], verbosity: int, **options):
        started = time.monotonic()
        files = list(find_files(paths))
        if not files:
            raise CommandError(f"No .txt, .md or .html files found in {', '.join(paths)}.")
        created = skipped = statements = 0
        failed = []
        options = bar_options(self.stderr)
        progress = tqdm(files, unit="file", disable=len(files) < 2 or verbosity < 1, **options)
        for path in progress:
            result = ingest_path(path)
            if result.error:
                failed.append(result)
                progress.write(f"FAILED {result.path}: {result.error}", file=options["file"])
            elif result.created:
                created += 1
                statements += result.statements
                if verbosity >= 2:
                    progress.write(f"{result.path}: {result.statements} statements", file=stream(self.stdout))
            else:
                skipped += 1
                if verbosity >= 2:
                    progress.write(f"{result.path}: already stored, skipped", file=stream(self.stdout))
        self.stdout.write(
            f"Ingested {created} documents with {statements} statements; {skipped} already stored; "
            f"{len(failed)} failed ({time.monotonic() - started:.1f}s)."
        )
        if failed:
            raise CommandError(f"{len(failed)} of {len(files)} files failed; see the lines above.")
