import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from factcheck.management.progress import nothing_imported
from factcheck.services.interchange.statements_csv import import_statements, read_statement_rows


class Command(BaseCommand):
    help = (
        "Import hand-collected statements from a CSV with columns source,text and optionally "
        "document_title,url,published,quote. All or nothing: any bad row and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.csv")

    def handle(self, *args, file: str, **options):
        started = time.monotonic()
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            rows = read_statement_rows(path.read_bytes())
            statements = import_statements(rows=rows)
        except ValidationError as error:
            raise nothing_imported(file, error) from None
        sources = len({s.source_id for s in statements})
        self.stdout.write(
            f"Imported {len(statements)} statements from {sources} sources ({time.monotonic() - started:.1f}s)."
        )
