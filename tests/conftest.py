import pytest

from tests.factories import make_pair, make_user


@pytest.fixture
def editor(db):
    return make_user("editor", editor=True)


@pytest.fixture
def reader(db):
    return make_user("reader")


@pytest.fixture
def pair(db):
    return make_pair()
