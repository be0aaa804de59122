"""schemathesis: requests generated from the API's OpenAPI description, answers checked against it.

Every operation, with valid and invalid parameters (schemathesis's positive and negative
phases): no server error, every answer's status, headers and body as described, invalid
input refused. Bounded by Hypothesis's settings to keep CI short.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import settings

from factcheck.models import SourceAlias
from factcheck.services.reviews import record_verdict
from tests.factories import make_document, make_pair, make_source, make_statement

# Loaded once, at collection; the description needs no database.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def rows(db, editor):
    """Rows for the API to show, so that lists and some ids find something."""
    state = make_source(name="Belarus", kind="government")
    person = make_source(name="Alexander Lukashenko", parent=state)
    SourceAlias.objects.create(source=person, name="Lukashenko")
    document = make_document(title="Ukraine threatens Belarus", url="https://example.org/a", published="2022-03-01")
    for number in range(3):
        pair = make_pair(make_statement(source=person, document=document, start=0, end=4), make_statement(source=state))
        if number == 0:
            record_verdict(pair=pair, user=editor, verdict="confirmed", note="<b>yes</b>")
    # As Django's test client does: a request through the WSGI handler must not close the test's
    # database connection (which holds the test's transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=30)
def test_api_answers_as_its_openapi_description_says(case, rows):
    case.call_and_validate()
