"""Files in: bytes decoded, front matter and HTML read, the article's title, text and provenance."""

import codecs
import datetime
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

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
    from factcheck.models import Document  # here, so reading files needs no app registry (lab tools)

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
