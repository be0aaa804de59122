"""Task workers that survive each other: heartbeats, and requeueing the tasks of dead workers.

django-tasks' database worker marks a task RUNNING when it claims it; if the worker process is
killed, the task would stay RUNNING forever. Each `run_worker` process records a heartbeat; any
worker requeues a RUNNING task whose worker has not been seen for FACTCHECK_WORKER_STALE_SECONDS.
Matching tasks are idempotent (upserts keyed by the pair), so a rerun finishes the work without
duplicates.
"""

import datetime
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from factcheck.models import WorkerHeartbeat


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"last_seen": timezone.now(), "hostname": socket.gethostname()[:255], "pid": os.getpid()},
    )


def requeue_orphaned_tasks(*, stale_after: float | None = None) -> list[str]:
    """Put RUNNING tasks of silent workers back in the queue; returns their ids."""
    stale_after = stale_after or settings.FACTCHECK_WORKER_STALE_SECONDS
    cutoff = timezone.now() - datetime.timedelta(seconds=stale_after)
    alive = set(WorkerHeartbeat.objects.filter(last_seen__gte=cutoff).values_list("worker_id", flat=True))
    requeued = []
    for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only("id", "worker_ids", "started_at"):
        owner = task.worker_ids[-1] if task.worker_ids else None
        if owner in alive or (task.started_at and task.started_at > cutoff):
            continue
        # Conditional update: if two workers spot the same orphan, only one puts it back.
        if DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at).update(
            status=TaskResultStatus.READY, started_at=None
        ):
            requeued.append(str(task.pk))
    WorkerHeartbeat.objects.filter(last_seen__lt=cutoff - datetime.timedelta(hours=1)).delete()
    return requeued


class Heartbeat(threading.Thread):
    """Beats every few seconds beside the worker loop, and looks for orphaned tasks."""

    def __init__(self, worker_id: str, *, interval: float | None = None, log=None):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.interval = interval or max(1.0, settings.FACTCHECK_WORKER_STALE_SECONDS / 4)
        self.stopped = threading.Event()
        self.log = log or (lambda message: None)

    def run(self) -> None:
        try:
            while not self.stopped.is_set():
                close_old_connections()
                try:
                    beat(self.worker_id)
                    for task_id in requeue_orphaned_tasks():
                        self.log(f"requeued task {task_id}: its worker stopped answering")
                except Exception as error:  # a locked or restarting database: try again next beat
                    self.log(f"heartbeat failed, will retry: {error}")
                self.stopped.wait(self.interval)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=self.interval + 5)
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
