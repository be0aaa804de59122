"""The database's query planner, kept informed after bulk changes.

The pair list reads its pages in order from the score, similarity and date indexes, and cuts at
the page, only when the planner knows that most pairs are in the work queue. Without statistics
SQLite prefers the equality index on (repeat, status) and sorts 93k rows for every page (55-90 ms
at 100k pairs, against 0.2 ms). A sample (`PRAGMA analysis_limit`) misjudges that index, so the
analysis is whole: 0.2 s at 100k pairs. PostgreSQL's autovacuum analyses by itself, but not at
once after a bulk load.
"""

from django.db import connection

TABLES = ["factcheck_claimpair", "factcheck_statement", "factcheck_source", "factcheck_document"]


def refresh_planner_statistics(using=connection) -> None:
    """Run ANALYZE on the tables the pages read."""
    tables = ", ".join(f'"{table}"' for table in TABLES)
    with using.cursor() as cursor:
        if using.vendor == "sqlite":
            for table in TABLES:
                cursor.execute(f'ANALYZE "{table}"')
        elif using.vendor == "postgresql":
            cursor.execute(f"ANALYZE {tables}")
