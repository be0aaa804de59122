"""Faults: a worker killed in the middle of matching, the database stopped under a running match or
import, and a killed import. Nothing is duplicated, half-scored or half-imported; the next run
completes and ends where an undisturbed run ends.

These tests start a PostgreSQL server of their own (initdb into a temporary folder, another
port), so they can crash and restart it without touching the shared one. Each step is a real
`manage.py` process; the faults are injected by tests/fault_injection.py.
"""

import csv
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

# The faults need no test database of their own kind, so they run once: in CI's PostgreSQL pass.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.database,  # no db fixture, but the PostgreSQL pass is where they run
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="runs in CI's PostgreSQL pass (it starts a PostgreSQL server of its own)",
    ),
]

ROOT = Path(__file__).resolve().parent.parent


def postgres_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class PrivateServer:
    """A throwaway PostgreSQL cluster on a free port, run as the `postgres` user when we are root."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, *command: str) -> None:
        subprocess.run([*self.as_owner, *command], check=True, capture_output=True, text=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        # -l: the server writes to a log file, not to our pipes (which would then never close).
        log = str(self.folder / "server.log")
        self.run(postgres_bin("pg_ctl"), "-D", str(self.data), "-l", log, "-o", options, "-w", "-t", "60", "start")

    def stop_command(self, mode: str = "immediate") -> list[str]:
        # Immediate: the server's processes stop as in a crash, and recover from the WAL at start.
        return [*self.as_owner, postgres_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]

    def crash_and_restart(self) -> None:
        subprocess.run(self.stop_command(), check=True, capture_output=True)
        self.start()

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(statement)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    if not postgres_bin("initdb") or not postgres_bin("pg_ctl"):
        pytest.skip("PostgreSQL's initdb and pg_ctl are needed (the postgresql package)")
    # Not under pytest's tmp_path: its folders are private to us, and the server runs as `postgres`.
    folder = Path(tempfile.mkdtemp(prefix="factcheck-faults-pg-"))
    private = PrivateServer(folder)
    if private.as_owner:
        shutil.chown(folder, "postgres")
    try:
        private.run(postgres_bin("initdb"), "-D", str(private.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        private.start()
        yield private
    finally:
        subprocess.run(private.stop_command("fast"), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def manage(server, database: str, *args: str, check: bool = True, module: str | None = None, **env):
    """Run a manage.py command (or a module) as its own process against one database."""
    environ = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DATABASE_URL": server.url(database),
        "FACTCHECK_SCORING_BATCH_SIZE": "4",  # many small batches, so a fault lands in the middle
        "FAULT_STOP_DB": json.dumps(server.stop_command()),
        **env,
    }
    command = [sys.executable, "-m", module, *args] if module else [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def state(server, database: str) -> dict:
    return json.loads(manage(server, database, "state", module="tests.fault_injection").stdout)


def statements_csv(path: Path, topics: range) -> Path:
    """Sources that contradict each other on numbered topics, as `import_statements` reads them."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "text"])
        for topic in topics:
            writer.writerow(["Defence Ministry", f"Troops crossed the river near town {topic} on Monday."])
            writer.writerow(["Border Agency", f"No troops crossed the river near town {topic} on Monday."])
            writer.writerow(["Local Witness", f"I never saw soldiers at the bridge of town {topic}."])
    return path


RECORD_VERDICTS = """
from django.contrib.auth.models import Group, User
from factcheck.models import ClaimPair
from factcheck.services.reviews import record_verdict
editor = User.objects.create_user("editor")
editor.groups.add(Group.objects.get(name="editors"))
top = list(ClaimPair.objects.order_by("-contradiction", "pk")[:2])
record_verdict(pair=top[0], user=editor, verdict="confirmed", note="Seen on video.")
record_verdict(pair=top[1], user=editor, verdict="dismissed", note="Different towns.")
"""


@pytest.fixture(scope="module")
def matched(server, tmp_path_factory):
    """A database with matched statements and two verdicts, and an empty migrated copy."""
    folder = tmp_path_factory.mktemp("faults")
    server.sql("CREATE DATABASE faults")
    manage(server, "faults", "migrate", "-v0")
    server.sql("CREATE DATABASE empty TEMPLATE faults")
    manage(server, "faults", "import_statements", str(statements_csv(folder / "first.csv", range(4))))
    manage(server, "faults", "match", "-v0")
    manage(server, "faults", "shell", "-v0", "-c", RECORD_VERDICTS)
    return folder


def copy_database(server, source: str, target: str) -> None:
    server.sql(f"DROP DATABASE IF EXISTS {target}")
    server.sql(f"CREATE DATABASE {target} TEMPLATE {source}")


def verdicts(data: dict) -> dict:
    """The status of each pair an editor reviewed."""
    reviewed = {tuple(review[:2]) for review in data["reviews"]}
    return {tuple(pair[:2]): pair[5] for pair in data["pairs"] if tuple(pair[:2]) in reviewed}


def task_statuses(server, database: str) -> list[str]:
    script = (
        "from django_tasks_db.models import DBTaskResult as T;"
        "print(*T.objects.order_by('pk').values_list('status', flat=True))"
    )
    return manage(server, database, "shell", "-v0", "-c", script).stdout.split()


def test_a_worker_killed_mid_match_and_a_database_crash_lose_nothing(server, matched):
    manage(server, "faults", "import_statements", str(statements_csv(matched / "second.csv", range(4, 14))))
    before = state(server, "faults")
    assert before["stale"] == 30
    assert sorted(verdicts(before).values()) == ["confirmed", "dismissed"]
    copy_database(server, "faults", "undisturbed")

    killed = manage(server, "faults", "kill-worker", "3", module="tests.fault_injection", check=False)
    assert killed.returncode == -9, killed.stderr
    assert "FAULT: before scoring batch 3" in killed.stderr
    server.crash_and_restart()

    after_crash = state(server, "faults")
    assert len(after_crash["pairs"]) > len(before["pairs"])  # the batches before the kill were stored
    assert after_crash["duplicates"] == []
    assert after_crash["half_scored"] == 0
    assert after_crash["reviews"] == before["reviews"]
    assert verdicts(after_crash) == verdicts(before)
    assert after_crash["stale"] == 30  # match keys are written last, so every statement is matched again
    # The killed worker's task stays RUNNING: a record only; the work is redone by the next run.
    assert sorted(task_statuses(server, "faults")) == ["RUNNING", "SUCCESSFUL"]

    resumed = manage(server, "faults", "match")
    assert "30 of 42 statements to match" in resumed.stdout
    manage(server, "undisturbed", "match")
    final, reference = state(server, "faults"), state(server, "undisturbed")
    assert final == reference
    assert final["stale"] == 0
    assert verdicts(final) == verdicts(before)
    print(  # shown with pytest -s: what the fault left and what the next run made of it
        f"pairs: {len(before['pairs'])} before, {len(after_crash['pairs'])} after the kill and crash, "
        f"{len(final['pairs'])} after the next run (undisturbed run: {len(reference['pairs'])})"
    )


def test_the_database_stopping_under_a_running_match_loses_nothing(server, matched):
    manage(server, "faults", "import_statements", str(statements_csv(matched / "third.csv", range(14, 20))))
    copy_database(server, "faults", "undisturbed_2")
    before = state(server, "faults")

    stopped = manage(server, "faults", "stop-db-in-match", "2", module="tests.fault_injection", check=False)
    assert stopped.returncode == 1
    assert "OperationalError" in stopped.stderr or "InterfaceError" in stopped.stderr
    server.start()

    after = state(server, "faults")
    assert (after["duplicates"], after["half_scored"], after["reviews"]) == ([], 0, before["reviews"])
    assert verdicts(after) == verdicts(before)
    manage(server, "faults", "match")
    manage(server, "undisturbed_2", "match")
    final = state(server, "faults")
    assert final == state(server, "undisturbed_2")
    print(
        f"pairs: {len(before['pairs'])} before, {len(after['pairs'])} when the server stopped, "
        f"{len(final['pairs'])} after the next run"
    )


def table_counts(server, database: str) -> dict:
    script = (
        "from factcheck.models import *; import json;"
        "print(json.dumps({m.__name__: m.objects.count() for m in (Source, SourceAlias, Document, Statement,"
        " ClaimPair, Review)}))"
    )
    return json.loads(manage(server, database, "shell", "-v0", "-c", script).stdout)


@pytest.mark.parametrize(("fault", "kind"), [("kill-import", "statements"), ("stop-db-in-import", "pairs")])
def test_an_import_cut_short_leaves_nothing_behind(server, matched, fault, kind):
    export = matched / f"export-{fault}"
    manage(server, "faults", "export_data", str(export))
    copy_database(server, "empty", "target")
    empty = table_counts(server, "target")
    assert set(empty.values()) == {0}

    cut = manage(server, "target", fault, kind, str(export), module="tests.fault_injection", check=False)
    assert "FAULT: after writing" in cut.stderr
    assert cut.returncode != 0
    if fault == "stop-db-in-import":
        server.start()
    assert table_counts(server, "target") == empty

    manage(server, "target", "import_data", str(export))
    again = matched / f"again-{fault}"
    manage(server, "target", "export_data", str(again))
    for name in sorted(os.listdir(export)):
        assert (again / name).read_bytes() == (export / name).read_bytes(), name
