"""The editor's lists (issue 19): sources, documents, statements; the pair list as a work queue."""

import datetime

import pytest
from django.urls import reverse

from factcheck.models import ClaimPair, SourceAlias
from factcheck.services.reviews import record_verdict
from tests.conftest import HTMX
from tests.factories import make_document, make_pair, make_source, make_statement, make_user

pytestmark = pytest.mark.django_db

SOURCES = reverse("factcheck:source-list")
DOCUMENTS = reverse("factcheck:document-list")
STATEMENTS = reverse("factcheck:statement-list")
PAIRS = reverse("factcheck:pair-list")


@pytest.fixture
def desk():
    kirby = make_source(name="John Kirby", kind="person", affiliation="Pentagon")
    SourceAlias.objects.create(source=kirby, name="Rear Adm. John Kirby")
    SourceAlias.objects.create(source=kirby, name="John Kirby")  # ingest keeps the name as an alias too
    ministry = make_source(name="Defence ministry", kind="office")
    quiet = make_source(name="Quiet Council", kind="government")
    story = make_document(title="Troops at the border", outlet="Wire", published=datetime.date(2014, 9, 1))
    copy = make_document(
        title="Troops at the border (copy)", outlet="Daily", published=datetime.date(2014, 9, 2), copy_of=story
    )
    later = make_document(title="Talks resume", outlet="Wire", published=datetime.date(2015, 1, 5))
    denial = make_statement(source=kirby, document=story, text="No troops have crossed the border.", stance="denial")
    claim = make_statement(source=ministry, document=later, text="Troops crossed the border at dawn.")
    make_statement(source=quiet, document=copy, text="The council met on Tuesday.")
    pair = make_pair(denial, claim, contradiction=0.9)
    return {"kirby": kirby, "ministry": ministry, "story": story, "later": later, "denial": denial, "pair": pair}


def test_the_header_links_every_list(client, desk):
    html = client.get(PAIRS).content.decode()
    for url in (STATEMENTS, SOURCES, DOCUMENTS, reverse("factcheck:same-words-list")):
        assert f'href="{url}"' in html


def test_sources_are_found_by_alias_and_sorted_by_clashes(client, desk):
    response = client.get(SOURCES, {"q": "rear adm"})
    assert [s.name for s in response.context["rows"]] == ["John Kirby"]
    html = response.content.decode()
    assert "also: Rear Adm. John Kirby</div>" in html  # the name itself is not repeated
    detail = client.get(response.context["rows"][0].get_absolute_url()).content.decode()
    assert "Also called: Rear Adm. John Kirby</p>" in detail
    by_clashes = client.get(SOURCES, {"sort": "clashes"}).context["rows"]
    assert [s.name for s in by_clashes][:2] == ["Defence ministry", "John Kirby"]  # one clash each, by name
    assert [s.n_clashes for s in by_clashes] == [1, 1, 0]
    assert [s.name for s in client.get(SOURCES, {"kind": "government"}).context["rows"]] == ["Quiet Council"]


def test_a_dismissed_pair_is_no_clash_in_the_counts(client, desk):
    record_verdict(pair=desk["pair"], user=make_user(editor=True), verdict="dismissed")
    assert [s.n_clashes for s in client.get(SOURCES).context["rows"]] == [0, 0, 0]


def test_a_verdict_changes_the_clash_counts_at_once_though_they_are_kept_a_minute(client, desk):
    assert [s.n_clashes for s in client.get(SOURCES, {"sort": "clashes"}).context["rows"]] == [1, 1, 0]
    record_verdict(pair=desk["pair"], user=make_user(editor=True), verdict="dismissed")
    assert [s.n_clashes for s in client.get(SOURCES, {"sort": "clashes"}).context["rows"]] == [0, 0, 0]


def test_documents_group_copies_of_a_story_and_filter_by_date(client, desk):
    rows = client.get(DOCUMENTS).context["rows"]
    assert [(d.title, d.n_copies) for d in rows] == [("Talks resume", 0), ("Troops at the border", 1)]
    in_2014 = client.get(DOCUMENTS, {"since": "2014-01-01", "until": "2014-12-31"}).context["rows"]
    assert [d.title for d in in_2014] == ["Troops at the border"]
    bad = client.get(DOCUMENTS, {"since": "2015-01-01", "until": "2014-01-01"})
    assert "The end of the range is before its start." in bad.content.decode()


def test_statements_filter_by_source_stance_and_pairs(client, desk):
    rows = client.get(STATEMENTS, {"source": desk["kirby"].pk}).context["rows"]
    assert [s.text for s in rows] == ["No troops have crossed the border."]
    assert [s.text for s in client.get(STATEMENTS, {"stance": "denial"}).context["rows"]] == [desk["denial"].text]
    unpaired = client.get(STATEMENTS, {"pairs": "no"}).context["rows"]
    assert [s.text for s in unpaired] == ["The council met on Tuesday."]
    assert len(client.get(STATEMENTS, {"pairs": "yes"}).context["rows"]) == 2


def test_lists_answer_htmx_with_their_results_only_and_work_as_plain_pages(client, desk):
    for url, target in ((SOURCES, "source-list"), (DOCUMENTS, "document-list"), (STATEMENTS, "statement-list")):
        page = client.get(url).content.decode()
        assert page.startswith("<!doctype html>")
        assert f'<section id="{target}"' in page
        fragment = client.get(url, {"q": "border"}, headers=HTMX).content.decode()
        assert fragment.lstrip().startswith(f'<section id="{target}"')
        assert "<html" not in fragment


def test_empty_lists_say_how_to_fill_them(client):
    assert "No sources yet." in client.get(SOURCES).content.decode()
    assert "No documents yet." in client.get(DOCUMENTS).content.decode()
    assert "No statements yet." in client.get(STATEMENTS).content.decode()
    assert "No source matches these filters." in client.get(SOURCES, {"q": "zzz"}).content.decode()


def test_the_api_takes_the_same_filters(client, desk):
    got = client.get("/api/statements/", {"stance": "denial", "pairs": "yes"}).json()
    assert [r["text"] for r in got["results"]] == [desk["denial"].text]
    sources = client.get("/api/sources/", {"sort": "statements"}).json()["results"]
    assert len(sources) == 3
    documents = client.get("/api/documents/", {"since": "2015-01-01"}).json()["results"]
    assert [d["title"] for d in documents] == ["Talks resume"]
    assert client.get("/api/statements/", {"pairs": "maybe"}).status_code == 422


def test_the_pair_list_is_a_work_queue_dismissed_pairs_only_when_asked(client, desk):
    editor = make_user(editor=True)
    settled = make_pair(contradiction=0.95)
    record_verdict(pair=settled, user=editor, verdict="dismissed")
    shown = list(client.get(PAIRS).context["pairs"])
    assert shown == [desk["pair"]]
    assert settled in list(client.get(PAIRS, {"status": "all"}).context["pairs"])
    assert list(client.get(PAIRS, {"status": "dismissed"}).context["pairs"]) == [settled]
    html = client.get(PAIRS, {"status": "dismissed"}).content.decode()
    assert "Dismissed: no clash" in html
    assert "Strong clash" not in html


def test_with_every_pair_settled_the_list_says_so(client, desk):
    record_verdict(pair=desk["pair"], user=make_user(editor=True), verdict="dismissed")
    html = client.get(PAIRS).content.decode()
    assert "No open pairs." in html
    assert 'href="?status=all"' in html


def test_score_words_follow_the_calibrated_threshold(desk, settings, tmp_path):
    import json

    from django.core.cache import cache

    (tmp_path / "calibration.json").write_text(json.dumps({"threshold": 0.7}))
    settings.FACTCHECK_SCORER_MODEL = str(tmp_path)
    cache.clear()
    pair = ClaimPair(contradiction=0.72, status="candidate")
    assert pair.contradiction_words == "Likely clash"  # over the scorer's threshold, under halfway to 1
    pair.contradiction = 0.86
    assert pair.contradiction_words == "Strong clash"
    pair.contradiction = 0.5
    assert pair.contradiction_words == "Possible clash"  # stored (over 0.2), not called


def test_an_editor_merges_a_duplicate_source_from_its_page(client, editor, desk):
    from django.contrib.admin.models import LogEntry

    from tests.conftest import login

    kirby = desk["kirby"]
    twin = make_source(name="J. Kirby", kind="person")
    make_statement(source=twin, document=desk["later"], text="The strikes will go on.")
    page = login(client, editor).get(kirby.get_absolute_url(), {"merge": "Kirby"}).content.decode()
    assert "Merge J. Kirby into John Kirby" in page
    response = client.post(reverse("factcheck:source-merge", args=[kirby.pk]), {"other": twin.pk})
    assert response.status_code == 302
    kirby.refresh_from_db()
    assert kirby.statements.count() == 2
    assert "J. Kirby" in set(kirby.aliases.values_list("name", flat=True))
    assert LogEntry.objects.filter(object_id=str(kirby.pk), change_message__startswith="Merged J. Kirby").exists()
    followed = client.get(response["Location"]).content.decode()
    assert "Merged J. Kirby into John Kirby: 1 statement moved" in followed


def test_only_editors_merge_and_only_with_a_csrf_token(client, reader, csrf_client, editor, desk):
    from tests.conftest import csrf_token, login

    kirby, ministry = desk["kirby"], desk["ministry"]
    url = reverse("factcheck:source-merge", args=[kirby.pk])
    assert client.post(url, {"other": ministry.pk}).status_code == 302  # to the login page
    assert login(client, reader).post(url, {"other": ministry.pk}).status_code == 403
    assert "Merge a duplicate" not in client.get(kirby.get_absolute_url()).content.decode()
    login(csrf_client, editor)
    assert csrf_client.post(url, {"other": ministry.pk}).status_code == 403  # no token
    token = csrf_token(csrf_client, kirby.get_absolute_url())
    assert csrf_client.post(url, {"other": kirby.pk, "csrfmiddlewaretoken": token}).status_code == 400  # itself
    assert csrf_client.post(url, {"other": 424242, "csrfmiddlewaretoken": token}).status_code == 400
    assert ministry.statements.count() == 1
