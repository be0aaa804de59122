import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.management.progress import StageBars, stream
from factcheck.services.interchange.export import export_kind, snapshot
from factcheck.services.interchange.schema import FORMATS, KINDS, MODELS


class Command(BaseCommand):
    help = (
        "Write sources, documents, statements, pairs and reviews as CSV or JSON lines, with their ids and every "
        "stored field, so that `import_data` into a fresh database gives back the same data. With --what all "
        "(the default) OUT is a folder that gets one file per kind (sources.jsonl, ...); with one kind, OUT is "
        "a file, or - for standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT", help="a folder (--what all) or a file (one kind; - for stdout)")
        parser.add_argument("--format", choices=FORMATS, help="jsonl or csv (default: the file's suffix, else jsonl)")
        parser.add_argument("--what", choices=["all", *KINDS], default="all", help="which rows (default all)")

    def handle(self, *args, out: str, format: str | None, what: str, verbosity: int, **options):
        started = time.monotonic()
        kinds = KINDS if what == "all" else [what]
        target = Path(out)
        if what == "all":
            if out == "-":
                raise CommandError("--what all writes a folder of files; give a folder, or one kind for -.")
            if target.exists() and not target.is_dir():
                raise CommandError(f"{target} is a file; --what all writes a folder of files.")
            if not target.parent.is_dir():
                raise CommandError(f"{target.parent}: no such folder.")
            target.mkdir(exist_ok=True)
            fmt = format or "jsonl"
        else:
            if out != "-" and not target.parent.is_dir():
                raise CommandError(f"{target.parent}: no such folder.")
            if out != "-" and target.is_dir():
                raise CommandError(f"{target} is a folder; one kind is written to a file.")
            suffix = target.suffix.lstrip(".").lower()
            fmt = format or (suffix if suffix in FORMATS else "jsonl")

        written = {}
        with snapshot(), StageBars(self.stderr, enabled=verbosity >= 1 and out != "-", at_least=1000) as bars:
            totals = {kind: MODELS[kind].objects.count() for kind in kinds}

            def progress(kind: str, done: int) -> None:
                bars.update(kind, done, total=totals[kind], unit=" rows")

            for kind in kinds:
                if out == "-":
                    written[kind] = export_kind(kind, stream(self.stdout), fmt)
                    continue
                path = target / f"{kind}.{fmt}" if what == "all" else target
                with path.open("w", encoding="utf-8", newline="") as handle:
                    written[kind] = export_kind(kind, handle, fmt, progress)
        if out != "-":
            counts = ", ".join(f"{written[kind]} {kind}" for kind in kinds)
            self.stdout.write(f"Wrote {counts} to {target} as {fmt} ({time.monotonic() - started:.1f}s).")
