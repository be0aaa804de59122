"""Writing the data set as files: every row of each kind as JSON lines or CSV, from one snapshot."""

import csv
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction

from factcheck.services.interchange.schema import BATCH, COLUMNS, Column, record_of, rows_of
from factcheck.services.progress import Progress, no_progress


def write_records(kind: str, records: Iterable[dict], handle, fmt: str, progress: Progress = no_progress) -> int:
    """Write records as JSON lines or CSV (with a header) to an open text file; returns how many."""
    count = 0
    if fmt == "csv":
        writer = csv.writer(handle)
        writer.writerow([column.name for column in COLUMNS[kind]])
    for record in records:
        if fmt == "csv":
            writer.writerow([csv_cell(column, record[column.name]) for column in COLUMNS[kind]])
        else:
            handle.write(json.dumps(record, ensure_ascii=False, allow_nan=False).translate(LINE_BREAKS) + "\n")
        count += 1
        if count % BATCH == 0:
            progress(kind, BATCH)
    progress(kind, count % BATCH)
    return count


# JSON leaves these unescaped, yet many line readers (Python's str.splitlines among them) break lines
# at them; escaped, every record stays on one line for any reader.
LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def csv_cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.type == "json":
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    return str(value)  # str() of a float is its shortest exact form, so scores survive unchanged


def export_kind(kind: str, handle, fmt: str, progress: Progress = no_progress) -> int:
    return write_records(
        kind, (record_of(kind, row) for row in rows_of(kind).iterator(chunk_size=BATCH)), handle, fmt, progress
    )


@contextmanager
def snapshot() -> Iterator[None]:
    """A transaction that sees one state of the data while several tables are read.

    PostgreSQL gives a repeatable-read snapshot. SQLite's transactions here take the write lock
    at once (see settings), so an export there reads without one: stop writers for an exact copy.
    Inside a transaction already (a test), that transaction's view is used.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield
