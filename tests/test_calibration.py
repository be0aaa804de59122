"""Verdicts as data: the review export, the pairing threshold they calibrate, editors' agreement."""

import pytest

from tests.factories import make_pair, make_source, make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def verdicts(editor):
    from factcheck.services.reviews import record_verdict

    a, b = make_source(name="Kyiv"), make_source(name="Minsk")
    made = []
    for n, (score, verdict) in enumerate(
        [
            (0.95, "confirmed"),
            (0.9, "confirmed"),
            (0.85, "confirmed"),
            (0.8, "dismissed"),
            (0.75, "confirmed"),
            (0.7, "confirmed"),
            (0.6, "dismissed"),
            (0.5, "dismissed"),
            (0.45, "dismissed"),
            (0.4, "dismissed"),
            (0.35, "unclear"),
            (0.3, None),
        ]
    ):
        pair = make_pair(
            make_statement(source=a, text=f"Claim {n}."),
            make_statement(source=b, text=f"Counter {n}."),
            contradiction=score,
        )
        if verdict:
            record_verdict(pair=pair, user=editor, verdict=verdict, note="")
        made.append(pair)
    return made


def test_export_reviews_writes_confirmed_and_dismissed_pairs(tmp_path, verdicts):
    import csv

    from django.core.management import call_command

    path = tmp_path / "reviews.csv"
    call_command("export_reviews", str(path))
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert list(rows[0]) == ["text_a", "text_b", "label", "source_a", "source_b", "reviewer", "at"]
    assert len(rows) == 10
    assert rows[0]["label"] == "contradiction"
    assert rows[3]["label"] == "compatible"
    assert (rows[0]["source_a"], rows[0]["source_b"], rows[0]["reviewer"]) == ("Kyiv", "Minsk", "editor")


def test_calibrate_sets_the_threshold_that_keeps_the_confirmed_pairs(verdicts, capsys):
    from django.core.management import call_command

    from factcheck.services.matcher.thresholds import pairing_threshold

    call_command("calibrate", "--recall", "0.8")
    out = capsys.readouterr().out
    # five confirmed pairs; keeping 80% (four) puts the threshold at the fourth highest, 0.75
    assert "threshold=0.750" in out
    assert "false_positive_rate=20.0%" in out
    assert pairing_threshold() == 0.75


def test_calibrate_needs_enough_verdicts(editor):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Not enough verdicts to calibrate: 0 confirmed and 0 dismissed"):
        call_command("calibrate")


def test_pair_page_shows_how_often_editors_agreed_at_that_score(client, verdicts):
    html = client.get(verdicts[1].get_absolute_url()).content.decode()
    assert "Of 2 reviewed pairs scored 90–100%, editors confirmed 2 (100%) and dismissed 0." in html
