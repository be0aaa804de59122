"""Settings come from the environment; each check runs a fresh interpreter, as a deployment would."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789abcdefghij",
    "DJANGO_ALLOWED_HOSTS": "factcheck.example.org",
}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_value(expression: str, **env: str):
    result = run_python(f"import json; from factcheck import settings as s; print(json.dumps({expression}))", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_database_defaults_to_sqlite_file_in_project_folder():
    db = settings_value("s.DATABASES['default']")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(ROOT / "db.sqlite3")
    assert settings_value("s.DATABASES['default']", DATABASE_URL="") == db


def test_database_url_with_unknown_scheme_is_refused_clearly():
    result = run_python("import factcheck.settings", DATABASE_URL="mongodb://localhost/x")
    assert result.returncode != 0
    assert "DATABASE_URL is not usable" in result.stderr


def test_database_url_selects_postgresql():
    db = settings_value("s.DATABASES['default']", DATABASE_URL="postgres://fc:secret@db.example.org:5433/factcheck")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "factcheck",
        "fc",
        "secret",
        "db.example.org",
        5433,
    )


def test_nonsense_boolean_is_refused():
    result = run_python("import factcheck.settings", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG='maybe' is not a boolean" in result.stderr


def test_a_count_that_is_not_a_whole_number_is_refused():
    result = run_python("import factcheck.settings", FACTCHECK_NEIGHBOURS="2.9")
    assert result.returncode != 0
    assert "FACTCHECK_NEIGHBOURS='2.9' is not a whole number" in result.stderr
    assert settings_value("s.FACTCHECK_NEIGHBOURS", FACTCHECK_NEIGHBOURS=" 7 ") == 7


def test_production_needs_a_secret_key_and_hosts():
    result = run_python("import factcheck.settings", DJANGO_DEBUG="0")
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    result = run_python("import factcheck.settings", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60)
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_embedding_model_is_configurable():
    assert settings_value("s.FACTCHECK_EMBEDDING_MODEL") == "all-MiniLM-L6-v2"
    assert settings_value("s.FACTCHECK_EMBEDDING_MODEL", FACTCHECK_EMBEDDING_MODEL="/models/other") == "/models/other"


def test_deployment_checks_pass_in_production():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_migrations_match_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
