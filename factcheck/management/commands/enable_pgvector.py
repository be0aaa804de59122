from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from factcheck.services.matcher import embeddings
from factcheck.services.matcher.search import PgvectorIndex, enable_pgvector


class Command(BaseCommand):
    help = (
        "On PostgreSQL with the pgvector extension available: create the extension, the vector table "
        "and its HNSW index, and copy the stored embeddings in. `match` then searches with pgvector."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="drop and recreate the vector table")
        parser.add_argument("--dimensions", type=int, default=None, help="vector size (default: the embedding model's)")

    def handle(self, *args, rebuild: bool, dimensions: int | None, **options):
        if connection.vendor != "postgresql":
            raise CommandError(f"pgvector needs PostgreSQL; DATABASE_URL points to {connection.vendor}.")
        dimensions = dimensions or embeddings.get_model().get_embedding_dimension()
        try:
            enable_pgvector(dimensions=dimensions, rebuild=rebuild)
        except DatabaseError as error:
            raise CommandError(
                f"Could not set up pgvector: {error}".strip()
                + " Install the extension on the server (e.g. apt install postgresql-16-pgvector) and retry."
            ) from None
        copied = PgvectorIndex(model_name=embeddings.model_name()).sync()
        self.stdout.write(f"pgvector ready: {dimensions}-dimension HNSW index; {copied} vectors copied.")
