"""Background work, run by `python manage.py run_worker` (django-tasks' database backend).

Task arguments are statement ids only (JSON-serialisable), and every task is idempotent, so a
task requeued after its worker died finishes the work without duplicates.
"""

from functools import partial

from django.db import transaction
from django_tasks import task

from factcheck.services.matcher.matching import embed_statements, match_statements


@task()
def match_statements_task(statement_ids: list[int]) -> dict:
    """Match the given statements against every statement; returns the run's counts."""
    report = match_statements(statement_ids=statement_ids)
    return {
        "stale": report.stale,
        "embedded": report.embedded,
        "scored": report.scored,
        "created": report.created,
        "updated": report.updated,
    }


@task(priority=10)
def embed_statements_task(statement_ids: list[int]) -> dict:
    """Encode the given statements where their vector is missing or stale."""
    return {"embedded": embed_statements(statement_ids=statement_ids)}


def enqueue_matching(statement_ids: list[int]) -> None:
    """Queue matching for these statements once the current transaction commits."""
    if statement_ids:
        transaction.on_commit(partial(match_statements_task.enqueue, sorted(statement_ids)))
