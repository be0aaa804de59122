"""The browsing pages: full pages for plain requests, fragments for htmx, fixed query counts."""

import pytest
from django.urls import reverse

from factcheck.models import ClaimPair
from tests.conftest import HTMX
from tests.factories import make_document, make_pair, make_source, make_statement

pytestmark = pytest.mark.django_db

LIST = reverse("factcheck:pair-list")


@pytest.fixture
def belarus():
    document = make_document(
        title="Ukraine threatens Belarus",
        outlet="Wire",
        text=(
            "Headline line\n"
            "Kyiv says missiles were flying from Belarus in the direction of Kiev, officials said.\n"
            '"There is no indication that Belarusian troops are entering Ukraine," the official underscored.'
        ),
    )
    text = document.text
    ukraine = make_source(name="Ukraine", kind="government", affiliation="Ukraine")
    pentagon = make_source(name="Pentagon official", kind="office", affiliation="US")
    missiles = make_statement(
        source=ukraine,
        document=document,
        text="Missiles were flying from Belarus in the direction of Kiev.",
        start=text.index("missiles"),
        end=text.index(", officials"),
    )
    quote = "There is no indication that Belarusian troops are entering Ukraine"
    no_indication = make_statement(
        source=pentagon,
        document=document,
        mode="quote",
        text=quote + ".",
        start=text.index(quote),
        end=text.index(quote) + len(quote),
    )
    pair = make_pair(
        missiles,
        no_indication,
        similarity=0.62,
        contradiction=0.91,
        kind="hedge",
        cues={"a": ["missiles"], "b": ["no indication"], "fired": ["hedge_vs_assertion"], "stance_b": "hedge"},
    )
    other = make_pair(similarity=0.35, contradiction=0.31)
    return {"pair": pair, "other": other, "document": document, "ukraine": ukraine, "missiles": missiles}


def test_list_is_a_full_page_without_htmx(client, belarus):
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("<!doctype html>")
    assert 'id="pair-list"' in html
    assert "Missiles were flying from Belarus" in html
    assert response["Vary"]
    assert "HX-Request" in response["Vary"]


def test_list_answers_htmx_with_the_fragment_only(client, belarus):
    response = client.get(LIST, {"q": "missiles"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="pair-list"')
    assert "<html" not in html
    assert "Missiles were flying" in html


def test_history_restore_gets_the_full_page(client, belarus):
    response = client.get(LIST, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert response.content.decode().startswith("<!doctype html>")


def test_strongest_clash_comes_first_and_scores_read_as_words(client, belarus):
    response = client.get(LIST)
    pairs = list(response.context["pairs"])
    assert pairs == [belarus["pair"], belarus["other"]]
    html = response.content.decode()
    assert "Strong clash" in html
    assert "Closely related" in html
    assert "91%" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "indication"}, ["pair"]),
        ({"q": "pentagon"}, ["pair"]),
        ({"q": "missiles ukraine"}, ["pair"]),  # a word of the text and one of its speaker's name
        ({"q": "missiles indication"}, []),  # every word must be in the same statement
        ({"q": "nothing-like-this"}, []),
        ({"status": "candidate"}, ["pair", "other"]),
        ({"status": "confirmed"}, []),
        ({"kind": "hedge"}, ["pair"]),
        ({"sort": "similarity"}, ["pair", "other"]),
    ],
)
def test_filters_and_search_narrow_the_list(client, belarus, params, expected):
    response = client.get(LIST, params)
    assert list(response.context["pairs"]) == [belarus[name] for name in expected]


def test_filter_by_source_and_document(client, belarus):
    by_source = client.get(LIST, {"source": belarus["ukraine"].pk})
    assert list(by_source.context["pairs"]) == [belarus["pair"]]
    by_document = client.get(LIST, {"document": belarus["document"].pk})
    assert list(by_document.context["pairs"]) == [belarus["pair"]]


def test_newest_sort_puts_the_latest_pair_first(client, belarus):
    response = client.get(LIST, {"sort": "newest"})
    assert next(iter(response.context["pairs"])) == belarus["other"]


def test_bad_filter_values_are_reported_and_ignored(client, belarus):
    response = client.get(LIST, {"status": "<script>", "source": "999999", "sort": "sideways", "page": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "<script>" not in html.split('id="pair-list"')[1]
    assert len(response.context["pairs"]) == 2


def test_pages_of_twenty_five(client):
    source_a, source_b = make_source(), make_source()
    for _ in range(30):
        make_pair(make_statement(source=source_a), make_statement(source=source_b))
    first = client.get(LIST)
    assert len(first.context["pairs"]) == 25
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(LIST, {"page": 2}, headers=HTMX)
    assert len(second.context["pairs"]) == 5
    assert client.get(LIST, {"page": 99}).context["page"].number == 2


def test_empty_database_explains_how_to_get_data(client):
    html = client.get(LIST).content.decode()
    assert "No claim pairs yet." in html
    assert "python manage.py ingest seeds/" in html


def test_no_match_explains_how_to_widen_the_search(client, belarus):
    html = client.get(LIST, {"q": "zzzz"}).content.decode()
    assert "No pairs match these filters." in html


def test_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    source_a, source_b = make_source(), make_source()
    document = make_document()
    for _ in range(25):
        make_pair(make_statement(source=source_a, document=document), make_statement(source=source_b))
    with django_assert_max_num_queries(8):
        client.get(LIST, {"q": "Statement", "sort": "similarity"})


def test_pair_page_shows_both_claims_highlighted_in_context(client, belarus):
    pair = belarus["pair"]
    response = client.get(pair.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'Kyiv says <mark class="claim"><strong class="cue">missiles</strong> were flying' in html
    assert '<mark class="claim">There is <strong class="cue">no indication</strong> that' in html
    assert "Why they were paired" in html
    assert "hedge_vs_assertion" in html
    assert "Hedge against assertion" in html


def test_pair_page_runs_a_fixed_number_of_queries(client, belarus, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get(belarus["pair"].get_absolute_url())


def test_missing_pair_is_a_404(client):
    assert client.get(reverse("factcheck:pair-detail", args=[424242])).status_code == 404


def test_statement_source_and_document_pages(client, belarus, django_assert_max_num_queries):
    for url in [
        belarus["missiles"].get_absolute_url(),
        belarus["ukraine"].get_absolute_url(),
        belarus["document"].get_absolute_url(),
    ]:
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200
        assert "Missiles were flying from Belarus" in response.content.decode() or "missiles were flying" in (
            response.content.decode()
        )


def test_document_page_marks_each_speakers_statements(client, belarus):
    html = client.get(belarus["document"].get_absolute_url()).content.decode()
    assert 'class="said speaker-0"' in html
    assert 'class="said speaker-1"' in html
    assert html.count('class="said ') == 2


@pytest.mark.parametrize("name", ["statement-detail", "source-detail", "document-detail"])
def test_missing_objects_are_404(client, name):
    assert client.get(reverse(f"factcheck:{name}", args=[424242])).status_code == 404


def test_statement_text_is_escaped_everywhere(client):
    evil = make_statement(text='<script>alert("x")</script> said <b>bold</b>', source=make_source(name="<i>Evil</i>"))
    pair = make_pair(evil, make_statement(), contradiction=0.9)
    for url in [LIST, pair.get_absolute_url(), evil.get_absolute_url(), evil.source.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert '<script>alert("x")</script>' not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
        assert "<i>Evil</i>" not in html


def test_pages_send_a_content_security_policy_without_inline_script(client, belarus):
    response = client.get(LIST)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert "<script>" not in html
    assert " style=" not in html
    assert " onclick=" not in html


def test_only_get_is_allowed_on_pages(client, belarus):
    assert client.post(LIST).status_code == 405
    assert ClaimPair.objects.count() == 2


def test_search_finds_substrings_in_any_case_and_follows_edits_and_deletes():
    from factcheck.selectors import matching_statements

    statement = make_statement(text="The Government of Zürich denied the report.", source=make_source(name="Canton"))
    other = make_statement(text="Nothing to see.")
    assert list(matching_statements("overnm")) == [statement]  # inside a word
    assert list(matching_statements("GOVERNMENT zürich")) == [statement]  # SQLite folds ASCII case only
    assert list(matching_statements("of")) == [statement]  # two letters: searched without the index
    assert list(matching_statements("canton denied")) == [statement]  # speaker and text together
    statement.text = "The council approved the plan."
    statement.save()
    assert list(matching_statements("government")) == []
    assert list(matching_statements("council")) == [statement]
    statement.delete()
    assert list(matching_statements("council")) == []
    assert list(matching_statements("nothing")) == [other]
    assert list(matching_statements("100%_\\")) == []
    assert list(matching_statements('"nothing to"')) == []  # quote marks are text to find, not syntax
    assert list(matching_statements('nothing "to" see')) == []


def test_search_finds_a_speaker_by_alias_on_the_pages_and_the_api_alike(client, belarus):
    """One meaning of a statement search: a word of the speaker's alias matches on the pair list,
    the API's pairs and the API's statements."""
    from factcheck.models import SourceAlias

    SourceAlias.objects.create(source=belarus["pair"].statement_b.source, name="Department of Defense")
    assert list(client.get(LIST, {"q": "defense indication"}).context["pairs"]) == [belarus["pair"]]
    assert [p["id"] for p in client.get("/api/pairs/", {"q": "defense indication"}).json()["results"]] == [
        belarus["pair"].pk
    ]
    found = client.get("/api/statements/", {"q": "defense indication"}).json()["results"]
    assert [s["id"] for s in found] == [belarus["pair"].statement_b.pk]


def test_pair_page_says_in_words_what_the_two_share_and_how_each_holds_it(client, belarus):
    html = client.get(belarus["pair"].get_absolute_url()).content.decode()
    assert "Both speak of Belarus." in html
    assert "The same article quotes both." in html
    assert (
        '<strong>Pentagon official</strong> <span class="stance stance-hedge">withholds judgement on</span>: ' in html
    )
    assert "Belarusian troops are entering Ukraine." in html  # the core, without "There is no indication that"
    assert '<strong>Ukraine</strong> <span class="stance stance-assertion">asserts</span>' in html
    # The raw numbers and the model go to the details line.
    assert 'class="small muted details">Probability of contradiction 0.910 · cosine 0.620' in html


def test_a_repeat_of_the_same_two_texts_is_listed_under_its_first_pair(client, belarus):
    first = belarus["pair"]
    copy = make_document(title="Ukraine threatens Belarus (copy)", text=belarus["document"].text + " (AP)")
    repeat = make_pair(
        make_statement(source=first.statement_a.source, document=copy, text=first.statement_a.text),
        make_statement(source=first.statement_b.source, document=copy, text=first.statement_b.text),
        contradiction=0.91,
        duplicate_of=first,
    )
    html = client.get(LIST).content.decode()
    assert f"Open pair {repeat.pk}" not in html
    assert "and 1 more report of the same two statements" in html
    assert f'href="{repeat.get_absolute_url()}">pair {repeat.pk}</a>' in html
    assert "Also reported in 1 more document" in client.get(first.get_absolute_url()).content.decode()
    # One document's pairs show its repeats too.
    assert f"Open pair {repeat.pk}" in client.get(LIST, {"document": copy.pk}).content.decode()


def test_the_same_words_from_two_sources_are_shown_and_listed(client, belarus):
    from factcheck.models import SameWords

    quote = belarus["missiles"]
    outlet = make_statement(source=make_source(name="Daily Mail", kind="outlet"), text=quote.text)
    a, b = sorted([quote.pk, outlet.pk])
    SameWords.objects.create(statement_a_id=a, statement_b_id=b, similarity=1.0)
    html = client.get(quote.get_absolute_url()).content.decode()
    assert "The same words are attributed to" in html
    assert f'<a href="{outlet.get_absolute_url()}">Daily Mail</a>' in html
    listing = client.get(reverse("factcheck:same-words-list")).content.decode()
    assert "1 case" in listing
    assert "Daily Mail" in listing
    assert "0 cases" in client.get(reverse("factcheck:same-words-list"), {"q": "zzzz"}).content.decode()
    fragment = client.get(reverse("factcheck:same-words-list"), {"q": "Mail"}, headers=HTMX).content.decode()
    assert fragment.lstrip().startswith('<section id="same-words"')
