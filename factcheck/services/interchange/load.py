"""Reading the data set from files and storing it, all or nothing (see schema.py for what a round trip keeps)."""

import csv
import datetime
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.db.models import Model

from factcheck.models import MAX_ID, ClaimPair, Document, Review, Source, SourceAlias, Statement, normalize_name
from factcheck.services.interchange.schema import (
    BATCH,
    COLUMNS,
    FORMATS,
    KINDS,
    MODELS,
    SINGULAR,
    TIMESTAMPS,
    Column,
    plain_fields,
    record_of,
    rows_of,
)
from factcheck.services.progress import Progress, no_progress

MAX_PROBLEMS = 50


@dataclass
class Record:
    where: str  # "statements.csv line 4", for messages
    values: dict[str, Any]


@dataclass
class Problems:
    messages: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.messages.append(message)

    def check(self) -> None:
        if self.messages:
            raise ValidationError(self.messages)


def read_records(kind: str, data: bytes, fmt: str, *, name: str) -> list[Record]:
    """Parse one file's rows into typed values; a ValidationError lists every bad line and why."""
    if len(data) > settings.FACTCHECK_MAX_DOCUMENT_BYTES * 100:
        raise ValidationError(f"{name}: the file is {len(data):,} bytes; split it into smaller files")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(f"{name}: the file is not UTF-8 (byte {error.start})") from None
    problems = Problems()
    records = []
    for where, raw in (raw_csv_rows if fmt == "csv" else raw_json_rows)(kind, text, name=name, problems=problems):
        values, row_problems = {}, []
        for column in COLUMNS[kind]:
            try:
                values[column.name] = parse_value(column, raw[column.name], from_csv=fmt == "csv")
            except ValueError as error:
                row_problems.append(f"{column.name} {error}")
        if row_problems:
            problems.add(f"{where}: {'; '.join(row_problems)}")
        else:
            records.append(Record(where, values))
        if len(problems.messages) >= MAX_PROBLEMS:
            break
    problems.check()
    return records


def raw_csv_rows(kind: str, text: str, *, name: str, problems: Problems) -> Iterator[tuple[str, dict]]:
    wanted = [column.name for column in COLUMNS[kind]]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise ValidationError(f"{name}: the file is empty; it needs the header {','.join(wanted)}")
        if header != wanted:
            raise ValidationError(f"{name}: the header must be {','.join(wanted)} (found {','.join(header)[:300]})")
        for cells in reader:
            where = f"{name} line {reader.line_num}"
            if len(cells) != len(wanted):
                problems.add(f"{where}: {len(cells)} fields where the header has {len(wanted)}")
                continue
            yield where, dict(zip(wanted, cells, strict=True))
    except csv.Error as error:
        problems.add(f"{name} line {reader.line_num}: {error}")


def raw_json_rows(kind: str, text: str, *, name: str, problems: Problems) -> Iterator[tuple[str, dict]]:
    wanted = [column.name for column in COLUMNS[kind]]
    # Only "\n" ends a line: JSON escapes it inside strings, but not the other characters
    # str.splitlines() would split at (U+2028, U+0085...).
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            raw = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as error:
            problems.add(f"{where}: not a JSON object ({error})")
            continue
        if not isinstance(raw, dict):
            problems.add(f"{where}: not a JSON object")
            continue
        missing = [key for key in wanted if key not in raw]
        extra = [key for key in raw if key not in wanted]
        if missing or extra:
            problems.add(
                f"{where}: "
                + "; ".join(
                    part
                    for part in [
                        f"missing {', '.join(missing)}" if missing else "",
                        f"unknown {', '.join(str(k)[:40] for k in extra)}" if extra else "",
                    ]
                    if part
                )
            )
            continue
        yield where, raw


def parse_value(column: Column, raw: Any, *, from_csv: bool) -> Any:
    """One cell or JSON value as the column's type; ValueError says what is wrong."""
    if from_csv and raw == "" and column.type != "str":
        raw = None
    if raw is None:
        if column.nullable:
            return None
        raise ValueError("is missing")
    if column.type == "str":
        if not isinstance(raw, str):
            raise ValueError("must be text")
        if "\x00" in raw:
            raise ValueError("holds a NUL character")
        return raw
    if column.type == "int":
        if isinstance(raw, str) and from_csv and raw.isascii() and raw.isdigit():
            raw = int(raw)
        least = 1 if column.name == "id" or column.ref else 0  # ids count from 1 (a sequence's least value)
        if not isinstance(raw, int) or isinstance(raw, bool) or not least <= raw <= MAX_ID:
            raise ValueError(f"{str(raw)[:40]!r} is not a whole number from {least} to {MAX_ID}")
        return raw
    if column.type == "float":
        if isinstance(raw, str) and from_csv:
            try:
                raw = float(raw)
            except ValueError:
                raise ValueError(f"{raw[:40]!r} is not a number") from None
        if not isinstance(raw, int | float) or isinstance(raw, bool) or not math.isfinite(raw):
            raise ValueError(f"{str(raw)[:40]!r} is not a finite number")
        return float(raw)
    if column.type == "date":
        try:
            return datetime.date.fromisoformat(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{str(raw)[:40]!r} is not a date (YYYY-MM-DD)") from None
    if column.type == "datetime":
        try:
            value = datetime.datetime.fromisoformat(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{str(raw)[:40]!r} is not a date and time (ISO 8601)") from None
        if value.tzinfo is None:
            raise ValueError(f"{raw[:40]!r} has no time zone")
        return value
    if column.type == "json":
        if from_csv:
            try:
                raw = json.loads(raw)
            except (json.JSONDecodeError, RecursionError):
                raise ValueError(f"{raw[:40]!r} is not JSON") from None
        return raw
    raise AssertionError(column.type)


# ---------------------------------------------------------------------------------------------
# Importing


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    users_created: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.created[kind]} {kind}" for kind in KINDS if self.created[kind]]
        same = sum(self.unchanged.values())
        users = f"; {len(self.users_created)} editors created without a password" if self.users_created else ""
        return f"Imported {', '.join(parts) or 'nothing'}; {same} rows already stored as they are{users}."


def import_data(*, tables: dict[str, list[Record]], progress: Progress = no_progress) -> ImportReport:
    """Store the rows of each kind with their ids, all or nothing (see the module's docstring)."""
    report = ImportReport()
    problems = Problems()
    try:
        with transaction.atomic():
            for kind in KINDS:
                if kind in tables:
                    IMPORTERS[kind](tables[kind], report=report, problems=problems, progress=progress)
                    problems.check()
            reset_sequences()
    except IntegrityError as error:
        # The checks above find what they can with messages per line; the database has the last word.
        raise ValidationError(f"the database refused the rows: {error}") from None
    return report


def new_rows(kind: str, records: list[Record], *, report: ImportReport, problems: Problems) -> list[Record]:
    """The records whose id is not stored yet; a stored one must equal the file's row."""
    seen: dict[int, str] = {}
    for record in records:
        pk = record.values["id"]
        if pk in seen:
            problems.add(f"{record.where}: id {pk} is also on {seen[pk]}")
        seen[pk] = record.where
    stored = {}
    ids = list(seen)
    for start in range(0, len(ids), BATCH):
        for row in rows_of(kind).filter(pk__in=ids[start : start + BATCH]):
            stored[row.pk] = record_of(kind, row)
    fresh = []
    for record in records:
        existing = stored.get(record.values["id"])
        if existing is None:
            fresh.append(record)
            continue
        wanted = export_form(kind, record.values)
        differ = [name for name in wanted if wanted[name] != existing[name]]
        if differ:
            name = differ[0]
            problems.add(
                f"{record.where}: {SINGULAR[kind]} {record.values['id']} is stored with another {name} "
                f"({str(existing[name])[:60]!r} stored, {str(wanted[name])[:60]!r} here)"
            )
        else:
            report.unchanged[kind] += 1
    return fresh


def export_form(kind: str, values: dict) -> dict:
    """Parsed values in the form `record_of` writes, for comparing with a stored row."""
    out = {}
    for column in COLUMNS[kind]:
        value = values[column.name]
        if column.type in ("date", "datetime") and value is not None:
            value = value.isoformat()
        if column.name == "aliases" and isinstance(value, list):
            value = sorted(value)
        out[column.name] = value
    return out


def existing_ids(model: type[Model], ids: set[int]) -> set[int]:
    found: set[int] = set()
    ids_list = list(ids)
    for start in range(0, len(ids_list), BATCH):
        found.update(model.objects.filter(pk__in=ids_list[start : start + BATCH]).values_list("pk", flat=True))
    return found


def check_fields(
    instance: Model, record: Record, problems: Problems, *, exclude: list[str], clean: bool = True
) -> bool:
    try:
        instance.clean_fields(exclude=exclude)
        if clean:
            instance.clean()
    except ValidationError as error:
        problems.add(f"{record.where}: {'; '.join(error.messages)}")
        return False
    return True


def import_sources(records, *, report, problems, progress):
    fresh = new_rows("sources", records, report=report, problems=problems)
    file_ids = {r.values["id"] for r in records}
    parents = {r.values["parent"] for r in fresh if r.values["parent"] is not None}
    known = file_ids | existing_ids(Source, parents - file_ids)
    sources, aliases = [], []
    taken = dict(SourceAlias.objects.values_list("normalized", "source_id"))
    for record in fresh:
        values = record.values
        source = Source(**{k: values[k] for k in plain_fields("sources")})
        source.parent_id = values["parent"]
        if values["parent"] is not None and values["parent"] not in known:
            problems.add(f"{record.where}: parent {values['parent']} is neither in the file nor stored")
        if values["parent"] == values["id"]:
            problems.add(f"{record.where}: a source cannot be its own parent")
        if not check_fields(source, record, problems, exclude=["parent"], clean=False):
            continue
        names = values["aliases"]
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            problems.add(f"{record.where}: aliases must be a list of names")
            continue
        for name in names:
            normalized = normalize_name(name)
            if "\x00" in name or len(name) > 200 or not normalized:
                problems.add(f"{record.where}: alias {name[:40]!r} is not a usable name")
            elif taken.get(normalized, source.pk) != source.pk:
                problems.add(f"{record.where}: alias {name[:40]!r} already names source {taken[normalized]}")
            else:
                taken[normalized] = source.pk
                aliases.append(SourceAlias(source_id=source.pk, name=name, normalized=normalized))
        sources.append((source, values))
    problems.check()
    store("sources", sources, report=report, progress=progress)
    SourceAlias.objects.bulk_create(aliases, batch_size=BATCH)


def import_documents(records, *, report, problems, progress):
    documents = []
    hashes: dict[str, str] = {}
    for record in new_rows("documents", records, report=report, problems=problems):
        values = record.values
        document = Document(**{k: values[k] for k in plain_fields("documents")})
        if not check_fields(document, record, problems, exclude=[]):  # clean() sets the content hash
            continue
        if document.content_hash in hashes:
            problems.add(f"{record.where}: the same text as {hashes[document.content_hash]}")
        elif document.content_hash:
            hashes[document.content_hash] = record.where
        documents.append((document, values))
    stored = Document.objects.filter(content_hash__in=list(hashes)).values_list("content_hash", "pk")
    for content_hash, pk in stored:
        problems.add(f"{hashes[content_hash]}: the same text as stored document {pk}")
    problems.check()
    store("documents", documents, report=report, progress=progress)


def import_statements(records, *, report, problems, progress):
    fresh = new_rows("statements", records, report=report, problems=problems)
    sources = referenced(Source, records, fresh, "source", problems)
    documents = referenced(Document, records, fresh, "document", problems, load=True)
    statements = []
    for record in fresh:
        values = record.values
        if values["source"] not in sources or (values["document"] is not None and values["document"] not in documents):
            continue
        statement = Statement(
            **{k: values[k] for k in plain_fields("statements")},
            source_id=values["source"],
            document=documents.get(values["document"]),
        )
        if check_fields(statement, record, problems, exclude=["source", "document"]):
            statements.append((statement, values))
    problems.check()
    store("statements", statements, report=report, progress=progress)


def import_pairs(records, *, report, problems, progress):
    fresh = new_rows("pairs", records, report=report, problems=problems)
    ids = {r.values[side] for r in fresh for side in ("statement_a", "statement_b")}
    speakers = {}
    id_list = list(ids)
    for start in range(0, len(id_list), BATCH):
        speakers.update(Statement.objects.filter(pk__in=id_list[start : start + BATCH]).values_list("pk", "source_id"))
    keys = set(
        ClaimPair.objects.filter(statement_a__in=ids, statement_b__in=ids).values_list("statement_a", "statement_b")
    )
    pairs = []
    for record in fresh:
        values = record.values
        a, b = values["statement_a"], values["statement_b"]
        missing = [str(pk) for pk in (a, b) if pk not in speakers]
        if missing:
            problems.add(f"{record.where}: statement {', '.join(missing)} is neither in the files nor stored")
            continue
        if not a < b:
            problems.add(f"{record.where}: statement_a must be the lower id of two different statements")
            continue
        if speakers[a] == speakers[b]:
            problems.add(f"{record.where}: both statements are by the same source")
            continue
        if (a, b) in keys:
            problems.add(f"{record.where}: statements {a} and {b} are already paired")
            continue
        keys.add((a, b))
        pair = ClaimPair(**{k: values[k] for k in plain_fields("pairs")}, statement_a_id=a, statement_b_id=b)
        if not isinstance(values["cues"], dict):
            problems.add(f"{record.where}: cues must be a JSON object")
        elif check_fields(pair, record, problems, exclude=["statement_a", "statement_b"], clean=False):
            pairs.append((pair, values))
    problems.check()
    store("pairs", pairs, report=report, progress=progress)


def import_reviews(records, *, report, problems, progress):
    fresh = new_rows("reviews", records, report=report, problems=problems)
    pairs = referenced(ClaimPair, records, fresh, "pair", problems)
    users = editors([r.values["user"] for r in fresh], report=report, problems=problems)
    reviews = []
    for record in fresh:
        values = record.values
        if values["pair"] not in pairs or values["user"] not in users:
            continue
        review = Review(
            **{k: values[k] for k in plain_fields("reviews")}, pair_id=values["pair"], user=users[values["user"]]
        )
        if check_fields(review, record, problems, exclude=["pair", "user"], clean=False):
            reviews.append((review, values))
    problems.check()
    store("reviews", reviews, report=report, progress=progress)


def referenced(model, records, fresh, name: str, problems: Problems, *, load: bool = False) -> dict:
    """The rows the fresh records point at (by the column `name`), reporting those that exist nowhere."""
    wanted = {r.values[name] for r in fresh if r.values[name] is not None}
    found: dict[int, Any] = {}
    wanted_list = list(wanted)
    for start in range(0, len(wanted_list), BATCH):
        chunk = model.objects.filter(pk__in=wanted_list[start : start + BATCH])
        found.update({row.pk: row for row in chunk} if load else dict.fromkeys(chunk.values_list("pk", flat=True)))
    for record in fresh:
        pk = record.values[name]
        if pk is not None and pk not in found:
            problems.add(f"{record.where}: {name} {pk} is neither in the files nor stored")
    return found


def editors(names: list[str], *, report: ImportReport, problems: Problems) -> dict:
    """The users reviews name; one missing here is created inactive, without a usable password."""
    User = get_user_model()
    wanted = set(names)
    users = {user.get_username(): user for user in User.objects.filter(**{f"{User.USERNAME_FIELD}__in": wanted})}
    for name in sorted(wanted - set(users)):
        user = User(**{User.USERNAME_FIELD: name}, is_active=False)
        user.set_unusable_password()
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as error:
            problems.add(f"user {name[:40]!r}: {'; '.join(error.messages)}")
            continue
        user.save()
        users[name] = user
        report.users_created.append(name)
    return users


def store(kind: str, rows: list[tuple[Model, dict]], *, report: ImportReport, progress: Progress) -> None:
    """Insert the rows with their ids, then put back the timestamps the insert replaced with now."""
    model = MODELS[kind]
    stamps = [name for name in TIMESTAMPS if name in {c.name for c in COLUMNS[kind]}]
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        instances = [instance for instance, _ in chunk]
        model.objects.bulk_create(instances)
        for instance, values in chunk:
            for name in stamps:
                setattr(instance, name, values[name])
        # bulk_update leaves auto_now alone, so the file's times stay.
        model.objects.bulk_update(instances, stamps)
        progress(kind, len(chunk))
    report.created[kind] += len(rows)


def reset_sequences() -> None:
    """Ids were given, not drawn: move PostgreSQL's id sequences past them so new rows do not collide."""
    statements = connection.ops.sequence_reset_sql(no_style(), [*MODELS.values(), SourceAlias, get_user_model()])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


IMPORTERS = {
    "sources": import_sources,
    "documents": import_documents,
    "statements": import_statements,
    "pairs": import_pairs,
    "reviews": import_reviews,
}


# ---------------------------------------------------------------------------------------------
# Files


def files_in(path: Path, *, what: str | None = None) -> dict[str, tuple[Path, str]]:
    """The files to import, by kind, with their format: a folder of KIND.csv / KIND.jsonl, or one file."""
    if path.is_dir():
        found = {}
        for kind in KINDS:
            candidates = [path / f"{kind}.{fmt}" for fmt in FORMATS if (path / f"{kind}.{fmt}").is_file()]
            if len(candidates) > 1:
                raise ValidationError(f"{path} holds both {candidates[0].name} and {candidates[1].name}; keep one")
            if candidates:
                found[kind] = (candidates[0], candidates[0].suffix.lstrip("."))
        if not found:
            raise ValidationError(f"{path} holds none of {', '.join(f'{k}.csv/.jsonl' for k in KINDS)}")
        return found
    if not path.is_file():
        raise ValidationError(f"{path}: no such file or folder")
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ValidationError(f"{path.name}: name the file .csv or .jsonl")
    kind = what or path.stem
    if kind not in KINDS:
        raise ValidationError(f"{path.name}: say which rows it holds with --what ({', '.join(KINDS)})")
    return {kind: (path, fmt)}


def read_files(files: dict[str, tuple[Path, str]]) -> dict[str, list[Record]]:
    tables, messages = {}, []
    for kind, (path, fmt) in files.items():
        try:
            tables[kind] = read_records(kind, path.read_bytes(), fmt, name=path.name)
        except ValidationError as error:
            messages.extend(error.messages)
    if messages:
        raise ValidationError(messages)
    return tables
