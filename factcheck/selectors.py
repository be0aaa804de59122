"""Read-side queries the views use, with the joins they need, and the text pieces pages show."""

import re
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from factcheck.models import ClaimPair, Document, Review, Source, Statement

CONTEXT_CHARS = 400  # of the paragraph shown on each side of a highlighted claim


def pairs_for_list() -> QuerySet[ClaimPair]:
    return ClaimPair.objects.select_related(
        "statement_a__source", "statement_a__document", "statement_b__source", "statement_b__document"
    )


def filter_pairs(
    *,
    q: str = "",
    status: str = "",
    kind: str = "",
    source: Source | None = None,
    document: Document | None = None,
    ordering: list[str] | None = None,
) -> QuerySet[ClaimPair]:
    """Pairs matching every filter; each search word must appear in a statement or a speaker's name."""
    pairs = pairs_for_list()
    if status:
        pairs = pairs.filter(status=status)
    if kind:
        pairs = pairs.filter(kind=kind)
    if source:
        pairs = pairs.filter(Q(statement_a__source=source) | Q(statement_b__source=source))
    if document:
        pairs = pairs.filter(Q(statement_a__document=document) | Q(statement_b__document=document))
    for word in q.split()[:8]:
        pairs = pairs.filter(
            Q(statement_a__text__icontains=word)
            | Q(statement_b__text__icontains=word)
            | Q(statement_a__source__name__icontains=word)
            | Q(statement_b__source__name__icontains=word)
        )
    return pairs.order_by(*(ordering or ["-contradiction", "-pk"]))


def pair_with_history(pk: int) -> ClaimPair:
    reviews = Review.objects.select_related("user").order_by("created_at", "pk")
    return get_object_or_404(pairs_for_list().prefetch_related(Prefetch("reviews", queryset=reviews)), pk=pk)


def other_pairs(statement: Statement, *, exclude: ClaimPair | None = None, limit: int = 10) -> list[ClaimPair]:
    pairs = pairs_for_list().filter(Q(statement_a=statement) | Q(statement_b=statement))
    if exclude is not None:
        pairs = pairs.exclude(pk=exclude.pk)
    return list(pairs.order_by("-contradiction", "-pk")[:limit])


def statements_for_page() -> QuerySet[Statement]:
    return Statement.objects.select_related("source__parent", "document")


def source_with_counts(pk: int) -> Source:
    return get_object_or_404(Source.objects.select_related("parent").prefetch_related("aliases", "members"), pk=pk)


def source_statements(source: Source) -> QuerySet[Statement]:
    return (
        statements_for_page()
        .filter(source=source)
        .annotate(n_pairs=Count("pairs_as_a", distinct=True) + Count("pairs_as_b", distinct=True))
        .order_by("-said_on", "-pk")
    )


def search_statements(q: str, *, exclude_source: Source | None = None, limit: int = 20) -> list[Statement]:
    if not q.split():
        return []
    statements = filter_statements(q=q)
    if exclude_source is not None:
        statements = statements.exclude(source=exclude_source)
    return list(statements[:limit])


def filter_statements(
    *, q: str = "", source: Source | None = None, document: Document | None = None, mode: str = ""
) -> QuerySet[Statement]:
    """Statements matching every filter, newest first; each search word must appear in the text or a speaker's name."""
    statements = statements_for_page()
    if source is not None:
        statements = statements.filter(source=source)
    if document is not None:
        statements = statements.filter(document=document)
    if mode:
        statements = statements.filter(mode=mode)
    words = q.split()[:8]
    for word in words:
        statements = statements.filter(
            Q(text__icontains=word) | Q(source__name__icontains=word) | Q(source__aliases__name__icontains=word)
        )
    # Aliases join one row per alias; only a search goes through them.
    return (statements.distinct() if words else statements).order_by("-pk")


def filter_sources(*, q: str = "", kind: str = "") -> QuerySet[Source]:
    """Sources by name or alias (every word must match), with their statement counts."""
    sources = Source.objects.select_related("parent").prefetch_related("aliases")
    if kind:
        sources = sources.filter(kind=kind)
    for word in q.split()[:8]:
        # A subquery per word: joining aliases here would repeat rows and inflate the counts.
        named = Source.objects.filter(Q(name__icontains=word) | Q(aliases__name__icontains=word))
        sources = sources.filter(pk__in=named.values("pk"))
    return sources.annotate(n_statements=Count("statements")).order_by("name", "pk")


def filter_documents(*, q: str = "", outlet: str = "") -> QuerySet[Document]:
    """Documents whose title, outlet or URL holds every search word, newest first."""
    documents = Document.objects.all()
    if outlet:
        documents = documents.filter(outlet__iexact=outlet)
    for word in q.split()[:8]:
        documents = documents.filter(Q(title__icontains=word) | Q(outlet__icontains=word) | Q(url__icontains=word))
    return documents.annotate(n_statements=Count("statements")).order_by("-published", "-pk")


def next_for_review(*, skip: list[int]) -> ClaimPair | None:
    """The strongest candidate nobody has reviewed yet."""
    return (
        pairs_for_list()
        .filter(status=ClaimPair.Status.CANDIDATE, reviews__isnull=True)
        .exclude(pk__in=skip)
        .order_by("-contradiction", "-pk")
        .first()
    )


def queue_counts(user: AbstractBaseUser) -> dict:
    return {
        "waiting": ClaimPair.objects.filter(status=ClaimPair.Status.CANDIDATE, reviews__isnull=True).count(),
        "done_by_me": Review.objects.filter(user=user).values("pair").distinct().count(),
        "reviewed": ClaimPair.objects.exclude(status=ClaimPair.Status.CANDIDATE).count(),
    }


# ---------------------------------------------------------------------------------------------
# Text pieces for highlighting (the template escapes every piece)


@dataclass
class Piece:
    text: str
    mark: bool = False


def highlight_words(text: str, words: list[str]) -> list[Piece]:
    """The text cut into pieces, with the given words (whole words, any case) marked."""
    words = sorted({w for w in words if w and w.strip()}, key=len, reverse=True)
    if not words:
        return [Piece(text)]
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        if match.start() > last:
            pieces.append(Piece(text[last : match.start()]))
        pieces.append(Piece(match.group(0), mark=True))
        last = match.end()
    if last < len(text):
        pieces.append(Piece(text[last:]))
    return pieces


@dataclass
class InContext:
    before: str
    claim: str
    after: str
    clipped_before: bool
    clipped_after: bool


def in_context(statement: Statement) -> InContext | None:
    """The statement's paragraph with the claim cut out, or None when it has no span."""
    if statement.start is None or statement.document is None or not statement.document.text:
        return None
    text = statement.document.text
    start, end = statement.start, statement.end
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end == -1 else para_end
    clip_start = max(para_start, start - CONTEXT_CHARS)
    clip_end = min(para_end, end + CONTEXT_CHARS)
    return InContext(
        before=text[clip_start:start],
        claim=text[start:end],
        after=text[end:clip_end],
        clipped_before=clip_start > para_start,
        clipped_after=clip_end < para_end,
    )


@dataclass
class DocumentPiece:
    text: str
    statement: Statement | None = None
    speaker_index: int = 0


def document_pieces(document: Document, statements: list[Statement]) -> list[list[DocumentPiece]]:
    """The document as paragraphs of pieces; statement spans are marked with their speaker's index.

    Overlapping spans cannot both be marked inline: the earlier one wins, and every statement
    is still listed beside the text.
    """
    speakers = speaker_colours(statements)
    spans = []
    for statement in sorted((s for s in statements if s.start is not None), key=lambda s: (s.start, -s.end)):
        if spans and statement.start < spans[-1].end:
            continue
        spans.append(statement)
    text = document.text
    pieces, last = [], 0
    for statement in spans:
        if statement.start > last:
            pieces.append(DocumentPiece(text[last : statement.start]))
        pieces.append(DocumentPiece(text[statement.start : statement.end], statement, speakers[statement.source_id]))
        last = statement.end
    if last < len(text):
        pieces.append(DocumentPiece(text[last:]))
    # Split into paragraphs at newlines, keeping marked pieces whole.
    paragraphs: list[list[DocumentPiece]] = [[]]
    for piece in pieces:
        if piece.statement is not None:
            paragraphs[-1].append(piece)
            continue
        lines = piece.text.split("\n")
        for number, line in enumerate(lines):
            if number:
                paragraphs.append([])
            if line:
                paragraphs[-1].append(DocumentPiece(line))
    return [p for p in paragraphs if p]


def speaker_colours(statements: list[Statement]) -> dict[int, int]:
    """A colour index (0-7) per source, in order of first appearance in the text."""
    colours: dict[int, int] = {}
    for statement in sorted((s for s in statements if s.start is not None), key=lambda s: (s.start, -s.end)):
        colours.setdefault(statement.source_id, len(colours) % 8)
    return colours
