"""Background work, run by `python manage.py db_worker` (django-tasks' database backend)."""

from functools import partial

from django.db import transaction
from django_tasks import task

from factcheck.services.matching import match_statements


@task()
def match_statements_task(statement_ids: list[int]) -> dict:
    """Match the given statements against every statement; returns the run's counts."""
    report = match_statements(statement_ids=statement_ids)
    return {"stale": report.stale, "created": report.created, "updated": report.updated}


def enqueue_matching(statement_ids: list[int]) -> None:
    """Queue matching for these statements once the current transaction commits."""
    if statement_ids:
        transaction.on_commit(partial(match_statements_task.enqueue, sorted(statement_ids)))
