"""Several task workers share the matching; a killed worker's task is requeued and finished."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from factcheck.lab.synthetic import generate
from factcheck.models import ClaimPair, Statement, WorkerHeartbeat
from factcheck.services.matcher.matching import match_statements
from factcheck.services.workers import requeue_orphaned_tasks
from factcheck.tasks import match_statements_task

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    from urllib.parse import quote

    host = quote(db["HOST"] or "", safe="")
    return f"postgres://{db['USER']}:{quote(db['PASSWORD'] or '')}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(worker_id: str, **env) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "FACTCHECK_WORKER_STALE_SECONDS": "3",
        "FACTCHECK_NEIGHBOURS": "3",
        "FACTCHECK_MIN_SIMILARITY": "0.5",
        "FACTCHECK_MIN_CONTRADICTION": "0",
        **env,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "run_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
            "--worker-id",
            worker_id,
            "-v",
            "0",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.django_db
def test_running_task_of_a_silent_worker_is_requeued_and_of_a_live_one_is_not():
    dead = match_statements_task.enqueue([1])
    alive = match_statements_task.enqueue([2])
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    DBTaskResult.objects.filter(id=dead.id).update(status="RUNNING", started_at=long_ago, worker_ids=["gone"])
    DBTaskResult.objects.filter(id=alive.id).update(status="RUNNING", started_at=long_ago, worker_ids=["here"])
    WorkerHeartbeat.objects.create(worker_id="gone", last_seen=long_ago)
    WorkerHeartbeat.objects.create(worker_id="here", last_seen=timezone.now())
    assert requeue_orphaned_tasks(stale_after=60) == [str(dead.id)]
    assert DBTaskResult.objects.get(id=dead.id).status == "READY"
    assert DBTaskResult.objects.get(id=alive.id).status == "RUNNING"
    assert requeue_orphaned_tasks(stale_after=60) == []


@pytest.mark.django_db
def test_a_task_just_claimed_is_left_alone_even_without_a_heartbeat():
    fresh = match_statements_task.enqueue([1])
    DBTaskResult.objects.filter(id=fresh.id).update(status="RUNNING", started_at=timezone.now(), worker_ids=["new"])
    assert requeue_orphaned_tasks(stale_after=60) == []


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_worker_killed_in_the_middle_of_match_loses_nothing_and_another_finishes(settings):
    settings.FACTCHECK_NEIGHBOURS, settings.FACTCHECK_MIN_SIMILARITY, settings.FACTCHECK_MIN_CONTRADICTION = 3, 0.5, 0
    generate(statements=600, pairs=0, seed=5)
    ids = list(Statement.objects.values_list("pk", flat=True))
    task = match_statements_task.enqueue(ids)
    first = start_worker("first")
    try:
        wait_until(lambda: DBTaskResult.objects.get(id=task.id).status == "RUNNING", 60, "the first worker to start")
        time.sleep(2.0)  # in the middle of embedding or scoring
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert DBTaskResult.objects.get(id=task.id).status == "RUNNING"  # orphaned
        second = start_worker("second")
        try:
            wait_until(lambda: DBTaskResult.objects.get(id=task.id).status == "SUCCESSFUL", 240, "the task to finish")
        finally:
            second.terminate()
            second.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    result = DBTaskResult.objects.get(id=task.id)
    assert result.worker_ids == ["first", "second"]
    # Nothing is left to do, nothing is half-scored, and a full rebuild finds no pair the run missed.
    assert not ClaimPair.objects.filter(contradiction__isnull=True).exists()
    assert not ClaimPair.objects.filter(similarity__isnull=True).exists()
    assert match_statements().stale == 0
    before = set(ClaimPair.objects.values_list("statement_a", "statement_b", "contradiction"))
    assert match_statements(rebuild=True).created == 0
    after = set(ClaimPair.objects.values_list("statement_a", "statement_b", "contradiction"))
    assert {(a, b) for a, b, _ in after} == {(a, b) for a, b, _ in before}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_workers_share_match_enqueue_without_duplicates(settings, capsys):
    from django.core.management import call_command

    settings.FACTCHECK_NEIGHBOURS, settings.FACTCHECK_MIN_SIMILARITY, settings.FACTCHECK_MIN_CONTRADICTION = 3, 0.5, 0
    generate(statements=400, pairs=0, seed=6)
    workers = [start_worker(f"w{i}") for i in range(2)]
    try:
        call_command("match", "--enqueue", "--chunk-size", "100")
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    out = capsys.readouterr().out
    assert "8 tasks: 400 statements embedded, 400 matched" in out
    owners = {tuple(t.worker_ids) for t in DBTaskResult.objects.all()}
    assert {("w0",), ("w1",)} <= owners  # both workers took part
    assert match_statements().stale == 0
    pairs = list(ClaimPair.objects.values_list("statement_a", "statement_b"))
    assert len(pairs) == len(set(pairs)) > 0
