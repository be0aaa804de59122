"""`match --enqueue`: the matcher's work in chunks on the task queue, shared by every worker.

Two phases, so that every vector exists before any search: first the statements that need a
vector are embedded in chunks, then the stale statements are matched in chunks. The command
waits for each phase; workers may come and go (a dead worker's chunk is requeued, see
factcheck/services/workers.py) and a rerun of the command picks up whatever is still stale.
"""

import time
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from factcheck.services.matcher.matching import MatchSettings, stale_statements, unembedded_statement_ids
from factcheck.services.matcher.search import PgvectorIndex, pgvector_ready


def chunks(ids: list[int], size: int) -> list[list[int]]:
    ids = sorted(ids)
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def wait_for(task_ids: list[str], *, progress: Callable[[int], None], poll: float = 0.5) -> list[dict]:
    """Block until every task finished; return their return values. A failed task is an error."""
    pending = set(task_ids)
    results = []
    while pending:
        finished = DBTaskResult.objects.filter(id__in=pending).exclude(
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
        )
        for task in finished:
            pending.discard(str(task.id))
            if task.status != TaskResultStatus.SUCCESSFUL:
                raise ValidationError(
                    f"task {task.id} {task.status.lower()}: {task.traceback.strip().splitlines()[-1:]}"
                )
            results.append(task.return_value or {})
            progress(1)
        if pending:
            time.sleep(poll)
    return results


def match_distributed(*, chunk_size: int, progress: Callable[[str, int, int], None]) -> dict:
    """Enqueue embedding then matching chunks and wait for the workers; returns summed counts."""
    from factcheck.tasks import embed_statements_task, match_statements_task

    config = MatchSettings.current()
    totals = {"stale": 0, "embedded": 0, "scored": 0, "created": 0, "updated": 0, "tasks": 0}
    to_embed = chunks(unembedded_statement_ids(config.embedding_model), chunk_size)
    ids = [str(embed_statements_task.enqueue(chunk).id) for chunk in to_embed]
    for result in wait_for(ids, progress=lambda n: progress("embed", n, len(ids))):
        totals["embedded"] += result.get("embedded", 0)
    if pgvector_ready():
        # A matching task copies only its own statements' vectors into the pgvector table, so
        # every vector is copied once here, before any search.
        PgvectorIndex(model_name=config.embedding_model).sync()
    to_match = chunks(list(stale_statements(config)), chunk_size)
    ids = [str(match_statements_task.enqueue(chunk).id) for chunk in to_match]
    for result in wait_for(ids, progress=lambda n: progress("match", n, len(ids))):
        for key in ("stale", "scored", "created", "updated"):
            totals[key] += result.get(key, 0)
    totals["tasks"] = len(to_embed) + len(to_match)
    return totals
