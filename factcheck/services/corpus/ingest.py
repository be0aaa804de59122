"""Read documents from files and store them with the statements extracted from them."""

import codecs
import datetime
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from factcheck.models import Document, Source, SourceAlias, Statement, normalize_name
from factcheck.services.corpus.extraction import Claim, Speaker, extract_claims
from factcheck.tasks import enqueue_matching

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
# Files in an ingested folder that describe the folder rather than hold an article.
SKIPPED_NAMES = {"readme.md", "readme.txt", "license.txt", "licence.txt"}
FRONT_MATTER_KEYS = {"title", "outlet", "url", "published", "origin"}


@dataclass
class ParsedDocument:
    title: str
    text: str
    outlet: str = ""
    url: str = ""
    published: datetime.date | None = None
    origin: str = ""


@dataclass
class IngestResult:
    path: str
    document: Document | None = None
    created: bool = False
    statements: int = 0
    error: str = ""


@dataclass
class SourceCache:
    """Sources resolved so far in one run, by normalised name, so each speaker is looked up once."""

    by_name: dict[str, Source] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Reading files


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with a BOM or, failing those, Windows-1252.

    Raises ValidationError for what is not text at all.
    """
    for bom, encoding in [
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ]:
        if data.startswith(bom):
            try:
                return without_controls(data.decode(encoding))
            except UnicodeDecodeError:
                raise ValidationError(f"the file starts with a {encoding} mark but is not {encoding}") from None
    sample = data[:4096]
    # UTF-16 without a BOM: every other byte of ASCII text is zero.
    if len(sample) >= 4 and sample.count(0) > len(sample) // 3:
        # Zeros in the high bytes of ASCII characters tell the byte order.
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise ValidationError("this is a binary file, not text") from None
        if looks_like_text(text):
            return without_controls(text)
        raise ValidationError("this is a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    if not looks_like_text(text):
        raise ValidationError("this is a binary file, not text")
    return without_controls(text)


# Control characters a text file may hold a few of (looks_like_text allows 1%) but nobody reads;
# NUL among them, which PostgreSQL cannot store in text.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def without_controls(text: str) -> str:
    return CONTROLS.sub("", text)


def looks_like_text(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return True
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return control / len(sample) < 0.01


def normalize_text(text: str) -> str:
    """One newline convention and no trailing blanks, so the same article hashes the same."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def parse_date(value: str, *, what: str) -> datetime.date | None:
    value = value.strip().strip("\"'")
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise ValidationError(f"{what} {value!r} is not a date (use YYYY-MM-DD)") from None


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """A leading `---` block of `key: value` lines, and the text after it."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end == -1:
        raise ValidationError("the front matter block that starts with --- is never closed")
    meta = {}
    for number, line in enumerate(text[4:end].split("\n"), start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise ValidationError(f"front matter line {number} is not `key: value`: {line.strip()!r}")
        meta[key.strip().lower()] = value.strip().strip("\"'")
    rest = text[end + 4 :]
    return meta, rest.removeprefix("\n")


def parse_plain(text: str, *, markdown: bool) -> ParsedDocument:
    meta, body = split_front_matter(text)
    title = meta.get("title", "")
    if not title:
        first, _, body = body.strip().partition("\n")
        title = first.lstrip("#").strip() if markdown else first.strip()
    return ParsedDocument(
        title=title,
        text=normalize_text(body),
        outlet=meta.get("outlet", ""),
        url=meta.get("url", ""),
        published=parse_date(meta.get("published", ""), what="published date"),
        origin=meta.get("origin", ""),
    )


class ArticleHTMLParser(HTMLParser):
    """Title, metadata and the readable text of an HTML page; scripts, styles and forms dropped."""

    SKIP = {"script", "style", "noscript", "template", "svg", "form", "nav", "footer", "header", "aside"}
    BLOCKS = {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "div",
        "section",
        "article",
        "br",
        "tr",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.in_title = False
        self.title = ""
        self.h1 = ""
        self.in_h1 = False
        self.meta: dict[str, str] = {}
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {k.lower(): (v or "") for k, v in attrs}
        if tag in self.SKIP:
            self.skip_depth += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "h1":
            self.in_h1 = True
        elif tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            if key and "content" in attributes:
                self.meta.setdefault(key, attributes["content"])
        elif tag == "link" and attributes.get("rel", "").lower() == "canonical":
            self.meta.setdefault("canonical", attributes.get("href", ""))
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag == "title":
            self.in_title = False
        elif tag == "h1":
            self.in_h1 = False
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
            return
        if self.skip_depth:
            return
        if self.in_h1:
            self.h1 += data
            return
        self.parts.append(data)


def parse_html(text: str) -> ParsedDocument:
    parser = ArticleHTMLParser()
    parser.feed(text)
    parser.close()
    meta = parser.meta
    paragraphs = [" ".join(chunk.split()) for chunk in "".join(parser.parts).split("\n")]
    title = meta.get("og:title") or " ".join(parser.h1.split()) or " ".join(parser.title.split())
    return ParsedDocument(
        title=html.unescape(title),
        text="\n".join(p for p in paragraphs if p),
        outlet=meta.get("og:site_name", ""),
        url=meta.get("og:url") or meta.get("canonical", ""),
        published=parse_date(
            meta.get("article:published_time") or meta.get("date") or "", what="published date in the page"
        ),
    )


def read_document(path: Path) -> ParsedDocument:
    """Parse one file; raises ValidationError with a message for a person on anything unusable."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(f"unsupported file type {suffix or '(none)'}; use .txt, .md or .html")
    size = path.stat().st_size
    limit = settings.FACTCHECK_MAX_DOCUMENT_BYTES
    if size == 0:
        raise ValidationError("the file is empty")
    if size > limit:
        raise ValidationError(f"the file is {size:,} bytes; the limit is {limit:,} (FACTCHECK_MAX_DOCUMENT_BYTES)")
    text = decode(path.read_bytes())
    parsed = parse_html(text) if suffix in {".html", ".htm"} else parse_plain(text, markdown=suffix != ".txt")
    if not parsed.text.strip():
        raise ValidationError("there is no article text after the headline")
    if not parsed.title:
        raise ValidationError("there is no headline (first line or `title:` in the front matter)")
    parsed.title = parsed.title[: Document._meta.get_field("title").max_length]
    parsed.origin = parsed.origin or str(path)
    return parsed


def find_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files to ingest under the given files and folders, in a stable order.

    A path that does not exist is yielded as is, so the caller reports it like any bad file.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if (
                    child.is_file()
                    and not hidden
                    and child.suffix.lower() in SUFFIXES
                    and child.name.lower() not in SKIPPED_NAMES
                ):
                    yield child
        else:
            yield path


# ---------------------------------------------------------------------------------------------
# Sources

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


# ---------------------------------------------------------------------------------------------
# Storing


def ingest_document(*, parsed: ParsedDocument) -> tuple[Document, bool, list[Statement]]:
    """Store a document and the statements extracted from it, all or nothing.

    A document whose text is already stored (same content hash) is returned untouched, with
    created=False.
    """
    document = Document(
        title=parsed.title,
        outlet=parsed.outlet[:200],
        url=parsed.url[:1000],
        published=parsed.published,
        text=parsed.text,
        origin=parsed.origin[:500],
    )
    document.full_clean(exclude=["content_hash"])
    existing = Document.objects.filter(content_hash=document.content_hash).first()
    if existing:
        return existing, False, []
    claims = extract_claims(document.text)
    with transaction.atomic():
        document.save()
        statements = store_claims(document=document, claims=claims)
    return document, True, statements


def store_claims(*, document: Document, claims: Iterable[Claim]) -> list[Statement]:
    cache = SourceCache()
    statements = []
    for claim in claims:
        statement = Statement(
            source=source_for_speaker(claim.speaker, cache),
            document=document,
            text=claim.text.strip(),
            mode=Statement.Mode.QUOTE if claim.mode == "quote" else Statement.Mode.REPORTED,
            start=claim.start,
            end=claim.end,
            said_on=document.published,
        )
        statement.full_clean()
        statements.append(statement)
    return Statement.objects.bulk_create(statements)


def ingest_path(path: Path) -> IngestResult:
    """Read and store one file. Errors come back in the result, never as an exception."""
    result = IngestResult(path=str(path))
    try:
        if not path.exists():
            raise ValidationError("no such file or folder")
        parsed = read_document(path)
        result.document, result.created, statements = ingest_document(parsed=parsed)
        result.statements = len(statements)
    except ValidationError as error:
        result.error = "; ".join(error.messages)
    except OSError as error:
        result.error = error.strerror or str(error)
    return result


# ---------------------------------------------------------------------------------------------
# Hand-collected statements (CSV)

STATEMENT_COLUMNS_REQUIRED = ("source", "text")
STATEMENT_COLUMNS_OPTIONAL = ("document_title", "url", "published", "quote")
STATEMENT_MAX_CHARS = 5000
QUOTE_VALUES = {"1": True, "true": True, "yes": True, "y": True, "quote": True, "direct": True}
REPORTED_VALUES = {"": False, "0": False, "false": False, "no": False, "n": False, "reported": False}


@dataclass
class StatementRow:
    line: int
    source: str
    text: str
    document_title: str = ""
    url: str = ""
    published: datetime.date | None = None
    quote: bool = False


def read_statement_rows(data: bytes) -> list[StatementRow]:
    """Parse and check a CSV of statements; a ValidationError lists every bad line and why."""
    import csv
    import io

    if not data.strip():
        raise ValidationError("the file is empty")
    if len(data) > settings.FACTCHECK_MAX_DOCUMENT_BYTES * 10:
        raise ValidationError(f"the file is {len(data):,} bytes; split it into smaller files")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(f"the file is not UTF-8 (byte {error.start}); save it as UTF-8 CSV") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in STATEMENT_COLUMNS_REQUIRED if c not in columns]
    if missing:
        raise ValidationError(
            f"the header must name the columns source,text (found: {','.join(columns) or 'nothing'}; "
            f"missing: {','.join(missing)})"
        )
    reader.fieldnames = columns
    rows, errors = [], []
    try:
        for record in reader:
            line = reader.line_num
            if None in record:
                errors.append(f"line {line}: more fields than the header has columns")
                continue
            values = {k: (v or "").strip() for k, v in record.items()}
            problems = []
            if any("\x00" in value for value in values.values()):
                problems.append("a field holds a NUL character")  # which PostgreSQL cannot store
            if not values["source"]:
                problems.append("source is empty")
            if not values["text"]:
                problems.append("text is empty")
            elif len(values["text"]) > STATEMENT_MAX_CHARS:
                problems.append(f"text is {len(values['text']):,} characters (at most {STATEMENT_MAX_CHARS:,})")
            if len(values["source"]) > 200:
                problems.append("source name is longer than 200 characters")
            quote = values.get("quote", "").lower()
            if quote not in QUOTE_VALUES and quote not in REPORTED_VALUES:
                problems.append(f"quote {values['quote']!r} is not yes/no")
            published = None
            try:
                published = parse_date(values.get("published", ""), what="published")
            except ValidationError as error:
                problems.append(error.messages[0])
            url = values.get("url", "")
            if url and not re.match(r"^https?://\S+$", url):
                problems.append(f"url {url!r} is not an http(s) address")
            if problems:
                errors.append(f"line {line}: {'; '.join(problems)}")
                continue
            rows.append(
                StatementRow(
                    line=line,
                    source=values["source"],
                    text=values["text"],
                    document_title=values.get("document_title", "")[:500],
                    url=url,
                    published=published,
                    quote=QUOTE_VALUES.get(quote, False),
                )
            )
    except csv.Error as error:
        errors.append(f"line {reader.line_num}: {error}")
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError("the file has a header but no statements")
    return rows


def import_statements(*, rows: list[StatementRow]) -> list[Statement]:
    """Store hand-collected statements, all or nothing.

    Sources are matched by name or alias and created when new; a row's document is found by
    URL (or title) or stored as a reference without text.
    """
    cache = SourceCache()
    documents: dict[tuple[str, str], Document | None] = {}
    statements = []
    with transaction.atomic():
        for row in rows:
            key = (row.url, row.document_title)
            if key not in documents:
                documents[key] = reference_document(title=row.document_title, url=row.url, published=row.published)
            speaker = Speaker(name=row.source, kind=Source.Kind.UNKNOWN)
            statement = Statement(
                source=source_for_speaker(speaker, cache),
                document=documents[key],
                text=row.text,
                mode=Statement.Mode.QUOTE if row.quote else Statement.Mode.REPORTED,
                said_on=row.published,
            )
            statement.full_clean()
            statements.append(statement)
        created = Statement.objects.bulk_create(statements)
        enqueue_matching([s.pk for s in created])
        return created


def reference_document(*, title: str, url: str, published: datetime.date | None) -> Document | None:
    if not (title or url):
        return None
    found = Document.objects.filter(url=url).first() if url else Document.objects.filter(title=title).first()
    if found:
        return found
    document = Document(title=title or url[:500], url=url, published=published, text="")
    document.full_clean(exclude=["content_hash"])
    document.save()
    return document
