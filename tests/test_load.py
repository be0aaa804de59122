"""Readers and editors at once against gunicorn on PostgreSQL (bench/load.py, ~20 seconds): no
errors, and every review the server accepted is stored exactly once. The longer run's figures
are in docs/interchange.md."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from factcheck.lab.synthetic import generate
from tests.factories import editors_group

# Committed rows (a transactional test), so the server's processes see them.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the load test runs against PostgreSQL (CI's second pass)",
    ),
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    db = connection.settings_dict
    port = f":{db['PORT']}" if db["PORT"] else ""
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}{port}/{db['NAME']}"


def test_readers_and_editors_together_get_no_error_and_lose_no_review():
    editors_group()  # generate() files its synthetic verdicts under an editor
    generate(statements=2000, pairs=2000, seed=3)
    command = [sys.executable, "bench/load.py", "--database-url", database_url(), "--no-setup"]
    command += ["--duration", "20", "--browsers", "4", "--editors", "3", "--port", "8797"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    print(run.stdout)  # the figures, shown with pytest -s
    assert "RESULT " in run.stdout, run.stdout + run.stderr
    result = json.loads(run.stdout.split("RESULT ", 1)[1])
    assert run.returncode == 0, run.stdout + run.stderr
    assert result["browsing"]["errors"] == 0
    assert result["browsing"]["requests"] > 0
    assert result["editors"]["errors"] == 0
    reviews = result["database"]
    assert reviews["reviews_accepted"] > 0
    assert reviews["reviews_accepted"] == reviews["reviews_stored"] == reviews["accepted_stored_once"]
    assert reviews["lost"] == reviews["duplicated"] == reviews["stored_not_acknowledged"] == []
    assert reviews["pairs_whose_status_is_not_the_latest_verdict"] == 0
