"""schema.org ClaimReview: written for confirmed pairs, read from other fact-checkers' feeds.

A confirmed pair is two statements an editor judged to contradict each other. It becomes two
ClaimReviews, one per side: the claim reviewed (`itemReviewed`, a `Claim` with its `author`
and where it appeared), the other side's claim as the evidence (`citation`), and the editor's
verdict as the `reviewRating` ("Contradicted by …"). Search engines read them from the pair's
page; `export_claimreview` writes them all as a schema.org `DataFeed`.

`import_claimreview` reads such a feed (ours or another fact-checker's) as statements: each
reviewed claim, and each claim cited as evidence, becomes a statement of its author.
"""

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from factcheck.models import ClaimPair, Document, Review, Source, Statement, Verdict, normalize_name
from factcheck.services.corpus.ingest import reference_document
from factcheck.services.corpus.sources import resolve_source
from factcheck.services.interchange.statements_csv import STATEMENT_MAX_CHARS
from factcheck.tasks import enqueue_matching

CONTEXT = "https://schema.org"

# Which schema.org type a source is written as. An unknown speaker is most often a person quoted
# by name; Person and Organization are the two types a Claim's author may have.
SPEAKER_TYPES = {
    Source.Kind.PERSON: "Person",
    Source.Kind.OFFICE: "Organization",
    Source.Kind.GOVERNMENT: "GovernmentOrganization",
    Source.Kind.ORGANISATION: "Organization",
    Source.Kind.OUTLET: "NewsMediaOrganization",
    Source.Kind.UNKNOWN: "Person",
}
SOURCE_KINDS = {
    "Person": Source.Kind.PERSON,
    "GovernmentOrganization": Source.Kind.GOVERNMENT,
    "NewsMediaOrganization": Source.Kind.OUTLET,
    "Organization": Source.Kind.ORGANISATION,
}


# ---------------------------------------------------------------------------------------------
# Writing


def publisher(site_url: str) -> dict:
    return {"@type": "Organization", "name": settings.FACTCHECK_PUBLISHER_NAME, "url": site_url}


def speaker(source: Source, site_url: str) -> dict:
    """A source as the author of a claim: a Person or an Organization, with its office or state."""
    kind = SPEAKER_TYPES.get(source.kind, "Person")
    data: dict[str, Any] = {"@type": kind, "name": source.name, "url": absolute(site_url, source.get_absolute_url())}
    aliases = [alias.name for alias in source.aliases.all() if alias.name != source.name]
    if aliases:
        data["alternateName"] = aliases
    if source.title and kind == "Person":
        data["jobTitle"] = source.title
    elif source.title:
        data["description"] = source.title
    if source.parent is not None:
        parent = {"@type": "Organization", "name": source.parent.name}
        data["affiliation" if kind == "Person" else "parentOrganization"] = parent
    return data


def appearance(document: Document, site_url: str) -> dict:
    """Where a claim appeared: the article's own address when known, else its page here."""
    data: dict[str, Any] = {
        "@type": "CreativeWork",
        "headline": document.title,
        "url": document.url or absolute(site_url, document.get_absolute_url()),
    }
    if document.published:
        data["datePublished"] = document.published.isoformat()
    if document.outlet:
        data["publisher"] = {"@type": "Organization", "name": document.outlet}
    return data


def claim(statement: Statement, site_url: str) -> dict:
    data: dict[str, Any] = {
        "@type": "Claim",
        "text": statement.text,
        "author": speaker(statement.source, site_url),
        "url": absolute(site_url, statement.get_absolute_url()),
    }
    said_on = statement.said_on or (statement.document.published if statement.document else None)
    if said_on:
        data["datePublished"] = said_on.isoformat()
    if statement.document is not None:
        data["appearance"] = appearance(statement.document, site_url)
    return data


def confirming_review(pair: ClaimPair) -> Review | None:
    """The verdict that made the pair confirmed: its latest review, when that says confirmed."""
    reviews = sorted(pair.reviews.all(), key=lambda review: (review.created_at, review.pk))
    if reviews and reviews[-1].verdict == Verdict.CONFIRMED:
        return reviews[-1]
    return None


def claim_reviews(pair: ClaimPair, *, site_url: str) -> list[dict]:
    """Two ClaimReviews for a confirmed pair, one per side; none for any other pair."""
    review = confirming_review(pair)
    if pair.status != ClaimPair.Status.CONFIRMED or review is None:
        return []
    page = absolute(site_url, pair.get_absolute_url())
    items = []
    for reviewed, other in [(pair.statement_a, pair.statement_b), (pair.statement_b, pair.statement_a)]:
        explanation = f"An editor confirmed that this contradicts what {other.source.name} said: “{other.text}”"
        if review.note:
            explanation += f" Editor's note: {review.note}"
        items.append(
            {
                "@context": CONTEXT,
                "@type": "ClaimReview",
                "url": page,
                "datePublished": review.created_at.date().isoformat(),
                "author": publisher(site_url),
                "claimReviewed": reviewed.text,
                "itemReviewed": claim(reviewed, site_url),
                "reviewRating": {
                    "@type": "Rating",
                    "alternateName": f"Contradicted by {other.source.name}",
                    "ratingExplanation": explanation,
                },
                "citation": claim(other, site_url),
            }
        )
    return items


def confirmed_pairs():
    return (
        ClaimPair.objects.filter(status=ClaimPair.Status.CONFIRMED)
        .select_related(
            "statement_a__source__parent",
            "statement_a__document",
            "statement_b__source__parent",
            "statement_b__document",
        )
        .prefetch_related("reviews", "statement_a__source__aliases", "statement_b__source__aliases")
        .order_by("pk")
    )


def feed(pairs, *, site_url: str) -> dict:
    """Every confirmed pair's ClaimReviews as one schema.org DataFeed."""
    elements = []
    for pair in pairs:
        for item in claim_reviews(pair, site_url=site_url):
            item.pop("@context")
            elements.append(item)
    return {
        "@context": CONTEXT,
        "@type": "DataFeed",
        "name": f"{settings.FACTCHECK_PUBLISHER_NAME}: confirmed contradictions",
        "url": site_url,
        "dateModified": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "dataFeedElement": elements,
    }


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + path


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass
class ClaimRow:
    """One claim read from a feed: what was said, by whom, where and when."""

    where: str
    text: str
    author: str
    kind: str
    title: str = ""
    aliases: tuple[str, ...] = ()
    document_title: str = ""
    url: str = ""
    published: datetime.date | None = None
    said_on: datetime.date | None = None


def read_claimreview_feed(data: bytes) -> list[ClaimRow]:
    """The claims in a ClaimReview feed; a ValidationError lists every unusable item and why.

    Accepts a DataFeed (with ClaimReviews or DataFeedItems in `dataFeedElement`), an `@graph`, a
    list, or a single ClaimReview. Each ClaimReview gives its reviewed claim (`claimReviewed`,
    author from `itemReviewed.author`) and any Claim cited as `citation`.
    """
    if not data.strip():
        raise ValidationError("the file is empty")
    if len(data) > settings.FACTCHECK_MAX_DOCUMENT_BYTES * 10:
        raise ValidationError(f"the file is {len(data):,} bytes; split it into smaller files")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ValidationError(f"the file is not UTF-8 (byte {error.start})") from None
    except (json.JSONDecodeError, RecursionError) as error:
        raise ValidationError(f"the file is not JSON: {error}") from None
    reviews = list(find_claim_reviews(document))
    if not reviews:
        raise ValidationError("the file holds no ClaimReview (a DataFeed, a list or a single ClaimReview)")
    rows, errors = [], []
    for number, review in enumerate(reviews, start=1):
        try:
            rows.extend(claims_of(review, where=f"ClaimReview {number}"))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return rows


def find_claim_reviews(node: Any, depth: int = 0):
    if depth > 4:
        return
    if isinstance(node, list):
        for item in node:
            yield from find_claim_reviews(item, depth + 1)
    elif isinstance(node, dict):
        if has_type(node, "ClaimReview"):
            yield node
        elif has_type(node, "DataFeed"):
            yield from find_claim_reviews(node.get("dataFeedElement", []), depth + 1)
        elif has_type(node, "DataFeedItem"):
            yield from find_claim_reviews(node.get("item", []), depth + 1)
        elif "@graph" in node:
            yield from find_claim_reviews(node["@graph"], depth + 1)


def has_type(node: dict, name: str) -> bool:
    types = node.get("@type", [])
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t.removeprefix("schema:").rsplit("/", 1)[-1] == name for t in types)


def claims_of(review: dict, *, where: str) -> list[ClaimRow]:
    item = review.get("itemReviewed")
    item = item if isinstance(item, dict) else {}
    rows = [claim_row(item, where=where, text=review.get("claimReviewed") or item.get("text"))]
    cited = review.get("citation")
    for number, other in enumerate(cited if isinstance(cited, list) else [cited], start=1):
        if isinstance(other, dict) and has_type(other, "Claim"):
            rows.append(claim_row(other, where=f"{where}, citation {number}", text=other.get("text")))
    return rows


def claim_row(item: dict, *, where: str, text: Any) -> ClaimRow:
    problems = []
    text = " ".join(text.split()) if isinstance(text, str) else ""
    if not text:
        problems.append("no claim text (claimReviewed or itemReviewed.text)")
    elif len(text) > STATEMENT_MAX_CHARS:
        problems.append(f"the claim is {len(text):,} characters (at most {STATEMENT_MAX_CHARS:,})")
    author = first(item.get("author"))
    if isinstance(author, str):
        author = {"@type": "Person", "name": author}
    name = author.get("name") if isinstance(author, dict) else None
    name = " ".join(name.split()) if isinstance(name, str) else ""
    if not name:
        problems.append("no author name (itemReviewed.author.name)")
    elif len(name) > 200:
        problems.append("the author's name is longer than 200 characters")
    shown = first(item.get("appearance")) or first(item.get("firstAppearance"))
    if isinstance(shown, str):
        shown = {"url": shown}
    shown = shown if isinstance(shown, dict) else {}
    url = shown.get("url") if isinstance(shown.get("url"), str) else ""
    if url and (not url.startswith(("http://", "https://")) or len(url) > 1000 or any(c.isspace() for c in url)):
        problems.append(f"the appearance's url {url[:100]!r} is not an http(s) address")
    title = shown.get("headline") or shown.get("name") or ""
    title = " ".join(title.split())[:500] if isinstance(title, str) else ""
    said_on = published = None
    try:
        said_on = read_date(item.get("datePublished"), what="the claim's datePublished")
        published = read_date(shown.get("datePublished"), what="the appearance's datePublished")
    except ValidationError as error:
        problems.append(error.messages[0])
    title_of_speaker = author.get("jobTitle") if isinstance(author, dict) else ""
    title_of_speaker = title_of_speaker if isinstance(title_of_speaker, str) else ""
    if any("\x00" in value for value in (text, name, url, title, title_of_speaker)):
        problems.append("the text holds a NUL character")
    if problems:
        raise ValidationError(f"{where}: {'; '.join(problems)}")
    author_type = author.get("@type") if isinstance(author.get("@type"), str) else "Person"
    aliases = author.get("alternateName", [])
    aliases = [aliases] if isinstance(aliases, str) else aliases if isinstance(aliases, list) else []
    return ClaimRow(
        where=where,
        text=text,
        author=name,
        kind=SOURCE_KINDS.get(author_type.removeprefix("schema:").rsplit("/", 1)[-1], Source.Kind.UNKNOWN),
        title=title_of_speaker[:300],
        aliases=tuple(a[:200] for a in aliases if isinstance(a, str) and a.strip() and "\x00" not in a),
        document_title=title,
        url=url,
        published=published,
        said_on=said_on or published,
    )


def first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def read_date(value: Any, *, what: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValidationError(f"{what} {value!r} is not a date")
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValidationError(f"{what} {value[:40]!r} is not a date (YYYY-MM-DD)") from None


@dataclass
class ClaimImport:
    created: list[Statement]
    already_stored: int


def import_claims(*, rows: list[ClaimRow]) -> ClaimImport:
    """Store the claims as statements, all or nothing; a claim already stored is not stored twice.

    A claim is already stored when its source (by name or alias) said the same text in the same
    document; a feed holds each side of a pair twice (as a claim and as the other's evidence).
    """
    sources: dict[str, Source] = {}
    documents: dict[tuple[str, str], Document | None] = {}
    seen: set[tuple[int, str, int | None]] = set()
    statements, already = [], 0
    with transaction.atomic():
        for row in rows:
            try:
                key = (row.url, row.document_title)
                if key not in documents:
                    documents[key] = reference_document(title=row.document_title, url=row.url, published=row.published)
                document = documents[key]
                name = normalize_name(row.author)
                if name not in sources:
                    # A source entered by hand may have no alias rows, which is what resolve_source
                    # looks names up by; its exact name finds it too.
                    sources[name] = Source.objects.filter(name=row.author).order_by("pk").first() or resolve_source(
                        name=row.author, kind=row.kind, title=row.title, aliases=row.aliases
                    )
                source = sources[name]
                identity = (source.pk, row.text, document.pk if document else None)
                if (
                    identity in seen
                    or Statement.objects.filter(source=source, text=row.text, document=document).exists()
                ):
                    already += 1
                    continue
                seen.add(identity)
                statement = Statement(source=source, document=document, text=row.text, said_on=row.said_on)
                statement.full_clean()
            except ValidationError as error:
                raise ValidationError(f"{row.where}: {'; '.join(error.messages)}") from None
            statements.append(statement)
        created = Statement.objects.bulk_create(statements)
        enqueue_matching([s.pk for s in created])
    return ClaimImport(created=created, already_stored=already)
