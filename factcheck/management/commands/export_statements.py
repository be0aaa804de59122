import json

from django.core.management.base import BaseCommand

from factcheck.models import Statement


class Command(BaseCommand):
    help = 'Write every statement as JSON lines: {"id", "source", "text", "document", "quote", "start", "end"}.'

    def handle(self, *args, **options):
        statements = Statement.objects.select_related("source", "document").order_by("pk")
        for statement in statements.iterator(chunk_size=2000):
            record = {
                "id": statement.pk,
                "source": statement.source.name,
                "text": statement.text,
                "document": statement.document.title if statement.document else None,
                "quote": statement.is_quote,
                "start": statement.start,
                "end": statement.end,
            }
            self.stdout.write(json.dumps(record, ensure_ascii=False))
