"""Editors' verdicts on a pair: who may record them, CSRF, bad input, and how they are kept."""

import threading

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from factcheck.models import Review
from tests.conftest import HTMX, csrf_token, login, review_url
from tests.factories import make_pair, make_user

pytestmark = pytest.mark.django_db


def test_editor_records_a_verdict_and_is_sent_back(client, editor, pair):
    response = login(client, editor).post(review_url(pair), {"verdict": "confirmed", "note": "Both about Belarus"})
    assert response.status_code == 302
    assert response["Location"] == pair.get_absolute_url()
    review = Review.objects.get()
    assert (review.pair, review.user, review.verdict, review.note) == (pair, editor, "confirmed", "Both about Belarus")
    pair.refresh_from_db()
    assert pair.status == "confirmed"


def test_plain_post_goes_back_to_a_safe_next_only(client, editor, pair):
    login(client, editor)
    response = client.post(review_url(pair), {"verdict": "dismissed", "next": "/review/"})
    assert response["Location"] == "/review/"
    response = client.post(review_url(pair), {"verdict": "dismissed", "next": "https://evil.example/"})
    assert response["Location"] == pair.get_absolute_url()


def test_htmx_post_gets_the_updated_pair_fragment_and_an_event(client, editor, pair):
    response = login(client, editor).post(review_url(pair), {"verdict": "unclear"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="panel" id="pair-review"')
    assert "Unclear" in html
    assert '"verdict-recorded"' in response["HX-Trigger"]


def test_change_of_mind_is_a_new_review_and_status_is_the_latest(client, editor, pair):
    login(client, editor)
    for verdict in ["confirmed", "dismissed", "unclear"]:
        client.post(review_url(pair), {"verdict": verdict})
    pair.refresh_from_db()
    assert pair.status == "unclear"
    assert list(pair.reviews.values_list("verdict", flat=True)) == ["confirmed", "dismissed", "unclear"]
    html = client.get(pair.get_absolute_url()).content.decode()
    assert html.index("Confirmed contradiction") < html.index("Not a contradiction") < html.rindex("Unclear")


def test_anonymous_post_goes_to_login_and_records_nothing(client, pair):
    response = client.post(review_url(pair), {"verdict": "confirmed"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Review.objects.count() == 0


def test_anonymous_htmx_post_is_refused_with_a_login_redirect(client, pair):
    response = client.post(
        review_url(pair), {"verdict": "confirmed"}, headers={**HTMX, "HX-Current-URL": "http://testserver/pairs/1/"}
    )
    assert response.status_code == 403
    assert response["HX-Redirect"].startswith(reverse("login"))
    assert Review.objects.count() == 0


def test_logged_in_non_editor_is_forbidden(client, reader, pair):
    response = login(client, reader).post(review_url(pair), {"verdict": "confirmed"})
    assert response.status_code == 403
    assert Review.objects.count() == 0
    pair.refresh_from_db()
    assert pair.status == "candidate"


def test_staff_without_the_editor_permission_is_forbidden(client, pair):
    staff = make_user("staff", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_claimpair"))
    assert login(client, staff).post(review_url(pair), {"verdict": "confirmed"}).status_code == 403
    assert Review.objects.count() == 0


def test_post_without_csrf_token_is_forbidden(csrf_client, editor, pair):
    response = login(csrf_client, editor).post(review_url(pair), {"verdict": "confirmed"})
    assert response.status_code == 403
    assert Review.objects.count() == 0


def test_htmx_post_with_the_csrf_header_is_accepted(csrf_client, editor, pair):
    login(csrf_client, editor)
    token = csrf_token(csrf_client, pair.get_absolute_url())
    response = csrf_client.post(review_url(pair), {"verdict": "confirmed"}, headers={**HTMX, "X-CSRFToken": token})
    assert response.status_code == 200
    assert Review.objects.count() == 1


def test_page_puts_the_csrf_token_in_the_htmx_headers(client, pair):
    html = client.get(pair.get_absolute_url()).content.decode()
    assert 'hx-headers=\'{"x-csrftoken": "' in html


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"verdict": "maybe"}, "Select a valid choice"),
        ({}, "This field is required"),
        ({"verdict": "confirmed", "note": "x" * 2001}, "Ensure this value has at most 2000 characters"),
    ],
)
def test_bad_verdict_is_a_400_with_the_form_error_and_records_nothing(client, editor, pair, data, error):
    response = login(client, editor).post(review_url(pair), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert Review.objects.count() == 0


def test_bad_verdict_over_htmx_returns_the_fragment_with_the_error(client, editor, pair):
    response = login(client, editor).post(review_url(pair), {"verdict": "maybe"}, headers=HTMX)
    assert response.status_code == 400
    assert response.content.decode().lstrip().startswith('<section class="panel" id="pair-review"')


def test_review_of_a_missing_pair_is_404(client, editor):
    assert login(client, editor).post("/pairs/999999/review/", {"verdict": "confirmed"}).status_code == 404


def test_get_on_the_review_url_is_not_allowed(client, editor, pair):
    assert login(client, editor).get(review_url(pair)).status_code == 405


def test_review_form_shows_for_editors_only(client, editor, reader, pair):
    assert "Record verdict" not in client.get(pair.get_absolute_url()).content.decode()
    assert "Record verdict" not in login(client, reader).get(pair.get_absolute_url()).content.decode()
    assert "Record verdict" in login(client, editor).get(pair.get_absolute_url()).content.decode()


# -- the review queue ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_editors_reviewing_at_once_both_land_in_the_history(live_server):
    pair = make_pair()
    editors = [make_user(f"editor{i}", editor=True) for i in range(2)]
    clients = []
    for user in editors:
        client = Client()
        client.force_login(user)
        clients.append(client)
    import requests

    sessions = []
    for client in clients:
        session = requests.Session()
        session.cookies.set("sessionid", client.cookies["sessionid"].value)
        token = session.get(live_server.url + pair.get_absolute_url()).cookies["csrftoken"]
        sessions.append((session, token))
    barrier = threading.Barrier(len(sessions))
    results = []

    def review(session, token, verdict):
        barrier.wait()
        response = session.post(
            live_server.url + review_url(pair),
            data={"verdict": verdict},
            headers={"X-CSRFToken": token, "HX-Request": "true", "Referer": live_server.url},
        )
        results.append(response.status_code)

    threads = [
        threading.Thread(target=review, args=(*sessions[i], verdict))
        for i, verdict in enumerate(["confirmed", "dismissed"])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [200, 200]
    reviews = list(Review.objects.filter(pair=pair).order_by("created_at", "pk"))
    assert sorted(r.user.username for r in reviews) == ["editor0", "editor1"]
    pair.refresh_from_db()
    assert pair.status == reviews[-1].verdict
