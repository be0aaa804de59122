import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

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
        bars: dict[str, tqdm] = {}
        try:
            files = files_in(Path(path), what=what)
            tables = read_files(files)

            def progress(kind: str, done: int) -> None:
                if verbosity >= 1 and len(tables[kind]) >= 1000:
                    if kind not in bars:
                        bars[kind] = tqdm(total=len(tables[kind]), desc=kind, unit=" rows", file=self.stderr._out)
                    bars[kind].update(done)

            report = import_data(tables=tables, progress=progress)
        except ValidationError as error:
            messages = error.messages
            shown = "\n".join(f"  {m}" for m in messages[:50])
            more = f"\n  ... and {len(messages) - 50} more" if len(messages) > 50 else ""
            raise CommandError(f"{path}: nothing imported, {len(messages)} problem(s):\n{shown}{more}") from None
        finally:
            for bar in bars.values():
                bar.close()
        self.stdout.write(f"{report.summary()} ({time.monotonic() - started:.1f}s)")
