"""Time `ingest` on N documents into a fresh SQLite database.

    python bench/ingest.py --documents 1000

The documents are the labelled articles in tests/data/extraction, each copy given a numbered
first paragraph so that no two have the same text (the same text would be skipped as already
stored). Prints documents/s and statements/s of the whole command: reading, decoding,
extraction, source resolution and the database writes.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    options = parser.parse_args()

    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "ingest.sqlite3"
    for leftover in folder.glob(database.name + "*"):
        leftover.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from factcheck.models import Document, Source, Statement

    call_command("migrate", verbosity=0)
    articles = sorted(p for p in (ROOT / "tests" / "data" / "extraction").glob("*.md") if p.name != "README.md")
    work = Path(tempfile.mkdtemp(prefix="factcheck-ingest-"))
    try:
        for n in range(options.documents):
            source = articles[n % len(articles)].read_text(encoding="utf-8")
            head, _, body = source.partition("\n---\n") if source.startswith("---\n") else ("", "", source)
            text = f"{head}\n---\nThis is copy number {n} of the article.\n{body}" if head else f"{source}\nCopy {n}."
            (work / f"article-{n:05d}.md").write_text(text, encoding="utf-8")
        started = time.monotonic()
        call_command("ingest", str(work), verbosity=0)
        seconds = time.monotonic() - started
    finally:
        shutil.rmtree(work)
    documents, statements = Document.objects.count(), Statement.objects.count()
    print(f"articles={len(articles)} sources={Source.objects.count()} seconds={seconds:.1f}")
    print(
        f"documents={documents} statements={statements} documents_per_s={documents / seconds:.1f} "
        f"statements_per_s={statements / seconds:.1f}"
    )


if __name__ == "__main__":
    main()
