"""generate_data: the benchmark data generator, and its progress bars."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from factcheck.models import ClaimPair, Statement

pytestmark = pytest.mark.django_db


def test_fills_the_database_and_shows_one_bar_per_stage():
    err, out = io.StringIO(), io.StringIO()
    # 20,010 statements come in three batches: the bar must be updated, not made again each time.
    call_command("generate_data", statements=20_010, pairs=300, stdout=out, stderr=err)

    assert Statement.objects.count() == 20_010
    assert ClaimPair.objects.count() == 300
    assert "Generated 20010 statements" in out.getvalue()
    bars = re.findall(r"(statements|pairs):\s+0%", err.getvalue())
    assert bars.count("statements") == 1
    assert bars.count("pairs") == 1
    assert "20010/20010" in err.getvalue()


def test_refuses_a_count_below_one_and_writes_nothing():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generate_data", statements=0)
    assert Statement.objects.count() == 0
