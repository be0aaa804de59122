"""Editors' verdicts: who may record them, how they are kept, and the editor tools."""

import threading

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from factcheck.models import ClaimPair, Review
from tests.factories import make_pair, make_source, make_statement, make_user

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def review_url(pair):
    return reverse("factcheck:review-create", args=[pair.pk])


@pytest.fixture
def csrf_client():
    """A client that checks CSRF tokens like a browser's requests are checked."""
    return Client(enforce_csrf_checks=True)


def csrf_token(client, url="/") -> str:
    client.get(url)
    return client.cookies["csrftoken"].value


def login(client, user):
    client.force_login(user)
    return client


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


# -- flagging by hand ----------------------------------------------------------------------------


@pytest.fixture
def two_sides():
    kyiv = make_statement(source=make_source(name="Ukraine"), text="Missiles flew from Belarus toward Kyiv.")
    minsk = make_statement(source=make_source(name="Lukashenko"), text="No missile was launched from Belarus.")
    return kyiv, minsk


def test_editor_finds_a_statement_by_search_as_you_type(client, editor, two_sides):
    kyiv, _minsk = two_sides
    response = login(client, editor).get(kyiv.get_absolute_url(), {"q": "missile launched"}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="flag-results">')
    assert "No missile was launched from Belarus." in html
    own = client.get(kyiv.get_absolute_url(), {"q": "Missiles flew"}, headers=HTMX).content.decode()
    assert "No statement of another source matches" in own


def test_editor_flags_a_missed_contradiction_as_confirmed(client, editor, two_sides):
    kyiv, minsk = two_sides
    response = login(client, editor).post(
        reverse("factcheck:flag-create", args=[kyiv.pk]), {"other": minsk.pk, "note": "Matcher missed it"}
    )
    pair = ClaimPair.objects.get()
    assert response.status_code == 302
    assert response["Location"] == pair.get_absolute_url()
    assert (pair.statement_a, pair.statement_b, pair.status) == (kyiv, minsk, "confirmed")
    review = pair.reviews.get()
    assert (review.user, review.verdict, review.note) == (editor, "confirmed", "Matcher missed it")


def test_flagging_over_htmx_redirects_to_the_pair(client, editor, two_sides):
    kyiv, minsk = two_sides
    response = login(client, editor).post(
        reverse("factcheck:flag-create", args=[minsk.pk]), {"other": kyiv.pk}, headers=HTMX
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == ClaimPair.objects.get().get_absolute_url()


def test_flagging_a_statement_of_the_same_source_is_refused(client, editor, two_sides):
    kyiv, _ = two_sides
    same = make_statement(source=kyiv.source)
    response = login(client, editor).post(reverse("factcheck:flag-create", args=[kyiv.pk]), {"other": same.pk})
    assert response.status_code == 400
    assert "same source" in response.content.decode()
    assert ClaimPair.objects.count() == 0


def test_flagging_needs_an_editor(client, reader, two_sides):
    kyiv, minsk = two_sides
    assert client.post(reverse("factcheck:flag-create", args=[kyiv.pk]), {"other": minsk.pk}).status_code == 302
    assert (
        login(client, reader).post(reverse("factcheck:flag-create", args=[kyiv.pk]), {"other": minsk.pk}).status_code
        == 403
    )
    assert ClaimPair.objects.count() == 0


# -- logging in ----------------------------------------------------------------------------------


def test_login_is_throttled_after_five_failures(client, editor):
    cache.clear()
    url = reverse("login")
    for _ in range(5):
        response = client.post(url, {"username": "editor", "password": "wrong"})
        assert "Please enter a correct username and password" in response.content.decode()
    response = client.post(url, {"username": "editor", "password": "pw-for-tests-1"})
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()
    response = client.post(url, {"username": "editor", "password": "pw-for-tests-1"})
    assert response.status_code == 302


def test_admin_login_is_throttled_too(client, admin_user):
    cache.clear()
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "admin", "password": "wrong"})
    response = client.post(url, {"username": "admin", "password": "password"})
    assert "Too many failed log-ins" in response.content.decode()
    cache.clear()


# -- two editors at once -------------------------------------------------------------------------


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


# -- verdicts as data: export and calibration ------------------------------------------------------


@pytest.fixture
def verdicts(editor):
    from factcheck.services.reviews import record_verdict

    a, b = make_source(name="Kyiv"), make_source(name="Minsk")
    made = []
    for n, (score, verdict) in enumerate(
        [
            (0.95, "confirmed"),
            (0.9, "confirmed"),
            (0.85, "confirmed"),
            (0.8, "dismissed"),
            (0.75, "confirmed"),
            (0.7, "confirmed"),
            (0.6, "dismissed"),
            (0.5, "dismissed"),
            (0.45, "dismissed"),
            (0.4, "dismissed"),
            (0.35, "unclear"),
            (0.3, None),
        ]
    ):
        pair = make_pair(
            make_statement(source=a, text=f"Claim {n}."),
            make_statement(source=b, text=f"Counter {n}."),
            contradiction=score,
        )
        if verdict:
            record_verdict(pair=pair, user=editor, verdict=verdict, note="")
        made.append(pair)
    return made


def test_export_reviews_writes_confirmed_and_dismissed_pairs(tmp_path, verdicts):
    import csv

    from django.core.management import call_command

    path = tmp_path / "reviews.csv"
    call_command("export_reviews", str(path))
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert list(rows[0]) == ["text_a", "text_b", "label", "source_a", "source_b", "reviewer", "at"]
    assert len(rows) == 10
    assert rows[0]["label"] == "contradiction"
    assert rows[3]["label"] == "compatible"
    assert (rows[0]["source_a"], rows[0]["source_b"], rows[0]["reviewer"]) == ("Kyiv", "Minsk", "editor")


def test_calibrate_sets_the_threshold_that_keeps_the_confirmed_pairs(verdicts, capsys):
    from django.core.management import call_command

    from factcheck.services.matcher.thresholds import pairing_threshold

    call_command("calibrate", "--recall", "0.8")
    out = capsys.readouterr().out
    # five confirmed pairs; keeping 80% (four) puts the threshold at the fourth highest, 0.75
    assert "threshold=0.750" in out
    assert "false_positive_rate=20.0%" in out
    assert pairing_threshold() == 0.75


def test_calibrate_needs_enough_verdicts(editor):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Not enough verdicts to calibrate: 0 confirmed and 0 dismissed"):
        call_command("calibrate")


def test_pair_page_shows_how_often_editors_agreed_at_that_score(client, verdicts):
    html = client.get(verdicts[1].get_absolute_url()).content.decode()
    assert "Of 2 reviewed pairs scored 90–100%, editors confirmed 2 (100%) and dismissed 0." in html


def test_add_editor_creates_a_user_who_may_review(monkeypatch, capsys):
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from factcheck.services.reviews import can_review

    monkeypatch.setenv("FACTCHECK_EDITOR_PASSWORD", "a-long-enough-passphrase-42")
    call_command("add_editor", "maria", "--no-input")
    maria = User.objects.get(username="maria")
    assert can_review(maria)
    assert maria.check_password("a-long-enough-passphrase-42")
    assert not maria.is_staff
    assert "maria is an editor." in capsys.readouterr().out


def test_add_editor_refuses_a_weak_password(monkeypatch):
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.management.base import CommandError

    monkeypatch.setenv("FACTCHECK_EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("add_editor", "weak", "--no-input")
    assert not User.objects.filter(username="weak").exists()


def test_a_flagged_pair_gets_the_similarity_of_the_stored_vectors(editor, two_sides):
    """Under the default (ONNX) backend vectors are stored as `all-MiniLM-L6-v2+onnx`; the flag looks
    them up under the same name the matcher stores them by."""
    import numpy as np

    from factcheck.models import Embedding
    from factcheck.services.matcher import embeddings
    from factcheck.services.matcher.matching import embed_statements
    from factcheck.services.reviews import flag_pair

    kyiv, minsk = two_sides
    assert embed_statements(statement_ids=[kyiv.pk, minsk.pk]) == 2
    vectors = {
        e.statement_id: np.frombuffer(e.vector, dtype=np.float32)
        for e in Embedding.objects.filter(model_name=embeddings.model_name())
    }
    pair = flag_pair(statement=kyiv, other=minsk, user=editor)
    assert pair.similarity is not None
    assert pair.similarity == pytest.approx(float(vectors[kyiv.pk] @ vectors[minsk.pk]), abs=1e-6)
