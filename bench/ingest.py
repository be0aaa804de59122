"""Extraction and `ingest` speed on real news articles, the new extractor against the old in one run.

    python bench/ingest.py --documents 1000

The documents are FNC-1 article bodies (read from the shared data at run time), each written to
a file with its headline. In one run it times:

1. extraction alone with the rules that were the whole extractor until 2026-12-01 (`rules.py`);
2. extraction alone as ingest runs it now (the parse, then the rules where it found nothing);
3. the whole `ingest` command into a fresh SQLite database: reading, decoding, extraction,
   copies, source resolution and the database writes.

The last line: `documents=N rules_docs_per_s=… parse_docs_per_s=… slowdown=… ingest_seconds=…`.
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

    from factcheck.lab.realnews import fnc1_articles
    from factcheck.models import Document, Source, Statement
    from factcheck.services.corpus.extraction import extract_claims
    from factcheck.services.corpus.extraction.parse import nlp
    from factcheck.services.corpus.extraction.rules import extract_by_rules

    call_command("migrate", verbosity=0)
    articles = sorted(fnc1_articles().values(), key=lambda a: int(a.body_id))[: options.documents]
    texts = [a.text for a in articles]
    nlp()  # loaded before the clock starts, as a worker has it loaded

    started = time.perf_counter()
    rules_claims = sum(len(extract_by_rules(t)) for t in texts)
    rules_seconds = time.perf_counter() - started
    started = time.perf_counter()
    parse_claims = sum(len(extract_claims(t)) for t in texts)
    parse_seconds = time.perf_counter() - started
    print(f"rules: {len(texts)} documents in {rules_seconds:.1f}s, {rules_claims} claims")
    print(f"parse: {len(texts)} documents in {parse_seconds:.1f}s, {parse_claims} claims")

    work = Path(tempfile.mkdtemp(prefix="factcheck-ingest-"))
    try:
        for n, article in enumerate(articles):
            headline = article.headline or f"FNC-1 body {article.body_id}"
            (work / f"article-{n:05d}.txt").write_text(f"{headline}\n{article.text}\n", encoding="utf-8")
        started = time.monotonic()
        try:
            call_command("ingest", str(work), verbosity=0)
        except Exception as error:  # a failed file is reported by the command; the timing still counts
            print(f"ingest reported: {error}")
        ingest_seconds = time.monotonic() - started
    finally:
        shutil.rmtree(work)
    documents, statements = Document.objects.count(), Statement.objects.count()
    copies = Document.objects.filter(copy_of__isnull=False).count()
    print(f"ingest: documents={documents} copies={copies} statements={statements} sources={Source.objects.count()}")
    print(
        f"documents={len(texts)} rules_docs_per_s={len(texts) / rules_seconds:.1f} "
        f"parse_docs_per_s={len(texts) / parse_seconds:.1f} slowdown={parse_seconds / rules_seconds:.1f} "
        f"ingest_seconds={ingest_seconds:.1f}"
    )


if __name__ == "__main__":
    main()
