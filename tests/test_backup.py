"""The documented backup (`dumpdata` to a compressed file, `loaddata` into a fresh database) gives back every row."""

import json
import re

import numpy as np
import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.management import call_command
from django.utils import timezone

from factcheck.models import Embedding, PairingThreshold, SourceAlias, StatementVector
from factcheck.services.reviews import record_verdict
from factcheck.tasks import match_statements_task
from tests.factories import make_document, make_pair, make_source, make_statement, make_user

# Transactional: `flush` empties the tables as in a fresh database, outside any test transaction.
pytestmark = pytest.mark.django_db(transaction=True)

# What the README's backup command leaves out: rebuilt by `migrate`, or not worth keeping.
NOT_BACKED_UP = {ContentType, Permission, Session, StatementVector}
BACKUP = [
    "dumpdata",
    "--natural-foreign",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
    "--exclude=factcheck.statementvector",
]


EXACT_SECOND = re.compile(r'(T\d{2}:\d{2}:\d{2})\.000(?=Z|[+-]\d{2}:\d{2}|")')


def every_row() -> dict[str, list]:
    """Every row of every model, each field as stored; users, groups and permissions by natural key."""
    rows = {}
    for model in apps.get_models():
        if model in NOT_BACKED_UP:
            continue
        text = serializers.serialize("json", model._default_manager.order_by("pk"), use_natural_foreign_keys=True)
        # JSON keeps milliseconds: a time stored with under 1 ms of microseconds is written "…:07.000"
        # and comes back as "…:07" (no fraction), the same instant (a flake of about 1 in 1,000 times).
        rows[model._meta.label] = json.loads(EXACT_SECOND.sub(r"\1", text))
    return rows


@pytest.fixture
def everything(editor):
    admin = make_user("admin", is_staff=True, is_superuser=True)
    person = make_source(name="Alexander Lukashenko", parent=make_source(name="Belarus", kind="government"))
    SourceAlias.objects.create(source=person, name="Lukashenko")
    document = make_document(text="Not a single part has left its base, he said. ünïcode \U0001f600 </script>")
    a = make_statement(source=person, document=document, start=0, end=10, mode="quote")
    b = make_statement(text='Troops are moving.\nSecond line, with "quotes".')
    Embedding.objects.create(
        statement=a,
        model_name="all-MiniLM-L6-v2",
        text_hash=a.text_hash,
        dimensions=4,
        vector=np.array([0.5, -0.5, 0.5, -0.5], dtype=np.float32).tobytes(),
    )
    pair = make_pair(a, b, similarity=0.1 + 0.2, contradiction=1 / 3, cues={"fired": ["denial"], "x": [1.5, None]})
    record_verdict(pair=pair, user=editor, verdict="confirmed", note="Both sides, checked.")
    record_verdict(pair=pair, user=editor, verdict="unclear", note="")
    PairingThreshold.objects.create(
        threshold=0.42, recall_target=0.95, recall=0.96, false_positive_rate=0.1, confirmed=5, dismissed=5
    )
    match_statements_task.enqueue([a.pk, b.pk])
    LogEntry.objects.log_actions(
        user_id=admin.pk, queryset=[person], action_flag=ADDITION, change_message="Added by hand.", single_object=True
    )
    return timezone.now()


@pytest.mark.parametrize("name", ["backup.json.gz", "backup.json"])
def test_backup_and_restore_give_back_every_row_exactly(tmp_path, everything, name):
    before = every_row()
    assert all(
        before[label] for label in ["factcheck.Embedding", "django_tasks_database.DBTaskResult", "admin.LogEntry"]
    )
    path = tmp_path / name
    call_command(*BACKUP, "-o", str(path), verbosity=0)

    call_command("flush", "--noinput", verbosity=0)  # a fresh database, as after `migrate`
    assert every_row() != before

    call_command("loaddata", str(path), verbosity=0)
    assert every_row() == before
