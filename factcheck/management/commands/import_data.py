import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from factcheck.management.progress import StageBars, nothing_imported
from factcheck.services.interchange.load import files_in, import_data, read_files
from factcheck.services.interchange.schema import KINDS


class Command(BaseCommand):
    help = (
        "Load what `export_data` wrote: a folder of sources/documents/statements/pairs/reviews .csv or .jsonl "
        "files, or one such file. Rows keep their ids. All or nothing: any bad row, a reference to a row that "
        "exists nowhere, or an id stored with other content, and nothing is imported. Rows stored exactly as in "
        "the files are skipped, so importing twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="a folder written by export_data, or one file")
        parser.add_argument("--what", choices=KINDS, help="which rows a file holds (default: its name)")

    def handle(self, *args, path: str, what: str | None, verbosity: int, **options):
        started = time.monotonic()
        try:
            with StageBars(self.stderr, enabled=verbosity >= 1, at_least=1000) as bars:
                tables = read_files(files_in(Path(path), what=what))

                def progress(kind: str, done: int) -> None:
                    bars.update(kind, done, total=len(tables[kind]), unit=" rows")

                report = import_data(tables=tables, progress=progress)
        except ValidationError as error:
            raise nothing_imported(path, error) from None
        self.stdout.write(f"{report.summary()} ({time.monotonic() - started:.1f}s)")
