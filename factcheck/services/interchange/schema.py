"""The data set as files: sources, documents, statements, pairs and reviews, as CSV or JSON lines.

A round trip (`export_data`, a fresh database, `import_data`) loses nothing: every row comes back
with its id and every stored field, timestamps included, so links between rows, the pages' URLs
and the API's ids stay the same. In detail:

- sources: id, name, kind, title, affiliation, parent (id), aliases (names), created_at, updated_at
- documents: id, title, outlet, url, published, text, origin, created_at, updated_at
- statements: id, source, document (ids), text, mode, start, end, said_on, match_key, created_at, updated_at
- pairs: id, statement_a, statement_b (ids), similarity, contradiction, kind, cues, scorer_version,
  embedding_model, threshold, status, created_at, updated_at
- reviews: id, pair (id), user (user name), verdict, note, created_at

Left out, on purpose: embeddings (derived from the text; `match` computes them again), user
accounts and passwords (a review names its editor; an editor missing from the target database is
created without a password and inactive), alias ids, pairing thresholds and the task queue. The
database backup in the README keeps those too.

An import is all or nothing. A row whose id is already stored must be identical to the stored
one (then it is skipped, so importing the same files twice changes nothing); a different row under
the same id is an error, as is a reference to a row that is neither in the files nor stored.
"""

from dataclasses import dataclass

from django.db.models import Model

from factcheck.models import ClaimPair, Document, Review, Source, Statement

KINDS = ["sources", "documents", "statements", "pairs", "reviews"]  # in the order they depend on each other
FORMATS = ["jsonl", "csv"]
BATCH = 1000


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # int, float, str, date, datetime or json
    nullable: bool = False
    ref: bool = False  # an id of another row, read from the model's `<name>_id`


def columns(*spec: str) -> list[Column]:
    """Columns from "name:type", "name:type?" (nullable), "name:ref" or "name:ref?" (another row's id)."""
    parsed = []
    for item in spec:
        name, kind = item.split(":")
        ref = kind.rstrip("?") == "ref"
        parsed.append(Column(name, "int" if ref else kind.rstrip("?"), kind.endswith("?"), ref))
    return parsed


# One field list per kind: records, files, imports and comparisons are all derived from it.
COLUMNS: dict[str, list[Column]] = {
    "sources": columns(
        "id:int",
        "name:str",
        "kind:str",
        "title:str",
        "affiliation:str",
        "parent:ref?",
        "aliases:json",
        "created_at:datetime",
        "updated_at:datetime",
    ),
    "documents": columns(
        "id:int",
        "title:str",
        "outlet:str",
        "url:str",
        "published:date?",
        "text:str",
        "origin:str",
        "created_at:datetime",
        "updated_at:datetime",
    ),
    "statements": columns(
        "id:int",
        "source:ref",
        "document:ref?",
        "text:str",
        "mode:str",
        "start:int?",
        "end:int?",
        "said_on:date?",
        "match_key:str",
        "created_at:datetime",
        "updated_at:datetime",
    ),
    "pairs": columns(
        "id:int",
        "statement_a:ref",
        "statement_b:ref",
        "similarity:float?",
        "contradiction:float?",
        "kind:str",
        "cues:json",
        "scorer_version:str",
        "embedding_model:str",
        "threshold:float?",
        "status:str",
        "created_at:datetime",
        "updated_at:datetime",
    ),
    "reviews": columns("id:int", "pair:ref", "user:str", "verdict:str", "note:str", "created_at:datetime"),
}
MODELS: dict[str, type[Model]] = {
    "sources": Source,
    "documents": Document,
    "statements": Statement,
    "pairs": ClaimPair,
    "reviews": Review,
}
SINGULAR = {
    "sources": "source",
    "documents": "document",
    "statements": "statement",
    "pairs": "pair",
    "reviews": "review",
}
# Columns that are not a field of the row itself: set apart from the model's own values.
DERIVED = {"aliases", "user"}
TIMESTAMPS = ("created_at", "updated_at")


def plain_fields(kind: str) -> list[str]:
    """The columns that are the model's own fields, as an import sets them on a new row."""
    return [c.name for c in COLUMNS[kind] if not c.ref and c.name not in DERIVED and c.name not in TIMESTAMPS]


def record_of(kind: str, row: Model) -> dict:
    """A row as the record the files hold (dates as ISO 8601, other rows by id, aliases by name)."""
    out = {}
    for column in COLUMNS[kind]:
        if column.name == "aliases":
            value = sorted(alias.name for alias in row.aliases.all())
        elif column.name == "user":
            value = row.user.get_username()
        elif column.ref:
            value = getattr(row, f"{column.name}_id")
        else:
            value = getattr(row, "pk" if column.name == "id" else column.name)
        if column.type in ("date", "datetime") and value is not None:
            value = value.isoformat()
        out[column.name] = value
    return out


def rows_of(kind: str):
    """Every row of a kind, by id, with what its record needs loaded."""
    rows = MODELS[kind].objects.order_by("pk")
    if kind == "sources":
        rows = rows.prefetch_related("aliases")
    elif kind == "reviews":
        rows = rows.select_related("user")
    return rows
