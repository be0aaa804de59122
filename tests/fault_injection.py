"""Child processes for tests/test_faults.py: real commands with a fault injected at a chosen point.

    python -m tests.fault_injection kill-worker N        # db_worker, SIGKILLed as it scores batch N
    python -m tests.fault_injection stop-db-in-match N   # match; the database stops before batch N
    python -m tests.fault_injection kill-import KIND DIR # import_data, SIGKILLed once KIND rows are written
    python -m tests.fault_injection stop-db-in-import KIND DIR
    python -m tests.fault_injection state                # the data, as JSON, for comparing runs

The database is DATABASE_URL; the command that stops it is FAULT_STOP_DB (JSON list). Faults are
injected from outside the code under test (a wrapped scorer, a wrapped insert), so what runs is
the production code path up to the moment it dies.
"""

import json
import os
import signal
import subprocess
import sys


def kill_now() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def stop_database() -> None:
    subprocess.run(json.loads(os.environ["FAULT_STOP_DB"]), check=True, capture_output=True)


class FaultyScorer:
    """The configured scorer, with a fault just before its Nth batch: earlier batches are stored."""

    def __init__(self, scorer, at_batch: int, fault):
        self.scorer, self.at_batch, self.fault, self.calls = scorer, at_batch, fault, 0
        self.version, self.threshold = scorer.version, scorer.threshold

    def score(self, pairs, similarities):
        self.calls += 1
        if self.calls == self.at_batch:
            sys.stderr.write(f"FAULT: before scoring batch {self.calls}\n")
            sys.stderr.flush()
            self.fault()
        return self.scorer.score(pairs, similarities)


def with_faulty_scorer(at_batch: int, fault) -> None:
    from factcheck.services.matcher import matching, scoring

    faulty = FaultyScorer(scoring.scorer_in_force(), at_batch, fault)
    matching.scorer_in_force = lambda: faulty


def with_faulty_import(kind: str, fault) -> None:
    from factcheck.services.interchange import load as interchange

    store = interchange.store

    def faulty_store(stored_kind, rows, **kwargs):
        store(stored_kind, rows, **kwargs)
        if stored_kind == kind:
            sys.stderr.write(f"FAULT: after writing {len(rows)} {kind}\n")
            sys.stderr.flush()
            fault()

    interchange.store = faulty_store


def state() -> dict:
    """Pairs, reviews and statements in a form two databases with the same history can be compared by."""
    from django.db.models import Count

    from factcheck.models import ClaimPair, Review, Statement
    from factcheck.services.matcher.matching import MatchSettings, stale_statements

    pairs = [
        [p.statement_a_id, p.statement_b_id, round(p.similarity, 5), round(p.contradiction, 5), p.kind, p.status]
        for p in ClaimPair.objects.order_by("statement_a", "statement_b")
    ]
    return {
        "pairs": pairs,
        "duplicates": list(
            ClaimPair.objects.values("statement_a", "statement_b").annotate(n=Count("pk")).filter(n__gt=1)
        ),
        "half_scored": ClaimPair.objects.filter(similarity__isnull=True)
        .union(ClaimPair.objects.filter(contradiction__isnull=True))
        .union(ClaimPair.objects.filter(scorer_version=""), ClaimPair.objects.filter(threshold__isnull=True))
        .count(),
        "reviews": [
            [r.pair.statement_a_id, r.pair.statement_b_id, r.verdict, r.note]
            for r in Review.objects.select_related("pair").order_by("pk")
        ],
        "statements": Statement.objects.count(),
        "stale": len(stale_statements(MatchSettings.current())),
    }


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command

    mode = argv[0]
    if mode == "kill-worker":
        with_faulty_scorer(int(argv[1]), kill_now)
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    elif mode == "stop-db-in-match":
        with_faulty_scorer(int(argv[1]), stop_database)
        call_command("match", verbosity=0)
    elif mode == "kill-import":
        with_faulty_import(argv[1], kill_now)
        call_command("import_data", argv[2], verbosity=0)
    elif mode == "stop-db-in-import":
        with_faulty_import(argv[1], stop_database)
        call_command("import_data", argv[2], verbosity=0)
    elif mode == "state":
        print(json.dumps(state()))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
