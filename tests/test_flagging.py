"""Flagging by hand a contradiction the matcher missed."""

import datetime

import pytest
from django.urls import reverse

from factcheck.models import ClaimPair
from tests.conftest import HTMX, login
from tests.factories import make_document, make_source, make_statement

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
    assert "No statement of another source, nor of Ukraine in another document, matches" in own


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


def test_flagging_a_statement_of_the_same_source_in_the_same_document_is_refused(client, editor, two_sides):
    kyiv, _ = two_sides
    same = make_statement(source=kyiv.source)
    response = login(client, editor).post(reverse("factcheck:flag-create", args=[kyiv.pk]), {"other": same.pk})
    assert response.status_code == 400
    assert "two different sources, or of one source in two different documents" in response.content.decode()
    assert ClaimPair.objects.count() == 0


def test_a_source_contradicting_itself_across_documents_can_be_flagged(client, editor):
    kremlin = make_source(name="Kremlin")
    march = make_document(title="Kremlin in March", outlet="Wire", published=datetime.date(2014, 3, 4))
    april = make_document(title="Kremlin in April", outlet="Wire", published=datetime.date(2014, 4, 17))
    before = make_statement(source=kremlin, document=march, text="There are no Russian troops in Crimea.")
    after = make_statement(source=kremlin, document=april, text="Russian troops were deployed in Crimea.")
    also_march = make_statement(source=kremlin, document=march, text="Russian troops stayed in their barracks.")
    html = login(client, editor).get(before.get_absolute_url(), {"q": "Russian troops"}, headers=HTMX).content.decode()
    assert after.text in html
    assert also_march.text not in html  # the same document: not a contradiction of itself over time
    assert "same source, another document" in html
    assert "Kremlin in April · 17 Apr 2014" in html
    client.post(reverse("factcheck:flag-create", args=[before.pk]), {"other": after.pk})
    pair = ClaimPair.objects.get()
    assert pair.self_contradiction
    assert pair.status == "confirmed"
    assert "Kremlin contradicts itself" in client.get(pair.get_absolute_url()).content.decode()


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
