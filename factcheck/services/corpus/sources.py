"""Sources: a speaker found in a text, or named in an import, becomes one stored Source with its aliases."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from factcheck.models import Source, SourceAlias, normalize_name
from factcheck.services.corpus.extraction import Speaker


@dataclass
class SourceCache:
    """Sources resolved so far in one run, by normalised name, so each speaker is looked up once."""

    by_name: dict[str, Source] = field(default_factory=dict)


GENERIC_WORDS = {"the", "a", "an", "he", "she", "they", "his", "her", "their", "it", "its"}


def is_specific_alias(name: str) -> bool:
    """Whether a mention can identify a source across documents.

    "the Belarussian President" can; "the official", "he" and "his country" cannot: they are
    only meaningful inside the document where they were resolved.
    """
    words = [w for w in name.split() if w.lower() not in GENERIC_WORDS]
    return any(w[:1].isupper() for w in words)


def find_source(names: Iterable[str]) -> Source | None:
    normalized = [normalize_name(n) for n in names if n.strip()]
    if not normalized:
        return None
    aliases = SourceAlias.objects.filter(normalized__in=normalized).select_related("source")
    by_alias = {alias.normalized: alias.source for alias in aliases}
    for name in normalized:  # the display name first, then aliases in the order given
        if name in by_alias:
            return by_alias[name]
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
    source = find_source(names) or Source.objects.filter(name__iexact=name.strip()).order_by("pk").first()
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
