"""The editors' review queue: the strongest unreviewed candidate first, one at a time."""

import pytest
from django.urls import reverse

from factcheck.models import Review
from tests.conftest import HTMX, login, review_url
from tests.factories import make_pair, make_source, make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue():
    a, b = make_source(), make_source()
    return [make_pair(make_statement(source=a), make_statement(source=b), contradiction=c) for c in (0.9, 0.7, 0.5)]


def test_queue_shows_the_strongest_unreviewed_candidate(client, editor, queue):
    response = login(client, editor).get(reverse("factcheck:review-queue"))
    assert response.context["pair"] == queue[0]
    assert response.context["counts"] == {"waiting": 3, "done_by_me": 0, "reviewed": 0}


def test_reviewed_pair_leaves_the_queue(client, editor, queue):
    login(client, editor)
    client.post(review_url(queue[0]), {"verdict": "dismissed", "next": "/review/"})
    response = client.get(reverse("factcheck:review-queue"))
    assert response.context["pair"] == queue[1]
    assert response.context["counts"]["done_by_me"] == 1


def test_skipping_moves_to_the_next_pair_without_a_verdict(client, editor, queue):
    response = login(client, editor).get(reverse("factcheck:review-queue"), {"skip": [queue[0].pk]}, headers=HTMX)
    assert response.context["pair"] == queue[1]
    assert response.content.decode().lstrip().startswith('<section id="review-queue"')
    assert Review.objects.count() == 0


def test_empty_queue_says_so(client, editor):
    assert "The queue is empty." in login(client, editor).get(reverse("factcheck:review-queue")).content.decode()


def test_queue_is_for_editors_only(client, reader):
    assert client.get(reverse("factcheck:review-queue")).status_code == 302
    assert login(client, reader).get(reverse("factcheck:review-queue")).status_code == 403
