"""The matcher on the real-news benchmark: the 332 FNC-1 dev bodies, as a newcomer ingests them.

    python bench/realnews.py                     # ingest (into var/bench/realnews.sqlite3), match, report
    python bench/realnews.py --compare           # also time the matcher without its cheap stages, same run
    python bench/realnews.py --top 50 --out var/bench/top50.txt
    python bench/realnews.py --funnel            # where the working part's gold clashes are lost

Prints where match spent its time, the gold clashes recalled by the stored pairs (working and
sealed part of lab/gold/clashes_*), the problems of the top of the list (identical texts,
repeated pairs) and writes the top pairs, in order, for a person to judge by reading.
Last line: `seconds=… candidates=… scored=… pairs=… recall_working=… recall_sealed=… identical=… repeated=…`.
"""

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fresh_copy(ingested: Path, database: Path) -> None:
    """The ingested database as the run's database; a killed run's journal files go first (SQLite
    would apply them to the fresh copy: "database disk image is malformed")."""
    for leftover in (database.with_name(database.name + suffix) for suffix in ("-wal", "-shm", "-journal")):
        leftover.unlink(missing_ok=True)
    shutil.copy(ingested, database)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--out", default=str(ROOT / "var" / "bench" / "realnews_top.txt"))
    parser.add_argument("--compare", action="store_true", help="also run match without the cheap stages")
    parser.add_argument("--funnel", action="store_true", help="where the working part's gold clashes are lost")
    parser.add_argument("--fresh", action="store_true", help="ingest again instead of reusing the database")
    options = parser.parse_args()

    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    ingested = folder / "realnews-ingested.sqlite3"
    database = folder / "realnews.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    if options.fresh or not ingested.exists():
        for leftover in folder.glob("realnews*.sqlite3*"):
            leftover.unlink()
        django.setup()
        from django.core.management import call_command

        from factcheck.lab.pairing_quality import ingest_benchmark

        call_command("migrate", verbosity=0)
        started = time.monotonic()
        created = ingest_benchmark()
        print(f"ingested {created} benchmark bodies in {time.monotonic() - started:.1f}s")
        from django.db import connection

        connection.close()
        shutil.copy(database, ingested)
    else:
        fresh_copy(ingested, database)
        django.setup()
    from django.conf import settings
    from django.db import connection

    from factcheck.lab import pairing_quality as quality
    from factcheck.models import ClaimPair, Document, Statement
    from factcheck.services.matcher.matching import match_statements

    print(f"documents={Document.objects.count()} statements={Statement.objects.count()}")
    runs = [("stages", True)] + ([("no stages", False)] if options.compare else [])
    results = {}
    for name, stages in runs:
        connection.close()
        fresh_copy(ingested, database)
        settings.FACTCHECK_PAIRING_STAGES = stages
        report = match_statements()
        results[name] = report
        print(f"{name}: {report.summary()}")
        print(f"{name}: where the time went: {report.where_the_time_went()}")
        threshold = report.threshold
        recalls = [quality.clash_recall(part, min_contradiction=threshold) for part in quality.PARTS]
        for recall in recalls:
            print(f"{name}: {recall.line()}")
        top = quality.top_pairs(options.top)
        problems = quality.top_list_problems(top)
        print(f"{name}: top {options.top}: {problems}")
        out = Path(options.out) if name == "stages" else Path(options.out).with_name("realnews_top_nostages.txt")
        out.write_text("\n\n".join(f"{i}. {quality.describe(p)}" for i, p in enumerate(top, 1)))
        print(f"{name}: top {options.top} written to {out}")
        if name == "stages":
            pairs = ClaimPair.objects.filter(duplicate_of__isnull=True).count()
            final = recalls, problems
            if options.funnel:
                lost = quality.funnel("working", min_contradiction=threshold)
                print("funnel (working part): " + ", ".join(f"{stage} {n}" for stage, n in lost.items()))
    if options.compare:
        ratio = results["no stages"].seconds / results["stages"].seconds
        print(f"no_stages_seconds={results['no stages'].seconds:.1f} stages_seconds={results['stages'].seconds:.1f} "
              f"speedup={ratio:.2f}")  # fmt: skip
    stages = results["stages"]
    recalls, problems = final
    print(
        f"seconds={stages.seconds:.1f} candidates={stages.candidates} scored={stages.scored} pairs={pairs} "
        f"recall_working={recalls[0].recalled / max(1, recalls[0].clashes):.3f} "
        f"recall_sealed={recalls[1].recalled / max(1, recalls[1].clashes):.3f} "
        f"identical={problems['identical']} repeated={problems['repeated']}"
    )


if __name__ == "__main__":
    main()
