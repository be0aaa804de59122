"""Store documents with the statements extracted from them, all or nothing per document."""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from factcheck.models import Document, Statement
from factcheck.services.corpus import copies
from factcheck.services.corpus.extraction import Claim, extract_claims
from factcheck.services.corpus.files import ParsedDocument, read_document
from factcheck.services.corpus.sources import SourceCache, source_for_speaker

logger = logging.getLogger(__name__)


@dataclass
class IngestResult:
    path: str
    document: Document | None = None
    created: bool = False
    statements: int = 0
    error: str = ""


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
    minhash = copies.signature(document.text)
    if minhash is not None:
        document.minhash = copies.to_bytes(minhash)
        document.copy_of_id = copies.copy_index().original_of(minhash)
    try:
        claims = extract_claims(document.text)
    except Exception as error:  # a bug in the rules: this file fails with a message, the run goes on
        logger.exception("claim extraction failed on %s", parsed.origin or parsed.title)
        raise ValidationError(f"claim extraction failed ({type(error).__name__}: {error})") from error
    with transaction.atomic():
        document.save()
        statements = store_claims(document=document, claims=claims)
    if minhash is not None:
        copies.copy_index().add(document.pk, minhash, document.copy_of_id or document.pk)
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
            stance=claim.stance if claim.stance in Statement.Stance.values else Statement.Stance.ASSERTION,
            channel=claim.channel[:200],
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
