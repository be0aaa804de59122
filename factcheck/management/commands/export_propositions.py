import json

from django.core.management.base import BaseCommand

from factcheck import selectors


class Command(BaseCommand):
    help = (
        "Write every proposition as JSON lines, oldest first: "
        '{"id", "title", "statements": [{"id", "source", "text", "stance", "date"}]}; '
        "statements in the order they were said (undated last), dates as YYYY-MM-DD or null."
    )

    def handle(self, *args, **options):
        for proposition in selectors.propositions_for_export().iterator(chunk_size=500):
            record = {
                "id": proposition.pk,
                "title": proposition.title,
                "statements": [
                    {
                        "id": row.statement_id,
                        "source": row.statement.source.name,
                        "text": row.statement.text,
                        "stance": row.stance,
                        "date": row.when.isoformat() if row.when else None,
                    }
                    for row in selectors.in_time_order(proposition.active_memberships)
                ],
            }
            self.stdout.write(json.dumps(record, ensure_ascii=False))
