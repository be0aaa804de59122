"""Sources: one person or body is one row, across documents, spellings and titles; editors merge by hand."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied

from factcheck.models import ClaimPair, Source, SourceAlias, Statement, name_key
from factcheck.services.corpus.sources import merge_sources, resolve_source
from tests.factories import make_document, make_pair, make_source, make_statement, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Al-Fahd", "Al Fahd"),
        ("U.S.", "US"),
        ("SITE Intelligence Group", "SITE intelligence group"),
        ("Rear Adm. John Kirby", "John Kirby"),
        ("Kim Jong-un", "Kim Jong Un"),
        ("Choe Kwan-il", "Choe Kwanil"),
    ],
)
def test_variant_spellings_of_one_source_are_one_row(first, second):
    kind = "person" if " " in first and first[0].isupper() and "Group" not in first else "organisation"
    one = resolve_source(name=first, kind=kind)
    two = resolve_source(name=second, kind=kind)
    assert one == two
    assert Source.objects.count() == 1


def test_a_surname_alone_never_joins_a_full_name_across_documents():
    kirby = resolve_source(name="John Kirby", kind="person")
    other = resolve_source(name="Kirby", kind="person")
    assert other != kirby


def test_different_people_with_one_surname_stay_apart():
    assert resolve_source(name="John Kirby", kind="person") != resolve_source(name="Jane Kirby", kind="person")


def test_a_near_spelling_never_joins_a_person_to_a_body():
    assert resolve_source(name="Jon Harmon", kind="person") != resolve_source(name="Jon Harmons", kind="organisation")


def test_name_keys_drop_titles_and_punctuation():
    assert name_key("Rear Adm. John Kirby") == name_key("john kirby") == "john kirby"
    assert name_key("U.S.") == "us"


def test_merging_keeps_every_name_moves_statements_and_is_logged(editor):
    fahd = make_source(name="Al Fahd")
    other = make_source(name="Mohammed al-Fahd")
    SourceAlias.objects.create(source=other, name="Fahd")
    moved = make_statement(source=other, text="The report is wrong.")
    report = merge_sources(target=fahd, other=other, user=editor)
    assert report.statements == 1
    assert not Source.objects.filter(pk=other.pk).exists()
    assert Statement.objects.get(pk=moved.pk).source == fahd
    assert {"Mohammed al-Fahd", "Fahd"} <= set(fahd.aliases.values_list("name", flat=True))
    assert "Merged Mohammed al-Fahd" in LogEntry.objects.get(object_id=str(fahd.pk)).change_message
    assert LogEntry.objects.filter(object_id=str(other.pk), action_flag=3).exists()


def test_merging_removes_unreviewed_pairs_inside_one_document_and_keeps_the_rest(editor):
    from factcheck.services.reviews import record_verdict

    one, two = make_source(name="Kyiv"), make_source(name="Ukraine")
    doc, other_doc = make_document(), make_document()
    make_pair(make_statement(source=one, document=doc), make_statement(source=two, document=doc))  # goes
    across = make_pair(make_statement(source=one, document=doc), make_statement(source=two, document=other_doc))
    reviewed = make_pair(make_statement(source=one, document=doc), make_statement(source=two, document=doc))
    record_verdict(pair=reviewed, user=editor, verdict="confirmed")
    report = merge_sources(target=one, other=two, user=editor)
    assert report.pairs_removed == 1
    assert set(ClaimPair.objects.values_list("pk", flat=True)) == {across.pk, reviewed.pk}


def test_only_editors_merge_sources(reader):
    with pytest.raises(PermissionDenied):
        merge_sources(target=make_source(), other=make_source(), user=reader)
    assert Source.objects.count() == 2


def test_the_admin_asks_which_source_stays_then_merges(admin_client):
    keep, drop = make_source(name="Islamic State"), make_source(name="ISIS")
    make_statement(source=drop)
    url = "/admin/factcheck/source/"
    data = {"action": "merge_selected", "_selected_action": [keep.pk, drop.pk]}
    page = admin_client.post(url, data)
    assert page.status_code == 200
    assert "Choose the one whose name stays" in page.content.decode()
    done = admin_client.post(url, {**data, "target": keep.pk})
    assert done.status_code == 302
    assert list(Source.objects.values_list("name", flat=True)) == ["Islamic State"]
    assert keep.aliases.filter(name="ISIS").exists()


def test_a_user_with_neither_right_cannot_merge():
    with pytest.raises(PermissionDenied):
        merge_sources(target=make_source(), other=make_source(), user=make_user("visitor"))


def test_a_sort_of_speaker_is_not_one_source_across_stories():
    """ "Police" in a Calcutta story and in a Ferguson story are two forces; "Calcutta police" is one."""
    assert resolve_source(name="Police", kind="office") != resolve_source(name="Police", kind="office")
    assert resolve_source(name="Calcutta police", kind="office") == resolve_source(
        name="Calcutta police", kind="office"
    )
