"""Long lists at volume: counts that stop at a cap, and pair pages read in index order."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from factcheck import pagination, selectors
from factcheck.models import Statement
from tests.conftest import planner_rows
from tests.factories import make_source

pytestmark = pytest.mark.django_db

STATEMENTS = reverse("factcheck:statement-list")


def test_a_long_list_stops_counting_at_the_cap_and_still_pages_to_its_end(client, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 60)
    source = make_source(name="Wire desk")
    Statement.objects.bulk_create([Statement(source=source, text=f"Statement {n}.") for n in range(120)])
    newest_first = list(Statement.objects.order_by("-pk").values_list("pk", flat=True))

    first = client.get(STATEMENTS)
    assert "60+ statements" in first.content.decode()
    assert "Page 1 of 3+" in first.content.decode()  # 61 counted: a third page exists

    third = client.get(STATEMENTS, {"page": 3})  # the count grows with the page asked for
    assert [s.pk for s in third.context["rows"]] == newest_first[50:75]
    assert "100+ statements" in third.content.decode()

    last = client.get(STATEMENTS, {"page": 5})
    assert [s.pk for s in last.context["rows"]] == newest_first[100:]
    assert "120 statements" in last.content.decode()
    assert 'rel="next"' not in last.content.decode()


def test_a_search_is_counted_and_paged_from_one_read_of_its_ids(client, django_assert_max_num_queries):
    source = make_source(name="Wire desk")
    Statement.objects.bulk_create(
        [Statement(source=source, text=f"The border is {'open' if n % 2 else 'closed'} ({n}).") for n in range(60)]
    )
    with django_assert_max_num_queries(4):  # the speakers named so, the ids, the page's rows
        response = client.get(STATEMENTS, {"q": "closed", "page": 2})
    assert "30 statements" in response.content.decode()
    texts = [s.text for s in response.context["rows"]]
    assert len(texts) == 5
    assert all("closed" in text for text in texts)


def test_after_a_bulk_load_the_pair_list_is_read_in_index_order_not_sorted_whole():
    call_command("generate_data", statements=2000, pairs=3000, stdout=io.StringIO(), stderr=io.StringIO())
    assert planner_rows("factcheck_claimpair") == 3000  # generate_data analyses the tables it filled
    if connection.vendor == "sqlite":
        for ordering in (["-contradiction", "-similarity", "-pk"], ["-similarity", "-contradiction", "-pk"]):
            pairs = selectors.filter_pairs(status="open", ordering=ordering).queryset
            plan = pairs.values_list("pk", flat=True)[:25].explain()
            assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan  # sorting the ties (right part) is fine
