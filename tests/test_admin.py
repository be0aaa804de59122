"""The admin is where people enter and correct data by hand."""

import pytest
from django.urls import reverse

from factcheck.models import ClaimPair, Document, Embedding, Review, Source, SourceAlias, Statement
from tests.factories import make_document, make_pair, make_source, make_statement

pytestmark = pytest.mark.django_db

MODELS = [Source, Document, Statement, Embedding, ClaimPair, Review]


@pytest.fixture
def rows(admin_user):
    pair = make_pair()
    SourceAlias.objects.create(source=pair.statement_a.source, name="An alias")
    pair.statement_a.document = make_document()
    pair.statement_a.save()
    Embedding.objects.create(statement=pair.statement_a, model_name="m", text_hash="h", dimensions=2, vector=b"\0" * 8)
    Review.objects.create(pair=pair, verdict="unclear", user=admin_user)
    return pair


def admin_url(model, view, *args):
    return reverse(f"admin:factcheck_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_answers_for_superuser(admin_client, rows, model):
    response = admin_client.get(admin_url(model, "changelist"), {"q": "a"})
    assert response.status_code == 200
    response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count() > 0


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_change_page_answers_for_superuser(admin_client, rows, model):
    obj = model.objects.first()
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", [Source, Document, Statement, ClaimPair, Review], ids=lambda m: m.__name__)
def test_add_page_answers_for_superuser(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


def test_embeddings_are_not_added_by_hand(admin_client):
    assert admin_client.get(admin_url(Embedding, "add")).status_code == 403


def test_person_enters_source_document_statements_and_pair_by_hand(admin_client):
    response = admin_client.post(
        admin_url(Source, "add"),
        {
            "name": "Alexander Lukashenko",
            "kind": "person",
            "title": "President",
            "affiliation": "Belarus",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "the Belarussian President",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    lukashenko = Source.objects.get(name="Alexander Lukashenko")
    assert lukashenko.aliases.get().normalized == "the belarussian president"
    pentagon = make_source(name="Pentagon official", kind="office", affiliation="US")

    text = "Not a single unit has left its base, the President said."
    response = admin_client.post(
        admin_url(Document, "add"),
        {
            "title": "Belarus denies",
            "outlet": "Belta",
            "url": "https://example.org/a",
            "published": "2022-03-01",
            "text": text,
            "statements-TOTAL_FORMS": "1",
            "statements-INITIAL_FORMS": "0",
            "statements-0-source": lukashenko.pk,
            "statements-0-mode": "reported",
            "statements-0-text": "Not a single unit has left its base.",
            "statements-0-start": "0",
            "statements-0-end": "35",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    document = Document.objects.get()
    denial = document.statements.get()
    assert (denial.source, text[denial.start : denial.end]) == (
        lukashenko,
        "Not a single unit has left its base",
    )

    response = admin_client.post(
        admin_url(Statement, "add"),
        {"source": pentagon.pk, "mode": "quote", "text": "Belarusian troops are entering Ukraine."},
    )
    assert response.status_code == 302
    claim = Statement.objects.get(source=pentagon)

    # Entered in the "wrong" order: the pair is stored with the lower id first.
    response = admin_client.post(
        admin_url(ClaimPair, "add"),
        {
            "statement_a": claim.pk,
            "statement_b": denial.pk,
            "kind": "denial",
            "cues": "{}",
            "reviews-TOTAL_FORMS": "1",
            "reviews-INITIAL_FORMS": "0",
            "reviews-0-verdict": "confirmed",
            "reviews-0-note": "Entered by hand",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    pair = ClaimPair.objects.get()
    assert (pair.statement_a, pair.statement_b) == (denial, claim)
    assert pair.status == "confirmed"
    assert pair.reviews.get().note == "Entered by hand"


def test_admin_refuses_pair_of_one_source(admin_client):
    source = make_source()
    a, b = make_statement(source=source), make_statement(source=source)
    response = admin_client.post(
        admin_url(ClaimPair, "add"),
        {
            "statement_a": a.pk,
            "statement_b": b.pk,
            "cues": "{}",
            "reviews-TOTAL_FORMS": "0",
            "reviews-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "two different sources" in response.content.decode()
    assert ClaimPair.objects.count() == 0


def test_review_added_in_admin_sets_pair_status_and_keeps_history(admin_client, admin_user):
    pair = make_pair()
    for verdict in ["confirmed", "dismissed"]:
        response = admin_client.post(admin_url(Review, "add"), {"pair": pair.pk, "verdict": verdict, "note": ""})
        assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == "dismissed"
    assert list(pair.reviews.values_list("verdict", "user")) == [
        ("confirmed", admin_user.pk),
        ("dismissed", admin_user.pk),
    ]


def test_reviews_cannot_be_edited_or_deleted_in_admin(admin_client, admin_user):
    review = Review.objects.create(pair=make_pair(), verdict="confirmed", user=admin_user, note="first")
    admin_client.post(admin_url(Review, "change", review.pk), {"pair": review.pair_id, "verdict": "dismissed"})
    assert admin_client.post(admin_url(Review, "delete", review.pk), {"post": "yes"}).status_code == 403
    review.refresh_from_db()
    assert (review.verdict, review.note) == ("confirmed", "first")


def test_changes_in_the_admin_are_logged_and_visible_in_its_history(admin_client):
    from django.contrib.admin.models import LogEntry

    source = make_source(name="Belta")
    response = admin_client.post(
        admin_url(Source, "change", source.pk),
        {
            "name": "Belta news agency",
            "kind": "outlet",
            "title": "",
            "affiliation": "Belarus",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get(object_id=str(source.pk))
    assert entry.is_change()
    assert "Name" in entry.get_change_message()
    history = admin_client.get(admin_url(Source, "history", source.pk)).content.decode()
    assert "Changed Name, Kind and Affiliation." in history
