"""The read-only JSON API: filters and search as on the pages, pages of results, ids, caching, no writes."""

import pytest
from django.urls import reverse

from factcheck.models import ClaimPair, Document, Review, Source, SourceAlias, Statement
from factcheck.services.reviews import record_verdict
from tests.factories import make_document, make_pair, make_source, make_statement

pytestmark = pytest.mark.django_db

PAIRS = "/api/pairs/"


@pytest.fixture
def belarus(editor):
    state = make_source(name="Belarus", kind="government")
    lukashenko = make_source(name="Alexander Lukashenko", title="President", affiliation="Belarus", parent=state)
    SourceAlias.objects.create(source=lukashenko, name="Lukashenko")
    pentagon = make_source(name="Pentagon official", kind="office", affiliation="US")
    document = make_document(
        title="Ukraine threatens Belarus",
        outlet="Wire",
        url="https://example.org/belarus",
        text='"Not a single part has left its base," Lukashenko said. "There is no indication," the official said.',
    )
    text = document.text
    denial = make_statement(
        source=lukashenko,
        document=document,
        mode="quote",
        text="Not a single part has left its base",
        start=1,
        end=1 + len("Not a single part has left its base"),
    )
    indication = make_statement(source=pentagon, document=document, text="There is no indication of troops moving.")
    missiles = make_statement(source=make_source(name="Ukraine", kind="government"), text="Missiles flew from Belarus.")
    strong = make_pair(denial, missiles, similarity=0.61, contradiction=0.92, kind="denial", cues={"fired": ["denial"]})
    weak = make_pair(indication, missiles, similarity=0.71, contradiction=0.41, kind="hedge")
    record_verdict(pair=strong, user=editor, verdict="confirmed", note="Troops did move.")
    assert text
    return {
        "lukashenko": lukashenko,
        "state": state,
        "document": document,
        "denial": denial,
        "missiles": missiles,
        "strong": strong,
        "weak": weak,
    }


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_pair_list_gives_ids_scores_statements_and_links(client, belarus):
    response = client.get(PAIRS)
    body = response.json()
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert (body["count"], body["page"], body["pages"], body["next"], body["previous"]) == (2, 1, 1, None, None)
    first = body["results"][0]
    strong = belarus["strong"]
    assert first["id"] == strong.pk
    assert (first["status"], first["kind"], first["similarity"], first["contradiction"]) == (
        "confirmed",
        "denial",
        0.61,
        0.92,
    )
    assert first["cues"] == {"fired": ["denial"]}
    assert first["page_url"] == f"http://testserver/pairs/{strong.pk}/"
    side = first["statement_a"]
    assert side["id"] == belarus["denial"].pk
    assert side["source"] == {
        "id": belarus["lukashenko"].pk,
        "name": "Alexander Lukashenko",
        "page_url": f"http://testserver/sources/{belarus['lukashenko'].pk}/",
    }
    assert side["document"]["title"] == "Ukraine threatens Belarus"
    assert (side["mode"], side["start"], side["end"]) == ("quote", 1, 36)
    assert first["statement_b"]["document"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "indication"}, ["weak"]),
        ({"q": "lukashenko"}, ["strong"]),
        ({"q": "single base"}, ["strong"]),  # every word in one statement
        ({"q": "missiles base"}, []),  # words from two statements do not match
        ({"q": "nothing-like-this"}, []),
        ({"status": "confirmed"}, ["strong"]),
        ({"status": "candidate"}, ["weak"]),
        ({"kind": "hedge"}, ["weak"]),
        ({"sort": "similarity"}, ["weak", "strong"]),
        ({"sort": "newest"}, ["weak", "strong"]),
        ({"status": ""}, ["strong", "weak"]),
    ],
)
def test_pair_filters_and_search_are_the_pages_own(client, belarus, params, expected):
    assert ids(client.get(PAIRS, params)) == [belarus[name].pk for name in expected]
    # The page with the same query string lists the same pairs.
    page = client.get(reverse("factcheck:pair-list"), params)
    assert [pair.pk for pair in page.context["pairs"]] == [belarus[name].pk for name in expected]


def test_pairs_by_source_and_document(client, belarus):
    assert ids(client.get(PAIRS, {"source": belarus["lukashenko"].pk})) == [belarus["strong"].pk]
    assert ids(client.get(PAIRS, {"document": belarus["document"].pk})) == [belarus["strong"].pk, belarus["weak"].pk]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "<script>"}, "Input should be"),
        ({"sort": "sideways"}, "Input should be"),
        ({"source": "abc"}, "Input should be a valid integer"),
        ({"source": str(2**70)}, "less than or equal to"),
        ({"page": "0"}, "greater than or equal to 1"),
        ({"page_size": "1000"}, "less than or equal to 100"),
        ({"q": "x" * 201}, "at most 200 characters"),
        ({"q": "a\x00b"}, "should match pattern"),
    ],
)
def test_bad_query_parameters_get_a_422_naming_the_problem(client, belarus, params, message):
    response = client.get(PAIRS, params)
    assert response.status_code == 422
    assert message in str(response.json()["detail"])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"source": "424242"}, "No source with id 424242."),
        ({"document": "424242"}, "No document with id 424242."),
        ({"page": "7"}, "There is no page 7; there are 1."),
    ],
)
def test_filters_naming_what_does_not_exist_get_a_404(client, belarus, params, message):
    response = client.get(PAIRS, params)
    assert response.status_code == 404
    assert response.json() == {"detail": message}


def test_pages_link_to_each_other_and_keep_the_filters(client):
    a, b = make_source(), make_source()
    for _ in range(5):
        make_pair(make_statement(source=a), make_statement(source=b))
    first = client.get(PAIRS, {"page_size": 2, "status": "candidate"}).json()
    assert (first["count"], first["pages"], len(first["results"]), first["previous"]) == (5, 3, 2, None)
    assert first["next"] == "http://testserver/api/pairs/?page_size=2&status=candidate&page=2"
    second = client.get(first["next"]).json()
    assert second["previous"] == "http://testserver/api/pairs/?page_size=2&status=candidate&page=1"
    last = client.get(second["next"]).json()
    assert (len(last["results"]), last["next"]) == (1, None)
    seen = [p["id"] for page in (first, second, last) for p in page["results"]]
    assert sorted(seen) == sorted(ClaimPair.objects.values_list("pk", flat=True))


def test_empty_list_is_one_empty_page(client):
    body = client.get(PAIRS).json()
    assert (body["count"], body["pages"], body["results"]) == (0, 1, [])


def test_pair_detail_has_every_verdict_oldest_first(client, belarus, editor):
    strong = belarus["strong"]
    record_verdict(pair=strong, user=editor, verdict="unclear", note="On reflection")
    body = client.get(f"/api/pairs/{strong.pk}/").json()
    assert body["id"] == strong.pk
    assert body["status"] == "unclear"
    assert [(r["verdict"], r["editor"], r["note"]) for r in body["reviews"]] == [
        ("confirmed", "editor", "Troops did move."),
        ("unclear", "editor", "On reflection"),
    ]
    assert [r["id"] for r in body["reviews"]] == list(Review.objects.order_by("pk").values_list("pk", flat=True))


def test_statement_source_and_document_endpoints(client, belarus):
    statement = client.get(f"/api/statements/{belarus['denial'].pk}/").json()
    assert statement["text"] == "Not a single part has left its base"
    assert ids(client.get("/api/statements/", {"q": "lukashenko"})) == [belarus["denial"].pk]
    assert ids(client.get("/api/statements/", {"mode": "quote"})) == [belarus["denial"].pk]
    assert ids(client.get("/api/statements/", {"source": belarus["lukashenko"].pk})) == [belarus["denial"].pk]
    assert len(ids(client.get("/api/statements/", {"document": belarus["document"].pk}))) == 2

    source = client.get(f"/api/sources/{belarus['lukashenko'].pk}/").json()
    assert (source["name"], source["title"], source["affiliation"], source["aliases"], source["statements"]) == (
        "Alexander Lukashenko",
        "President",
        "Belarus",
        ["Lukashenko"],
        1,
    )
    assert source["parent"]["id"] == belarus["state"].pk
    assert ids(client.get("/api/sources/", {"q": "lukashenko"})) == [belarus["lukashenko"].pk]
    assert set(ids(client.get("/api/sources/", {"kind": "government"}))) == {
        belarus["state"].pk,
        Source.objects.get(name="Ukraine").pk,
    }

    listed = client.get("/api/documents/", {"q": "threatens"}).json()["results"]
    assert [(d["id"], d["has_text"], d["statements"]) for d in listed] == [(belarus["document"].pk, True, 2)]
    assert "text" not in listed[0]
    document = client.get(f"/api/documents/{belarus['document'].pk}/").json()
    assert document["text"] == belarus["document"].text
    assert (document["url"], document["outlet"]) == ("https://example.org/belarus", "Wire")
    assert ids(client.get("/api/documents/", {"outlet": "wire"})) == [belarus["document"].pk]


@pytest.mark.parametrize("kind", ["pairs", "statements", "sources", "documents"])
def test_missing_ids_are_404(client, kind):
    response = client.get(f"/api/{kind}/424242/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_ids_are_the_database_ids_used_by_the_pages(client, belarus):
    for item in client.get("/api/statements/").json()["results"]:
        assert item["page_url"].endswith(f"/statements/{item['id']}/")
        assert client.get(item["page_url"]).status_code == 200


def test_answers_carry_cache_control_and_an_etag_that_gives_304(client, belarus):
    url = f"/api/pairs/{belarus['strong'].pk}/"
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=60"
    etag = response["ETag"]
    assert etag.startswith('"')
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    # A verdict changes the pair, so the old ETag no longer matches.
    record_verdict(pair=belarus["strong"], user=belarus["strong"].reviews.get().user, verdict="dismissed")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_errors_are_not_cached(client):
    response = client.get("/api/pairs/424242/")
    assert "Cache-Control" not in response
    assert "ETag" not in response


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/pairs/", "/api/pairs/{pk}/", "/api/statements/", "/api/sources/"])
def test_nothing_can_be_written_through_the_api(admin_client, belarus, method, path):
    counts = [model.objects.count() for model in (ClaimPair, Review, Statement, Source, Document)]
    url = path.format(pk=belarus["strong"].pk)
    response = getattr(admin_client, method)(url, data={"status": "dismissed"}, content_type="application/json")
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert [model.objects.count() for model in (ClaimPair, Review, Statement, Source, Document)] == counts


def test_openapi_description_lists_every_read_operation(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    operations = {(path, method) for path, ops in schema["paths"].items() for method in ops}
    assert operations == {
        ("/api/pairs/", "get"),
        ("/api/pairs/{pk}/", "get"),
        ("/api/statements/", "get"),
        ("/api/statements/{pk}/", "get"),
        ("/api/sources/", "get"),
        ("/api/sources/{pk}/", "get"),
        ("/api/documents/", "get"),
        ("/api/documents/{pk}/", "get"),
    }


def test_docs_page_uses_the_bundled_swagger_ui_not_a_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # no inline code: the settings are a JSON data block


def test_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    a, b = make_source(), make_source()
    document = make_document()
    for _ in range(30):
        make_pair(make_statement(source=a, document=document), make_statement(source=b))
    for url in ["/api/pairs/?page_size=100", "/api/statements/?page_size=100", "/api/sources/", "/api/documents/"]:
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200
