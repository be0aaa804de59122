"""Hand-collected statements from a CSV file (`import_statements`): checked whole, stored all or nothing."""

import csv
import datetime
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from factcheck.models import Document, Source, Statement
from factcheck.services.corpus.extraction import Speaker
from factcheck.services.corpus.files import parse_date
from factcheck.services.corpus.ingest import reference_document
from factcheck.services.corpus.sources import SourceCache, source_for_speaker
from factcheck.tasks import enqueue_matching

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
