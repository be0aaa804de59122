import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from factcheck.models import ClaimPair, Document, Source, SourceAlias, Statement, normalize_name
from tests.factories import make_document, make_pair, make_source, make_statement

pytestmark = pytest.mark.django_db


def test_duplicate_pair_is_refused():
    pair = make_pair()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimPair.objects.create(statement_a=pair.statement_a, statement_b=pair.statement_b)
    assert ClaimPair.objects.count() == 1


def test_pair_in_reverse_order_is_refused_so_each_unordered_pair_has_one_row():
    pair = make_pair()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimPair.objects.create(statement_a=pair.statement_b, statement_b=pair.statement_a)
    assert ClaimPair.objects.count() == 1


def test_statement_cannot_pair_with_itself():
    statement = make_statement()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimPair.objects.create(statement_a=statement, statement_b=statement)
    assert ClaimPair.objects.count() == 0


def test_unknown_status_is_refused_by_the_database():
    pair = make_pair()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimPair.objects.filter(pk=pair.pk).update(status="maybe")
    pair.refresh_from_db()
    assert pair.status == "candidate"


def test_pair_clean_orders_statements_and_requires_two_sources():
    speaker = make_source()
    a = make_statement(source=speaker)
    b = make_statement(source=speaker)
    with pytest.raises(ValidationError, match="two different sources"):
        ClaimPair(statement_a=a, statement_b=b).full_clean()
    c = make_statement()
    reversed_pair = ClaimPair(statement_a=c, statement_b=a)
    reversed_pair.full_clean()
    assert (reversed_pair.statement_a_id, reversed_pair.statement_b_id) == (a.pk, c.pk)


def test_same_document_text_cannot_be_stored_twice():
    make_document(text="The same words.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(title="Copy", text="The same words.")
    assert Document.objects.count() == 1


def test_statement_span_needs_both_ends_and_a_document():
    source = make_source()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(source=source, text="x", start=3, end=None, document=make_document())
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(source=source, text="x", start=1, end=5)
    assert Statement.objects.count() == 0


def test_statement_span_outside_the_document_fails_validation():
    document = make_document(text="Short text.")
    statement = Statement(source=make_source(), document=document, text="Short", start=0, end=500)
    with pytest.raises(ValidationError, match="outside the document"):
        statement.full_clean()


def test_aliases_are_unique_regardless_of_case_and_accents():
    lukashenko = make_source(name="Alexander Lukashenko")
    SourceAlias.objects.create(source=lukashenko, name="Lukashenko")
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceAlias.objects.create(source=make_source(), name="  LUKASHENKO ")
    assert SourceAlias.objects.get().normalized == "lukashenko"
    assert normalize_name("Zelenskyy’s  Office") == normalize_name("zelenskyy's office")
    assert normalize_name("Lukašenka") == "lukasenka"


def test_source_label_shows_affiliation():
    assert Source(name="Oleksiy Danilov", affiliation="Ukraine").label == "Oleksiy Danilov (Ukraine)"
    assert Source(name="Belta").label == "Belta"
