"""Sources: a speaker found in a text, or named in an import, becomes one stored Source with its aliases."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from factcheck.models import Source, SourceAlias, name_key, normalize_name
from factcheck.services.corpus.extraction import Speaker


@dataclass
class SourceCache:
    """Sources resolved so far in one run, by normalised name, so each speaker is looked up once."""

    by_name: dict[str, Source] = field(default_factory=dict)


GENERIC_WORDS = {"the", "a", "an", "he", "she", "they", "his", "her", "their", "it", "its"}


def generic_words() -> set[str]:
    """Words that name a sort of speaker, not one: "Police", "Government", "the Company"."""
    from factcheck.services.corpus.extraction.names import BODY_NOUNS, UNNAMED

    return GENERIC_WORDS | BODY_NOUNS | UNNAMED


def is_specific_alias(name: str) -> bool:
    """Whether a mention can identify a source across documents.

    "the Belarussian President" and "Calcutta police" can; "the official", "Police", "he" and
    "his country" cannot: they are only meaningful inside the document where they were resolved.
    """
    generic = generic_words()
    words = [w for w in name.split() if w.lower().strip(".,'’") not in generic]
    return any(w[:1].isupper() for w in words)


def names_one(name: str) -> bool:
    """Whether a name can be looked up across documents: it has a word that is not a sort of
    speaker ("lukashenko" can, typed by hand in lower case; "Police" and "officials" cannot)."""
    generic = generic_words()
    return any(w.lower().strip(".,'’") not in generic for w in name.split())


def find_source(names: Iterable[str], *, kind: str = "") -> Source | None:
    """The stored source one of the names belongs to: by the name as written (case and accents
    aside), then by its key (titles and punctuation aside: "Al-Fahd" is "Al Fahd", "U.S." is "US"),
    then by a near spelling of a name of two words or more ("Choe Kwan-il" / "Choe Kwanil"). A
    surname alone never matches a full name: two people may share it.
    """
    names = [n for n in names if n.strip()]
    normalized = [normalize_name(n) for n in names]
    if not normalized:
        return None
    aliases = SourceAlias.objects.filter(normalized__in=normalized).select_related("source")
    by_alias = {alias.normalized: alias.source for alias in aliases}
    for name in normalized:  # the display name first, then aliases in the order given
        if name in by_alias:
            return by_alias[name]
    # A one-word key of a person is a surname or a first name, shared by many: no match on it.
    keys = [k for k in dict.fromkeys(name_key(n) for n in names) if k and (len(k.split()) >= 2 or kind != "person")]
    by_key = {a.match_key: a.source for a in SourceAlias.objects.filter(match_key__in=keys).select_related("source")}
    for key in keys:
        if key in by_key and compatible(by_key[key], kind):
            return by_key[key]
    return near_spelling(keys, kind=kind)


NEAR_SPELLING = 92  # RapidFuzz ratio of two keys; measured on the gold speakers' variant spellings


def compatible(source: Source, kind: str) -> bool:
    """A person's name never matches a body's, nor the reverse (a firm named after its founder)."""
    people = {Source.Kind.PERSON}
    return (
        not kind
        or kind == Source.Kind.UNKNOWN
        or source.kind == Source.Kind.UNKNOWN
        or ((source.kind in people) == (kind in people))
    )


def near_spelling(keys: list[str], *, kind: str = "") -> Source | None:
    """A source whose key is a near spelling of one of the keys, among those sharing its first
    word (so the search reads a handful of rows, not the table)."""
    from rapidfuzz import fuzz

    for key in keys:
        words = key.split()
        if len(words) < 2:
            continue
        candidates = SourceAlias.objects.filter(match_key__startswith=words[0][:3]).select_related("source")[:200]
        best, best_score = None, 0.0
        for alias in candidates:
            other = alias.match_key.split()
            if abs(len(other) - len(words)) > 1 or len(other) < 2:
                continue
            score = fuzz.ratio(key, alias.match_key)
            if score >= NEAR_SPELLING and score > best_score and compatible(alias.source, kind):
                best, best_score = alias.source, score
        if best is not None:
            return best
    return None


def add_aliases(source: Source, names: Iterable[str]) -> None:
    wanted = {normalize_name(n): n.strip() for n in names if n.strip() and is_specific_alias(n)}
    taken = set(SourceAlias.objects.filter(normalized__in=wanted).values_list("normalized", flat=True))
    for normalized, name in wanted.items():
        if normalized not in taken:
            SourceAlias.objects.create(source=source, name=name[:200])


def resolve_source(
    *,
    name: str,
    kind: str = Source.Kind.UNKNOWN,
    title: str = "",
    affiliation: str = "",
    aliases=(),
    parent="",
) -> Source:
    """The stored source a speaker is, matched by name or alias; created when new.

    A reused source gains the new aliases and fills a blank title or affiliation; it never
    loses what a person entered.
    """
    names = [name, *aliases]
    # A source entered by hand in the admin may have no alias rows yet: its name counts too.
    specific = [n for n in names if names_one(n)]
    source = find_source(specific, kind=kind)
    if source is None and names_one(name):
        source = Source.objects.filter(name__iexact=name.strip()).order_by("pk").first()
    if source is None:
        source = Source(name=name[:200], kind=kind, title=title[:300], affiliation=affiliation[:200])
        source.full_clean()
        source.save()
    else:
        changed = []
        for attr, value in [("title", title[:300]), ("affiliation", affiliation[:200])]:
            if value and not getattr(source, attr):
                setattr(source, attr, value)
                changed.append(attr)
        if source.kind == Source.Kind.UNKNOWN and kind != Source.Kind.UNKNOWN:
            source.kind = kind
            changed.append("kind")
        if changed:
            source.save(update_fields=[*changed, "updated_at"])
    add_aliases(source, names)
    if parent and source.parent_id is None and normalize_name(parent) != normalize_name(source.name):
        kind = Source.Kind.GOVERNMENT if normalize_name(parent) == normalize_name(affiliation) else Source.Kind.OFFICE
        source.parent = resolve_source(name=parent, kind=kind, affiliation=affiliation)
        source.save(update_fields=["parent", "updated_at"])
    return source


def source_for_speaker(speaker: Speaker, cache: SourceCache) -> Source:
    key = normalize_name(speaker.name)
    if key not in cache.by_name:
        cache.by_name[key] = resolve_source(
            name=speaker.name,
            kind=speaker.kind if speaker.kind in Source.Kind.values else Source.Kind.UNKNOWN,
            title=speaker.title,
            affiliation=speaker.affiliation,
            aliases=speaker.aliases,
            parent=speaker.parent,
        )
    return cache.by_name[key]


@dataclass
class MergeReport:
    target: Source
    statements: int = 0
    aliases: int = 0
    pairs_removed: int = 0


def merge_sources(*, target: Source, other: Source, user) -> MergeReport:
    """Make two sources one: `other`'s statements, aliases (its own name among them), members and
    title move to `target`, and `other` goes. Unreviewed pairs between the two in one document
    go (a source against itself in one text); pairs across documents stay, as the source
    contradicting itself; reviewed pairs always stay. Logged in both sources' admin history.
    """
    from django.contrib.admin.models import CHANGE, DELETION, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import transaction
    from django.db.models import F, Q

    from factcheck.models import ClaimPair, Statement
    from factcheck.selectors import forget_clash_counts
    from factcheck.services.reviews import can_review

    if not (can_review(user) or user.has_perm("factcheck.change_source")):
        raise PermissionDenied("Only editors may merge sources.")
    if target.pk == other.pk:
        raise ValidationError("Choose two different sources to merge.")
    with transaction.atomic():
        target = Source.objects.select_for_update().get(pk=target.pk)
        other = Source.objects.select_for_update().get(pk=other.pk)
        report = MergeReport(target=target)
        own = Statement.objects.filter(source__in=[target, other])
        between = ClaimPair.objects.filter(statement_a__in=own, statement_b__in=own, reviews__isnull=True).filter(
            Q(statement_a__source=target, statement_b__source=other)
            | Q(statement_a__source=other, statement_b__source=target)
        )
        report.pairs_removed, _ = between.filter(statement_a__document=F("statement_b__document")).delete()
        report.statements = Statement.objects.filter(source=other).update(source=target)
        moved_names = [other.name, *other.aliases.values_list("name", flat=True)]
        SourceAlias.objects.filter(source=other).update(source=target)
        Source.objects.filter(parent=other).exclude(pk=target.pk).update(parent=target)
        for attr in ("title", "affiliation"):
            if not getattr(target, attr) and getattr(other, attr):
                setattr(target, attr, getattr(other, attr))
        if target.kind == Source.Kind.UNKNOWN:
            target.kind = other.kind
        if target.parent_id == other.pk:
            target.parent = other.parent if other.parent_id != target.pk else None
        other_label = f"{other.name} (source {other.pk})"
        other_pk = other.pk
        other.delete()
        target.save()
        add_aliases(target, [target.name, *moved_names])  # the merged name is an alias now
        report.aliases = len(moved_names)
        kind = ContentType.objects.get_for_model(Source)
        message = f"Merged {other_label} into this source: {report.statements} statements and its names moved."
        LogEntry.objects.log_actions(user.pk, Source.objects.filter(pk=target.pk), CHANGE, change_message=message)
        LogEntry.objects.create(
            user_id=user.pk,
            content_type=kind,
            object_id=str(other_pk),
            object_repr=other_label[:200],
            action_flag=DELETION,
            change_message=f"Merged into {target.name} (source {target.pk}).",
        )
    forget_clash_counts()
    return report
