"""Flagging by hand a contradiction the matcher missed."""

import pytest
from django.urls import reverse

from factcheck.models import ClaimPair
from tests.conftest import HTMX, login
from tests.factories import make_source, make_statement

pytestmark = pytest.mark.django_db


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
