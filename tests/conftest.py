import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.factories import make_pair, make_user

HTMX = {"HX-Request": "true"}  # headers of a request htmx makes


def login(client, user):
    client.force_login(user)
    return client


def review_url(pair) -> str:
    return reverse("factcheck:review-create", args=[pair.pk])


def csrf_token(client, url="/") -> str:
    """The CSRF token a page sets, as a browser would send it back."""
    client.get(url)
    return client.cookies["csrftoken"].value


# Fixtures that give a test the database; a test with one of them, or the django_db mark, is
# marked `database` (the PostgreSQL pass of CI runs those; the rest ran on SQLite already).
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "admin_client", "admin_user", "django_user_model"}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.database)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (shortlists, login throttling) and no copy index
    (a rolled-back test's documents must not be taken for the originals of the next one's)."""
    from factcheck.services.corpus import copies

    cache.clear()
    copies.forget()
    yield
    cache.clear()
    copies.forget()


@pytest.fixture
def editor(db):
    return make_user("editor", editor=True)


@pytest.fixture
def reader(db):
    return make_user("reader")


@pytest.fixture
def pair(db):
    return make_pair()


@pytest.fixture
def csrf_client():
    """A client that checks CSRF tokens like a browser's requests are checked."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL with the vector extension available, set up the pgvector table too."""
    from django.db import connection

    from factcheck.services.matcher.search import enable_pgvector

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
                available = cursor.fetchone() is not None
            if available:
                enable_pgvector(dimensions=384)


# Hypothesis: bounded so the whole suite stays inside CI's budget (tests set their own example
# counts; HYPOTHESIS_SCALE multiplies them). No deadline: the machine is shared and timing varies.
# Each test's examples share its database transaction (the function-scoped fixtures), which
# the tests account for.
hypothesis_settings.register_profile(
    "ci",
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def planner_rows(table: str) -> int | None:
    """How many rows the database's planner believes the table has."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx IS NOT NULL LIMIT 1", [table])
            row = cursor.fetchone()
            return int(row[0].split()[0]) if row else None
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return int(cursor.fetchone()[0])


def forget_planner_rows(table: str) -> None:
    """Undo an earlier test's ANALYZE (statistics outlive the test's rolled-back rows)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cursor.execute("UPDATE pg_class SET reltuples = -1 WHERE relname = %s", [table])
