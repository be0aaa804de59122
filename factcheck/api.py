"""The read-only JSON API: pairs, statements, sources and documents, described by OpenAPI.

Built with django-ninja: the response types below are the OpenAPI description, query parameters
are validated against the same choices the pages use (`PairFilterForm`, the model choices), and
every list reuses the selectors behind the pages, so the API and the pages filter alike.

Only GET operations exist, so nothing can be written through the API (other methods get 405).
Every successful answer carries an ETag (a hash of the body; If-None-Match gets a 304) and a
short public Cache-Control: the data is the same for every reader.
"""

import datetime
import re
from functools import wraps
from typing import Annotated, Any, Literal

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from pydantic import BeforeValidator

from factcheck import selectors
from factcheck.forms import PairFilterForm, SourceFilterForm
from factcheck.models import (
    MAX_ID,
    ClaimPair,
    Document,
    PairKind,
    PairStatus,
    Review,
    Source,
    SourceKind,
    Statement,
    StatementMode,
    StatementStance,
)

MAX_PAGE_SIZE = 100
CACHE_SECONDS = 60

# Free text in query parameters: the pages' limit, and no NUL (PostgreSQL cannot compare text with it).
SearchText = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _iso_day(value):
    """Only YYYY-MM-DD: pydantic alone would also take a number of seconds ("0" is 1970-01-01)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a day as YYYY-MM-DD")
    return value


Day = Annotated[datetime.date, BeforeValidator(_iso_day)]

api = NinjaAPI(
    title="factcheck API",
    version="1",
    description=(
        "Read-only access to the pairs of contradicting statements, the statements, their sources and "
        "the documents they come from. Lists are paginated (`page`, `page_size`) and take the same "
        "filters and search as the pages. Ids are the database ids, the same as in the pages' URLs "
        "and in `export_data` files."
    ),
    urls_namespace="api",
    docs_url="/docs/",
    openapi_url="/openapi.json",
)


def cacheable(view):
    """Cache-Control and an ETag on successful answers; a 304 when If-None-Match already has the body."""
    conditional = ConditionalGetMiddleware(lambda request: HttpResponse())

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return conditional.process_response(request, response)

    return wrapped


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


# ---------------------------------------------------------------------------------------------
# Response types


class ErrorOut(Schema):
    detail: str | list[dict[str, Any]] = Field(description="What was wrong with the request.")


class SourceRef(Schema):
    id: int
    name: str
    page_url: str

    @staticmethod
    def resolve_page_url(obj: Source, context) -> str:
        return absolute(context["request"], obj.get_absolute_url())


class DocumentRef(Schema):
    id: int
    title: str
    page_url: str

    @staticmethod
    def resolve_page_url(obj: Document, context) -> str:
        return absolute(context["request"], obj.get_absolute_url())


class StatementOut(Schema):
    id: int
    text: str
    mode: Literal[tuple(StatementMode.values)] = Field(description="quote: a direct quote; reported: reported speech.")
    source: SourceRef
    document: DocumentRef | None
    start: int | None = Field(description="Offset of the statement in the document's text.")
    end: int | None
    said_on: datetime.date | None
    created_at: datetime.datetime
    page_url: str

    @staticmethod
    def resolve_page_url(obj: Statement, context) -> str:
        return absolute(context["request"], obj.get_absolute_url())


class ReviewOut(Schema):
    id: int
    verdict: Literal[tuple(Review.Verdict.values)]
    editor: str
    note: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_editor(obj: Review) -> str:
        return obj.user.get_username()


class PairOut(Schema):
    id: int
    status: Literal[tuple(PairStatus.values)] = Field(description="The latest editor's verdict, or candidate.")
    kind: Literal[tuple(PairKind.values)] = Field(description="Why the two clash; empty when not classified.")
    similarity: float | None = Field(description="Cosine similarity of the two statements, −1 to 1.")
    contradiction: float | None = Field(description="Calibrated probability that they contradict, 0 to 1.")
    cues: dict[str, Any] = Field(description="What the scorer saw: stances and cue words per side.")
    scorer_version: str
    embedding_model: str
    threshold: float | None = Field(description="The contradiction threshold the pair passed when stored.")
    statement_a: StatementOut
    statement_b: StatementOut
    created_at: datetime.datetime
    updated_at: datetime.datetime
    page_url: str

    @staticmethod
    def resolve_page_url(obj: ClaimPair, context) -> str:
        return absolute(context["request"], obj.get_absolute_url())


class PairDetailOut(PairOut):
    reviews: list[ReviewOut] = Field(description="Every verdict, oldest first.")


class SourceOut(Schema):
    id: int
    name: str
    kind: Literal[tuple(SourceKind.values)]
    title: str
    affiliation: str
    parent: SourceRef | None = Field(description="The office or state this source speaks for.")
    aliases: list[str]
    statements: int = Field(description="How many statements the source made.")
    page_url: str

    @staticmethod
    def resolve_aliases(obj: Source) -> list[str]:
        return [alias.name for alias in obj.aliases.all()]

    @staticmethod
    def resolve_statements(obj: Source) -> int:
        return obj.n_statements

    @staticmethod
    def resolve_page_url(obj: Source, context) -> str:
        return absolute(context["request"], obj.get_absolute_url())


class DocumentOut(Schema):
    id: int
    title: str
    outlet: str
    url: str = Field(description="Where the article was published; empty when unknown.")
    published: datetime.date | None
    origin: str = Field(description="Where the text was read from (a file name, an import).")
    has_text: bool = Field(description="False for a reference (title and URL) to a text not stored here.")
    statements: int
    created_at: datetime.datetime
    page_url: str

    @staticmethod
    def resolve_has_text(obj: Document) -> bool:
        return obj.content_hash is not None  # set exactly when there is text, which lists do not load

    @staticmethod
    def resolve_statements(obj: Document) -> int:
        return obj.n_statements

    @staticmethod
    def resolve_page_url(obj: Document, context) -> str:
        return absolute(context["request"], obj.get_absolute_url())


class DocumentDetailOut(DocumentOut):
    text: str


class PageOut(Schema):
    count: int = Field(description="Items matching the filters, on all pages.")
    page: int
    pages: int
    next: str | None = Field(description="The next page's URL, filters included.")
    previous: str | None


class PairPage(PageOut):
    results: list[PairOut]


class StatementPage(PageOut):
    results: list[StatementOut]


class SourcePage(PageOut):
    results: list[SourceOut]


class DocumentPage(PageOut):
    results: list[DocumentOut]


# ---------------------------------------------------------------------------------------------
# Query parameters


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_ID, description="Page number, from 1.")
    page_size: int = Field(25, ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, at most {MAX_PAGE_SIZE}.")


class PairFilters(PageParams):
    q: SearchText = Field("", description="Words that must each appear in a statement or a speaker's name.")
    status: Literal["", *PairStatus.values] = Field("", description="Empty for any status.")
    kind: Literal[tuple(PairKind.values)] = Field("", description="Empty for any kind.")
    source: Id | None = Field(None, description="Pairs in which this source speaks on either side.")
    document: Id | None = Field(None, description="Pairs with a statement from this document.")
    sort: Literal[tuple(PairFilterForm.SORTS)] = "contradiction"


class StatementFilters(PageParams):
    q: SearchText = Field("", description="Words that must each appear in the text or the speaker's name or alias.")
    source: Id | None = None
    document: Id | None = None
    mode: Literal["", *StatementMode.values] = Field("", description="Empty for any mode.")
    stance: Literal["", *StatementStance.values] = Field("", description="Empty for any stance.")
    pairs: Literal["", "yes", "no"] = Field("", description="yes: in a stored pair; no: in none; empty: either.")


class SourceFilters(PageParams):
    q: SearchText = Field("", description="Words that must each appear in the name or an alias.")
    kind: Literal["", *SourceKind.values] = Field("", description="Empty for any kind.")
    sort: Literal[tuple(SourceFilterForm.SORTS)] = Field(
        "name", description="name, statements or clashes (most first)."
    )


class DocumentFilters(PageParams):
    q: SearchText = Field("", description="Words that must each appear in the title, outlet or URL.")
    outlet: SearchText = Field("", description="Exactly this outlet (any case).")
    since: Day | None = Field(None, description="Published on or after this day.")
    until: Day | None = Field(None, description="Published on or before this day.")


ERRORS = {404: ErrorOut, 422: ErrorOut}


def existing(model, pk: int | None):
    """The row a filter names (a 404 when there is none); None when the filter is not set."""
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise HttpError(404, f"No {model._meta.verbose_name} with id {pk}.")
    return found


def paginate(request: HttpRequest, queryset: QuerySet, params: PageParams) -> dict:
    paginator = Paginator(queryset, params.page_size)
    if params.page > paginator.num_pages:
        raise HttpError(404, f"There is no page {params.page}; there are {paginator.num_pages}.")
    page = paginator.page(params.page)

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return absolute(request, f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": list(page.object_list),
    }


# ---------------------------------------------------------------------------------------------
# Operations


@api.get("/pairs/", response={200: PairPage, **ERRORS}, tags=["pairs"], operation_id="list_pairs", url_name="pairs")
@decorate_view(cacheable)
def list_pairs(request, filters: Query[PairFilters]):
    """Pairs of statements that may contradict each other, strongest clash first (as the pair list page)."""
    pairs = selectors.filter_pairs(
        q=filters.q,
        status=filters.status,
        kind=filters.kind,
        source=existing(Source, filters.source),
        document=existing(Document, filters.document),
        ordering=PairFilterForm.SORTS[filters.sort],
    )
    return paginate(request, pairs, filters)


@api.get(
    "/pairs/{pk}/", response={200: PairDetailOut, **ERRORS}, tags=["pairs"], operation_id="get_pair", url_name="pair"
)
@decorate_view(cacheable)
def get_pair(request, pk: Path[Id]):
    """One pair with both statements and every editor's verdict."""
    reviews = Review.objects.select_related("user").order_by("created_at", "pk")
    return get_object_or_404(selectors.pairs_for_list().prefetch_related(Prefetch("reviews", queryset=reviews)), pk=pk)


@api.get(
    "/statements/",
    response={200: StatementPage, **ERRORS},
    tags=["statements"],
    operation_id="list_statements",
    url_name="statements",
)
@decorate_view(cacheable)
def list_statements(request, filters: Query[StatementFilters]):
    """Statements, newest first."""
    statements = selectors.filter_statements(
        q=filters.q,
        source=existing(Source, filters.source),
        document=existing(Document, filters.document),
        mode=filters.mode,
        stance=filters.stance,
        pairs=filters.pairs,
    )
    return paginate(request, statements, filters)


@api.get(
    "/statements/{pk}/",
    response={200: StatementOut, **ERRORS},
    tags=["statements"],
    operation_id="get_statement",
    url_name="statement",
)
@decorate_view(cacheable)
def get_statement(request, pk: Path[Id]):
    return get_object_or_404(selectors.statements_for_page(), pk=pk)


@api.get(
    "/sources/", response={200: SourcePage, **ERRORS}, tags=["sources"], operation_id="list_sources", url_name="sources"
)
@decorate_view(cacheable)
def list_sources(request, filters: Query[SourceFilters]):
    """Who said it: people, offices, governments, outlets, by name."""
    sources = selectors.filter_sources(q=filters.q, kind=filters.kind, sort=filters.sort)
    return paginate(request, sources, filters)


@api.get(
    "/sources/{pk}/",
    response={200: SourceOut, **ERRORS},
    tags=["sources"],
    operation_id="get_source",
    url_name="source",
)
@decorate_view(cacheable)
def get_source(request, pk: Path[Id]):
    return get_object_or_404(selectors.filter_sources(), pk=pk)


@api.get(
    "/documents/",
    response={200: DocumentPage, **ERRORS},
    tags=["documents"],
    operation_id="list_documents",
    url_name="documents",
)
@decorate_view(cacheable)
def list_documents(request, filters: Query[DocumentFilters]):
    """Articles and transcripts (without their text), newest first."""
    documents = selectors.filter_documents(
        q=filters.q, outlet=filters.outlet, since=filters.since, until=filters.until
    ).defer("text", "minhash")
    return paginate(request, documents, filters)


@api.get(
    "/documents/{pk}/",
    response={200: DocumentDetailOut, **ERRORS},
    tags=["documents"],
    operation_id="get_document",
    url_name="document",
)
@decorate_view(cacheable)
def get_document(request, pk: Path[Id]):
    """One document with its full text and provenance."""
    return get_object_or_404(selectors.filter_documents(), pk=pk)
