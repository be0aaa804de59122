"""Read-side queries the views use, with the joins they need, and the text pieces pages show."""

import re
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Least
from django.shortcuts import get_object_or_404

from factcheck.models import (
    OPEN_STATUSES,
    ClaimPair,
    Document,
    Proposition,
    PropositionStance,
    PropositionStatement,
    Review,
    SameWords,
    Source,
    Statement,
)
from factcheck.pagination import PagedIds, rows_in_order

CONTEXT_CHARS = 400  # of the paragraph shown on each side of a highlighted claim


def pairs_for_list() -> QuerySet[ClaimPair]:
    """Pairs with what a card shows: both statements with speaker and document, and the repeats
    (the same two texts in copies of one report) listed under "and N more reports"."""
    return ClaimPair.objects.select_related(
        "statement_a__source", "statement_a__document", "statement_b__source", "statement_b__document"
    ).prefetch_related(
        Prefetch(
            "repeats",
            queryset=ClaimPair.objects.select_related("statement_a__document", "statement_b__document").order_by("pk"),
        )
    )


def filter_pairs(
    *,
    q: str = "",
    status: str = "",
    kind: str = "",
    source: Source | None = None,
    document: Document | None = None,
    ordering: list[str] | None = None,
) -> PagedIds:
    """Pairs matching every filter; each search word must appear in one statement or its speaker's name.

    `status` "open": candidates and confirmed pairs (the pages' default); "": any status.
    The same two texts paired again in copies of one report are left out (their first pair lists
    them), except in one document's pairs."""
    pairs = ClaimPair.objects.all()
    if not document:
        pairs = pairs.filter(duplicate_of__isnull=True)  # a repeat shows under the pair it repeats
    if status == "open":
        pairs = pairs.filter(status__in=OPEN_STATUSES)  # with the repeats left out, the queue's indexes
    elif status:
        pairs = pairs.filter(status=status)
    if kind:
        pairs = pairs.filter(kind=kind)
    if source:
        pairs = pairs.filter(Q(statement_a__source=source) | Q(statement_b__source=source))
    if document:
        pairs = pairs.filter(Q(statement_a__document=document) | Q(statement_b__document=document))
    if q.split():
        # Statement-first: the text index finds the statements, the pairs' side indexes their pairs.
        # One IN over a UNION, not two INs joined by OR: PostgreSQL plans the OR as a subplan that
        # degrades to a scan per row once the ids outgrow work_mem (minutes at a million pairs).
        matching = matching_statements(q).order_by().values("pk")
        on_a = ClaimPair.objects.filter(statement_a__in=matching).order_by().values("pk")
        on_b = ClaimPair.objects.filter(statement_b__in=matching).order_by().values("pk")
        pairs = pairs.filter(pk__in=on_a.union(on_b))
    # Counted and sorted on the pair table alone; the statements, sources and documents are joined
    # for the page's rows only (joining first and sorting after cost most of a search's time).
    return PagedIds(
        pairs.order_by(*(ordering or ["-contradiction", "-pk"])), pairs_for_list(), read_once=bool(q.split())
    )


def settled_pairs_count() -> int:
    """Pairs the default list leaves out: dismissed or marked unclear by an editor."""
    return ClaimPair.objects.filter(status__in=[ClaimPair.Status.DISMISSED, ClaimPair.Status.UNCLEAR]).count()


def matching_statements(q: str, statements: QuerySet[Statement] | None = None) -> QuerySet[Statement]:
    """Statements that contain every word of `q`, counting their speaker's name and aliases as part of them.

    The one meaning of a statement search, on the pair list, the statement list and the API;
    `statements` narrows it to a list's other filters.
    Searched statement-first: the database scans the statements once and then picks the pairs
    by index, instead of testing four joined columns for every pair.
    """
    statements = Statement.objects.all() if statements is None else statements
    for word in q.split()[:8]:
        statements = statements.filter(text_contains(word) | spoken_by(word))
    return statements


def spoken_by(word: str, *, most: int = 1000) -> Q:
    """Statements of the sources whose name or an alias contains `word`. The ids are looked up
    first (a name search finds few sources), so the database can combine the source index with
    the text index instead of testing a subquery on every statement."""
    speakers = Source.objects.filter(Q(name__icontains=word) | Q(aliases__name__icontains=word)).values("pk").distinct()
    ids = list(speakers.values_list("pk", flat=True)[: most + 1])
    return Q(source__in=speakers) if len(ids) > most else Q(source__in=ids)


def text_contains(word: str) -> Q:
    """Statements whose text contains `word`, any case; through the trigram index on SQLite.

    The FTS5 trigram index (migration 0008) finds a word of three characters or more as a quoted
    phrase of its trigrams: a substring, any case, read from the index alone (LIKE on the same
    index reads every candidate's text back from the statements: 19 ms against 6.5 for one word
    at 100k statements). On PostgreSQL, `icontains` uses the trigram GIN index directly.
    """
    if connection.vendor == "sqlite" and len(word) >= 3:
        phrase = '"' + word.replace('"', '""') + '"'
        return Q(
            pk__in=RawSQL(
                "SELECT rowid FROM factcheck_statement_text WHERE factcheck_statement_text MATCH %s", [phrase]
            )
        )
    return Q(text__icontains=word)


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


def search_statements(q: str, *, pairable_with: Statement | None = None, limit: int = 20) -> list[Statement]:
    """Statements matching `q`; with `pairable_with`, those that may form a pair with it: any other
    source's, and the same source's in another document (a self-contradiction)."""
    if not q.split():
        return []
    statements = filter_statements(q=q)
    if pairable_with is not None:
        statements = statements.exclude(pk=pairable_with.pk)
        same_source = Q(source_id=pairable_with.source_id)
        if pairable_with.document_id is None:
            statements = statements.exclude(same_source)
        else:
            statements = statements.exclude(
                same_source & (Q(document__isnull=True) | Q(document=pairable_with.document_id))
            )
    return list(statements[:limit])


def filter_statements(
    *,
    q: str = "",
    source: Source | None = None,
    document: Document | None = None,
    mode: str = "",
    stance: str = "",
    pairs: str = "",
) -> QuerySet[Statement]:
    """Statements matching every filter, newest first; each search word must appear in the text or
    a speaker's name. `pairs` "yes": in at least one stored pair; "no": in none."""
    statements = statements_for_page()
    if source is not None:
        statements = statements.filter(source=source)
    if document is not None:
        statements = statements.filter(document=document)
    if mode:
        statements = statements.filter(mode=mode)
    if stance:
        statements = statements.filter(stance=stance)
    if pairs in ("yes", "no"):
        paired = Exists(ClaimPair.objects.filter(statement_a=OuterRef("pk"))) | Exists(
            ClaimPair.objects.filter(statement_b=OuterRef("pk"))
        )
        statements = statements.filter(paired if pairs == "yes" else ~paired)
    return matching_statements(q, statements).order_by("-pk")


SOURCE_SORTS = {"name": ["name", "pk"], "statements": ["-n_statements", "name", "pk"], "clashes": None}
CLASH_COUNTS_KEY = "factcheck:clash-counts"
CLASH_COUNTS_SECONDS = 60


def filter_sources(*, q: str = "", kind: str = "", sort: str = "name") -> "QuerySet[Source] | RankedSources":
    """Sources by name or alias (every word must match), with their statement counts; sorted by
    name, by statements or by clashes (pairs not dismissed, repeats not counted).

    By clashes, only the page shown is read from the database; the order comes from every
    source's count (`clash_counts`)."""
    sources = Source.objects.all()
    if kind:
        sources = sources.filter(kind=kind)
    for word in q.split()[:8]:
        # A subquery per word: joining aliases here would repeat rows and inflate the counts.
        named = Source.objects.filter(Q(name__icontains=word) | Q(aliases__name__icontains=word))
        sources = sources.filter(pk__in=named.values("pk"))
    for_page = (
        sources.select_related("parent").prefetch_related("aliases").annotate(n_statements=_statement_count("source"))
    )
    if sort == "clashes":
        counts = clash_counts()
        by_name = sources.order_by("name", "pk").values_list("pk", flat=True)
        return RankedSources(sorted(by_name, key=lambda pk: -counts.get(pk, 0)), for_page)  # stable: by name
    return for_page.order_by(*SOURCE_SORTS.get(sort) or SOURCE_SORTS["name"])


def _statement_count(field: str) -> Coalesce:
    """A row's statements, counted for the rows a page shows (a join and GROUP BY counted every
    source's or document's statements before the page was cut: 313 ms at 100k statements)."""
    per_row = Statement.objects.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk"))
    return Coalesce(Subquery(per_row.values("n"), output_field=IntegerField()), 0)


def clash_counts() -> dict[int, int]:
    """How many shown pairs (not dismissed, not a repeat) each source speaks in.

    Counting them takes a pass over every pair (0.7 s at 100k pairs on SQLite, and the same for
    a page's 25 sources joined through their statements: 29 ms), so the counts are kept for a
    minute, and forgotten at once in this process when a verdict, a flag, a merge or a match
    changes them (`forget_clash_counts`)."""
    return cache.get_or_set(CLASH_COUNTS_KEY, _count_clashes, CLASH_COUNTS_SECONDS)


def forget_clash_counts() -> None:
    cache.delete(CLASH_COUNTS_KEY)


def _count_clashes() -> dict[int, int]:
    shown = ClaimPair.objects.filter(duplicate_of__isnull=True).exclude(status=ClaimPair.Status.DISMISSED)
    counts: dict[int, int] = {}
    for side in ("statement_a__source", "statement_b__source"):
        for pk, n in shown.order_by().values_list(side).annotate(n=Count("pk")):
            counts[pk] = counts.get(pk, 0) + n
    return counts


class RankedSources:
    """Sources in a given order of ids, read from the database a page at a time."""

    def __init__(self, ids: list[int], queryset: QuerySet[Source]):
        self.ids, self.queryset = ids, queryset

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        return rows_in_order(self.queryset, self.ids[index])


def attach_clash_counts(sources: list[Source]) -> list[Source]:
    """Set `n_clashes` on a page of sources."""
    counts = clash_counts()
    for source in sources:
        source.n_clashes = counts.get(source.pk, 0)
    return sources


def filter_documents(
    *, q: str = "", outlet: str = "", since: date | None = None, until: date | None = None, stories: bool = False
) -> QuerySet[Document]:
    """Documents whose title, outlet or URL holds every search word, newest first. With `stories`,
    one row per story: copies of a story are counted on its first document (`n_copies`)."""
    documents = Document.objects.all()
    if outlet:
        documents = documents.filter(outlet__iexact=outlet)
    if since:
        documents = documents.filter(published__gte=since)
    if until:
        documents = documents.filter(published__lte=until)
    for word in q.split()[:8]:
        documents = documents.filter(Q(title__icontains=word) | Q(outlet__icontains=word) | Q(url__icontains=word))
    if stories:
        copies = Document.objects.filter(copy_of=OuterRef("pk")).order_by().values("copy_of").annotate(n=Count("pk"))
        documents = documents.filter(copy_of__isnull=True).annotate(
            n_copies=Coalesce(Subquery(copies.values("n"), output_field=IntegerField()), 0)
        )
    return documents.annotate(n_statements=_statement_count("document")).order_by("-published", "-pk")


def story_of(document: Document) -> list[Document]:
    """The other documents of the same story (wire copies of it), first stored first."""
    root_id = document.copy_of_id or document.pk
    return list(Document.objects.filter(Q(pk=root_id) | Q(copy_of_id=root_id)).exclude(pk=document.pk).order_by("pk"))


def same_words_in_copies(statement: Statement) -> list[Statement]:
    """The same words, given to the same source, in other copies of the statement's story."""
    if statement.document is None:
        return []
    copies = [d.pk for d in story_of(statement.document)]
    if not copies:
        return []
    return list(
        statements_for_page()
        .filter(document__in=copies, source_id=statement.source_id, text=statement.text)
        .order_by("document__published", "pk")
    )


def same_words_as(statement: Statement) -> list[Statement]:
    """Statements of other sources with the same words as this one (a SameWords link): one quote
    credited to two people, an outlet's copy given as someone's words."""
    links = SameWords.objects.filter(Q(statement_a=statement) | Q(statement_b=statement)).values_list(
        "statement_a_id", "statement_b_id"
    )
    others = {a if b == statement.pk else b for a, b in links}
    return list(statements_for_page().filter(pk__in=others).order_by("document__published", "pk"))


def same_words_links(*, q: str = "") -> QuerySet[SameWords]:
    """Every same-words link, newest first, with both statements' speakers and documents; `q`
    keeps the links whose statements match the search."""
    links = SameWords.objects.select_related(
        "statement_a__source", "statement_a__document", "statement_b__source", "statement_b__document"
    )
    if q.split():
        matching = matching_statements(q).order_by().values("pk")
        links = links.filter(Q(statement_a__in=matching) | Q(statement_b__in=matching))
    return links.order_by("-created_at", "-pk")


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


# ---------------------------------------------------------------------------------------------
# Propositions

SIDES = [PropositionStance.AFFIRMS, PropositionStance.DENIES, PropositionStance.HEDGES]
AGAINST = [PropositionStance.DENIES, PropositionStance.HEDGES]
SOURCE_DEPTH = 4  # person -> office -> state, with room to spare


def live_propositions() -> QuerySet[Proposition]:
    """Propositions not merged into another."""
    return Proposition.objects.filter(merged_into__isnull=True)


def _sources_on(*stances: str) -> Count:
    return Count(
        "memberships__statement__source",
        filter=Q(memberships__removed=False, memberships__stance__in=stances),
        distinct=True,
    )


def propositions_for_list(*, q: str = "") -> QuerySet[Proposition]:
    """Live propositions, most contested first.

    Contested = sources on the smaller side, the sides being those that affirm and those that
    deny or hedge; then sources taking a side at all, then sources in all, then newest.
    """
    propositions = live_propositions()
    for word in q.split()[:8]:
        mentions = PropositionStatement.objects.filter(proposition=OuterRef("pk"), removed=False).filter(
            Q(statement__text__icontains=word) | Q(statement__source__name__icontains=word)
        )
        propositions = propositions.filter(Q(title__icontains=word) | Exists(mentions))
    return (
        propositions.annotate(
            n_affirm=_sources_on(PropositionStance.AFFIRMS),
            n_deny=_sources_on(PropositionStance.DENIES),
            n_hedge=_sources_on(PropositionStance.HEDGES),
            n_related=_sources_on(PropositionStance.RELATED),
            n_against=_sources_on(*AGAINST),
            n_sources=Count("memberships__statement__source", filter=Q(memberships__removed=False), distinct=True),
            n_statements=Count("memberships", filter=Q(memberships__removed=False), distinct=True),
        )
        .annotate(
            contested=Least("n_affirm", "n_against"),
            sided=F("n_affirm") + F("n_against"),
        )
        .order_by("-contested", "-sided", "-n_sources", "-pk")
    )


def attach_sides(propositions: list[Proposition]) -> list[Proposition]:
    """Give each proposition `sides`: [(stance label, stance, [source names])] for affirm/deny/hedge."""
    rows = (
        PropositionStatement.objects.filter(proposition__in=propositions, removed=False, stance__in=SIDES)
        .values_list("proposition_id", "stance", "statement__source__name")
        .order_by("statement__source__name")
        .distinct()
    )
    names: dict[tuple[int, str], list[str]] = {}
    for proposition_id, stance, name in rows:
        names.setdefault((proposition_id, stance), []).append(name)
    for proposition in propositions:
        proposition.sides = [
            (stance.label, stance.value, names[(proposition.pk, stance.value)])
            for stance in SIDES
            if (proposition.pk, stance.value) in names
        ]
    return propositions


def proposition_or_merged(pk: int) -> Proposition:
    """Any proposition, merged ones included (their page redirects to where they went)."""
    return get_object_or_404(Proposition.objects.select_related("merged_into", "anchor"), pk=pk)


def live_end(proposition: Proposition) -> Proposition:
    """Where a merged proposition's statements are now (following merges of merges)."""
    seen = {proposition.pk}
    while proposition.merged_into_id is not None and proposition.merged_into_id not in seen:
        seen.add(proposition.merged_into_id)
        proposition = Proposition.objects.select_related("merged_into").get(pk=proposition.merged_into_id)
    return proposition


def when_said(statement: Statement) -> date | None:
    """The day a statement was said, else the day its document was published."""
    if statement.said_on:
        return statement.said_on
    return statement.document.published if statement.document else None


def proposition_members(proposition: Proposition) -> list[PropositionStatement]:
    """The statements in the proposition, each with `when` (a date or None) and `in_clash`."""
    rows = list(
        proposition.memberships.filter(removed=False)
        .select_related("statement__source__parent", "statement__document")
        .order_by("statement__source__name", "statement_id")
    )
    ids = [row.statement_id for row in rows]
    clashing = set()
    for a, b in pairs_inside(ids).values_list("statement_a_id", "statement_b_id"):
        clashing |= {a, b}
    for row in rows:
        row.when = when_said(row.statement)
        row.in_clash = row.statement_id in clashing
    return rows


def pairs_inside(statement_ids: list[int]) -> QuerySet[ClaimPair]:
    """Stored pairs between statements of one proposition, editors' dismissals left out."""
    return (
        pairs_for_list()
        .filter(statement_a__in=statement_ids, statement_b__in=statement_ids)
        .exclude(status=ClaimPair.Status.DISMISSED)
        .order_by("-contradiction", "-pk")
    )


def in_time_order(rows: list[PropositionStatement]) -> list[PropositionStatement]:
    """Oldest first; undated last."""
    for row in rows:
        if not hasattr(row, "when"):
            row.when = when_said(row.statement)
    return sorted(rows, key=lambda row: (row.when is None, row.when or date.min, row.statement_id))


def move_targets(proposition: Proposition, *, limit: int = 30) -> list[Proposition]:
    """Propositions to offer as a destination: those sharing a source with this one, then the most contested."""
    sources = PropositionStatement.objects.filter(proposition=proposition, removed=False).values("statement__source")
    others = live_propositions().exclude(pk=proposition.pk)
    near = list(
        others.filter(memberships__removed=False, memberships__statement__source__in=sources)
        .distinct()
        .order_by("-updated_at", "-pk")[:limit]
    )
    if len(near) < limit:
        seen = [p.pk for p in near]
        near += list(propositions_for_list().exclude(pk__in=[proposition.pk, *seen])[: limit - len(near)])
    return near


def propositions_for_export() -> QuerySet[Proposition]:
    members = PropositionStatement.objects.filter(removed=False).select_related(
        "statement__source", "statement__document"
    )
    return (
        live_propositions()
        .order_by("pk")
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="active_memberships"))
    )


def source_family(source: Source) -> list[Source]:
    """The source and everyone who speaks for it (person -> office -> state), a few levels deep."""
    family, level, seen = [source], [source.pk], {source.pk}
    for _ in range(SOURCE_DEPTH):
        members = [m for m in Source.objects.filter(parent__in=level).order_by("name") if m.pk not in seen]
        if not members:
            break
        family += members
        seen |= {m.pk for m in members}
        level = [m.pk for m in members]
    return family


def source_positions(source: Source, *, limit: int = 50) -> list[dict]:
    """The propositions the source, or those who speak for it, took a side on.

    One entry per proposition: {"proposition", "stances": [row, ...]} with the rows of each
    statement by the family that affirms, denies or hedges, most recently changed proposition first.
    """
    family = source_family(source)
    rows = (
        PropositionStatement.objects.filter(
            statement__source__in=family,
            removed=False,
            stance__in=SIDES,
            proposition__merged_into__isnull=True,
        )
        .select_related("proposition", "statement__source", "statement__document")
        .order_by("-proposition__updated_at", "proposition_id", "stance", "statement__source__name", "statement_id")
    )[: limit * 10]
    positions: dict[int, dict] = {}
    for row in rows:
        row.when = when_said(row.statement)
        entry = positions.setdefault(row.proposition_id, {"proposition": row.proposition, "stances": []})
        entry["stances"].append(row)
    for entry in positions.values():
        entry["sides"] = sorted({row.stance for row in entry["stances"]})
    return list(positions.values())[:limit]
