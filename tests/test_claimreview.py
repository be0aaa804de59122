"""schema.org ClaimReview: on confirmed pairs' pages, as an exported feed, and read back as statements."""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from factcheck.models import ClaimPair, Document, Review, Source, SourceAlias, Statement
from factcheck.services.reviews import record_verdict
from tests.factories import make_document, make_pair, make_source, make_statement

pytestmark = pytest.mark.django_db

VOCABULARY = json.loads((Path(__file__).parent / "data" / "schemaorg_vocabulary.json").read_text())
LITERAL_TYPES = {"Text", "URL", "Date", "DateTime", "Number"}
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def schema_problems(node, *, path="$", expected: list[str] | None = None) -> list[str]:
    """Every @type, property and nested value checked against schema.org's definitions (release 30.0)."""
    problems = []
    if isinstance(node, list):
        for number, item in enumerate(node):
            problems += schema_problems(item, path=f"{path}[{number}]", expected=expected)
        return problems
    if not isinstance(node, dict):
        if expected and not LITERAL_TYPES & set(expected):
            problems.append(f"{path}: a literal where schema.org expects {expected}")
        return problems
    kind = node.get("@type")
    if kind not in VOCABULARY["types"]:
        return [f"{path}: @type {kind!r} is not one of the schema.org types checked here"]
    ancestors = VOCABULARY["types"][kind]["ancestors"]
    if expected and not set(ancestors) & set(expected):
        problems.append(f"{path}: a {kind} where schema.org expects {expected}")
    for name, value in node.items():
        if name == "@context":
            if value != "https://schema.org" or path != "$":
                problems.append(f"{path}: @context {value!r}")
        elif name != "@type":
            if name not in VOCABULARY["types"][kind]["properties"]:
                problems.append(f"{path}: {name!r} is not a schema.org property of {kind}")
            else:
                problems += schema_problems(value, path=f"{path}.{name}", expected=VOCABULARY["ranges"][name])
    return problems


def json_ld_blocks(html: str) -> list:
    return [json.loads(block) for block in JSON_LD.findall(html)]


@pytest.fixture
def confirmed(editor):
    belarus = make_source(name="Belarus", kind="government")
    lukashenko = make_source(
        name="Alexander Lukashenko", kind="person", title="President of Belarus", affiliation="Belarus", parent=belarus
    )
    SourceAlias.objects.create(source=lukashenko, name="Lukashenko")
    pentagon = make_source(name="Pentagon official", kind="office", affiliation="US")
    document = make_document(
        title="Ukraine threatens Belarus",
        outlet="Wire",
        url="https://example.org/belarus",
        published="2022-03-01",
        text="Not a single part of the army has left its base, Lukashenko said.",
    )
    denial = make_statement(
        source=lukashenko, document=document, text="Not a single part of the army has left its base.", start=0, end=47
    )
    sighting = make_statement(source=pentagon, text="Belarusian troops are moving into Ukraine.")
    pair = make_pair(denial, sighting, contradiction=0.9, kind="denial")
    record_verdict(pair=pair, user=editor, verdict="confirmed", note="Satellite pictures show the convoy.")
    return {"pair": pair, "denial": denial, "sighting": sighting, "lukashenko": lukashenko}


def test_confirmed_pair_page_carries_a_claimreview_per_side(client, confirmed):
    pair = confirmed["pair"]
    html = client.get(pair.get_absolute_url()).content.decode()
    [reviews] = json_ld_blocks(html)
    assert len(reviews) == 2
    first, second = reviews
    assert first["@type"] == "ClaimReview"
    assert first["url"] == f"http://testserver/pairs/{pair.pk}/"
    assert first["claimReviewed"] == "Not a single part of the army has left its base."
    assert first["datePublished"] == Review.objects.get().created_at.date().isoformat()
    assert first["author"] == {"@type": "Organization", "name": "factcheck", "url": "http://testserver/"}
    claim = first["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"] == {
        "@type": "Person",
        "name": "Alexander Lukashenko",
        "url": f"http://testserver/sources/{confirmed['lukashenko'].pk}/",
        "alternateName": ["Lukashenko"],
        "jobTitle": "President of Belarus",
        "affiliation": {"@type": "Organization", "name": "Belarus"},
    }
    assert claim["datePublished"] == "2022-03-01"
    assert claim["appearance"] == {
        "@type": "CreativeWork",
        "headline": "Ukraine threatens Belarus",
        "url": "https://example.org/belarus",
        "datePublished": "2022-03-01",
        "publisher": {"@type": "Organization", "name": "Wire"},
    }
    assert first["citation"]["text"] == "Belarusian troops are moving into Ukraine."
    assert first["citation"]["author"]["@type"] == "Organization"
    assert first["reviewRating"]["alternateName"] == "Contradicted by Pentagon official"
    assert "Satellite pictures show the convoy." in first["reviewRating"]["ratingExplanation"]
    assert second["claimReviewed"] == "Belarusian troops are moving into Ukraine."
    assert second["reviewRating"]["alternateName"] == "Contradicted by Alexander Lukashenko"


def test_every_type_and_property_is_schema_org_vocabulary(client, confirmed):
    html = client.get(confirmed["pair"].get_absolute_url()).content.decode()
    for review in json_ld_blocks(html)[0]:
        assert schema_problems(review) == []


def test_the_vocabulary_check_catches_made_up_terms():
    assert schema_problems({"@context": "https://schema.org", "@type": "ClaimReview", "verdict": "x"}) == [
        "$: 'verdict' is not a schema.org property of ClaimReview"
    ]
    assert schema_problems({"@type": "Claim", "author": {"@type": "Rating"}}) == [
        "$.author: a Rating where schema.org expects ['Organization', 'Person']"
    ]
    assert schema_problems({"@type": "Fact"}) == ["$: @type 'Fact' is not one of the schema.org types checked here"]
    assert schema_problems({"@type": "Person", "jobTitle": "x", "parentOrganization": {"@type": "Organization"}})


@pytest.mark.parametrize("verdict", [None, "dismissed", "unclear"])
def test_other_pairs_carry_no_claimreview(client, editor, verdict):
    pair = make_pair()
    if verdict:
        record_verdict(pair=pair, user=editor, verdict="confirmed")
        record_verdict(pair=pair, user=editor, verdict=verdict)
    html = client.get(pair.get_absolute_url()).content.decode()
    assert "application/ld+json" not in html


def test_statement_text_cannot_break_out_of_the_data_block(client, editor):
    evil = '</script><script>alert("x")</script><!-- & "quotes"'
    pair = make_pair(make_statement(text=evil, source=make_source(name="</script>")), make_statement())
    record_verdict(pair=pair, user=editor, verdict="confirmed", note="<b>bold</b> & </SCRIPT>")
    html = client.get(pair.get_absolute_url()).content.decode()
    block = html[html.index('<script type="application/ld+json">') :]
    block = block[: block.index("</script>") + len("</script>")]
    assert "<" not in block[len('<script type="application/ld+json">') : -len("</script>")]
    reviews = json_ld_blocks(html)[0]
    texts = {reviews[0]["claimReviewed"], reviews[1]["claimReviewed"]}
    assert evil in texts
    assert "<script>alert" not in html


def test_pair_page_queries_stay_bounded_with_the_markup(client, confirmed, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get(confirmed["pair"].get_absolute_url())


def test_export_writes_every_confirmed_pair_as_a_data_feed(tmp_path, confirmed, editor, capsys):
    make_pair()  # a candidate: not in the feed
    out = tmp_path / "feed.json"
    call_command("export_claimreview", str(out), "--base-url", "https://facts.example")
    assert "Wrote 2 ClaimReviews of 1 confirmed pairs" in capsys.readouterr().out
    feed = json.loads(out.read_text())
    assert feed["@type"] == "DataFeed"
    assert len(feed["dataFeedElement"]) == 2
    assert feed["dataFeedElement"][0]["url"] == f"https://facts.example/pairs/{confirmed['pair'].pk}/"
    assert schema_problems(feed) == []


def test_export_refuses_a_base_url_that_is_not_a_web_address(tmp_path):
    with pytest.raises(CommandError, match="is not an http"):
        call_command("export_claimreview", str(tmp_path / "f.json"), "--base-url", "javascript:alert(1)")


def test_import_reads_an_exported_feed_back_as_statements(tmp_path, confirmed, capsys):
    out = tmp_path / "feed.json"
    call_command("export_claimreview", str(out))
    ClaimPair.objects.all().delete()
    Statement.objects.all().delete()
    SourceAlias.objects.all().delete()
    Source.objects.update(parent=None)
    Source.objects.all().delete()
    Document.objects.all().delete()

    call_command("import_claimreview", str(out))
    assert "Imported 2 statements from 2 sources; 2 already stored" in capsys.readouterr().out
    denial = Statement.objects.get(source__name="Alexander Lukashenko")
    assert denial.text == "Not a single part of the army has left its base."
    assert (denial.document.title, denial.document.url, str(denial.said_on)) == (
        "Ukraine threatens Belarus",
        "https://example.org/belarus",
        "2022-03-01",
    )
    assert (denial.source.kind, denial.source.title) == ("person", "President of Belarus")
    assert set(denial.source.aliases.values_list("name", flat=True)) >= {"Lukashenko"}
    assert Statement.objects.get(source__name="Pentagon official").source.kind == "organisation"

    call_command("import_claimreview", str(out))
    assert "Imported 0 statements from 0 sources; 4 already stored" in capsys.readouterr().out
    assert Statement.objects.count() == 2


def test_import_reads_another_fact_checkers_feed(tmp_path):
    feed = {
        "@context": "http://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {
                "@type": "DataFeedItem",
                "item": [
                    {
                        "@context": "http://schema.org",
                        "@type": "ClaimReview",
                        "claimReviewed": "  The moon   is made of cheese. ",
                        "itemReviewed": {
                            "@type": "Claim",
                            "author": "Some Blogger",
                            "appearance": ["https://blog.example/moon"],
                            "datePublished": "2021-04-05T10:00:00Z",
                        },
                        "reviewRating": {"@type": "Rating", "alternateName": "False"},
                    }
                ],
            }
        ],
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed))
    call_command("import_claimreview", str(path))
    statement = Statement.objects.get()
    assert (statement.text, statement.source.name, statement.document.url, str(statement.said_on)) == (
        "The moon is made of cheese.",
        "Some Blogger",
        "https://blog.example/moon",
        "2021-04-05",
    )


def counts():
    return [model.objects.count() for model in (Statement, Source, Document, SourceAlias)]


@pytest.mark.parametrize(
    ("content", "messages"),
    [
        (b"", ["the file is empty"]),
        (b"\xff\xfe\x00not json", ["not UTF-8"]),
        (b"{not json", ["the file is not JSON"]),
        (b'{"@type": "Recipe"}', ["the file holds no ClaimReview"]),
        (
            json.dumps(
                [
                    {"@type": "ClaimReview", "claimReviewed": "Fine.", "itemReviewed": {"author": {"name": "A"}}},
                    {"@type": "ClaimReview", "itemReviewed": {"author": {"name": "B"}}},
                    {"@type": "ClaimReview", "claimReviewed": "No author."},
                    {
                        "@type": "ClaimReview",
                        "claimReviewed": "Bad date.",
                        "itemReviewed": {"author": "C", "datePublished": "yesterday"},
                    },
                    {
                        "@type": "ClaimReview",
                        "claimReviewed": "Bad link.",
                        "itemReviewed": {"author": "C", "appearance": "javascript:alert(1)"},
                    },
                ]
            ).encode(),
            [
                "4 problem(s)",
                "ClaimReview 2: no claim text",
                "ClaimReview 3: no author name",
                "ClaimReview 4: the claim's datePublished 'yesterday' is not a date",
                "ClaimReview 5: the appearance's url 'javascript:alert(1)' is not an http(s) address",
            ],
        ),
    ],
)
def test_a_bad_feed_is_refused_whole_with_the_reasons(tmp_path, content, messages):
    make_statement()
    before = counts()
    path = tmp_path / "feed.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("import_claimreview", str(path))
    assert "nothing imported" in str(error.value)
    for message in messages:
        assert message in str(error.value)
    assert counts() == before
