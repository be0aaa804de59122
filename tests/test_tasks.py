"""Statements saved in the admin or imported are matched by the task worker, not the request."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from factcheck.models import ClaimPair, Statement
from factcheck.services.matcher.matching import match_statements
from tests.factories import make_source, make_statement

pytestmark = pytest.mark.vectors


@pytest.fixture
def low_threshold(settings):
    settings.FACTCHECK_MIN_CONTRADICTION = 0.0


@pytest.mark.django_db(transaction=True)
def test_statement_saved_in_admin_is_matched_by_the_worker(admin_client, low_threshold):
    earlier = make_statement(source=make_source(name="Ukraine"), text="Missiles were flying from Belarus toward Kiev.")
    match_statements(statement_ids=[earlier.pk])  # as its own task did when it was saved
    pentagon = make_source(name="Pentagon official")
    response = admin_client.post(
        reverse("admin:factcheck_statement_add"),
        {
            "source": pentagon.pk,
            "mode": "quote",
            "text": "There is no indication that missiles came from Belarus.",
        },
    )
    assert response.status_code == 302
    statement = Statement.objects.get(source=pentagon)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "factcheck.tasks.match_statements_task"
    assert queued.args_kwargs["args"] == [[statement.pk]]
    assert ClaimPair.objects.count() == 0  # the request did not run the model

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    pair = ClaimPair.objects.get()
    assert statement.pk in (pair.statement_a_id, pair.statement_b_id)


@pytest.mark.django_db(transaction=True)
def test_imported_statements_are_queued_once_for_matching(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("source,text\nA,One claim.\nB,Another claim.\n", encoding="utf-8")
    call_command("import_statements", str(path))
    queued = DBTaskResult.objects.get()
    assert sorted(queued.args_kwargs["args"][0]) == sorted(Statement.objects.values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_failed_import_queues_nothing(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("source,text\nA,One claim.\nB,\n", encoding="utf-8")
    with pytest.raises(Exception, match="nothing imported"):
        call_command("import_statements", str(path))
    assert DBTaskResult.objects.count() == 0
