import os

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.factories import make_pair, make_user


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (shortlists, login throttling)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db):
    return make_user("editor", editor=True)


@pytest.fixture
def reader(db):
    return make_user("reader")


@pytest.fixture
def pair(db):
    return make_pair()


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
