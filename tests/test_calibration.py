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


PLACES = [
    "the Rafah crossing", "the airport in Goma", "the port of Odesa", "the M1 motorway", "the Kerch bridge",
    "the main hospital", "the central station", "the border post at Medyka", "the Mosul dam", "the power plant",
    "the parliament building", "the embassy", "the refinery at Baiji", "the ring road", "the grain terminal",
    "the oil pipeline", "the northern checkpoint", "the ferry terminal", "the old market", "the city hall",
    "the stadium", "the water plant",
]  # fmt: skip


@pytest.fixture
def scorer_in_force():
    """Scorers with a refit are cached by the refit's id, which a later test may reuse."""
    from factcheck.services.matcher.scoring import _with_refit, scorer_in_force

    _with_refit.cache_clear()
    yield scorer_in_force
    _with_refit.cache_clear()


def review_pairs(editor, *, confirm_negations: bool):
    """22 pairs of a place said open and then said not open, 22 of two unrelated facts; editors
    confirm one kind and dismiss the other."""
    from factcheck.services.reviews import record_verdict

    officials, police = make_source(name="Officials"), make_source(name="Police")
    for place in PLACES:
        opened = make_statement(source=officials, text=f"{place.capitalize()} is open again, officials said.")
        shut = make_statement(source=police, text=f"{place.capitalize()} is not open, police said.")
        other = make_statement(source=police, text=f"Bread prices rose by a third near {place} last winter.")
        for pair, is_negation in [(make_pair(opened, shut), True), (make_pair(opened, other), False)]:
            verdict = "confirmed" if is_negation == confirm_negations else "dismissed"
            record_verdict(pair=pair, user=editor, verdict=verdict, note="")


def test_calibrate_refits_the_combination_when_editors_disagree_with_it(editor, scorer_in_force, capsys):
    """Editors who confirm what the scorer calls compatible and dismiss what it calls a clash: the
    refit beats the combination in force under cross-validation, is adopted, and scores so."""
    from django.core.management import call_command

    from factcheck.models import ScorerRefit, score_bands

    shipped = scorer_in_force()
    negation = ("The port is open again, officials said.", "The port is not open, police said.")
    unrelated = ("The port is open again, officials said.", "Bread prices rose by a third near the port last winter.")
    assert shipped.score([negation])[0].contradiction > shipped.score([unrelated])[0].contradiction

    review_pairs(editor, confirm_negations=False)
    call_command("calibrate", "--recall", "0.9")
    out = capsys.readouterr().out
    refit = ScorerRefit.objects.get()
    assert refit.adopted, out
    assert refit.after["log_loss"] < refit.before["log_loss"]
    assert (refit.confirmed, refit.dismissed) == (22, 22)
    assert f"adopted (refit {refit.pk}" in out
    assert "threshold=" in out  # the pairing threshold is set on the refit's scores in the same run

    taught = scorer_in_force()
    assert taught.version == shipped.version + f"+refit{refit.pk}"
    assert taught.score([negation])[0].contradiction < taught.score([unrelated])[0].contradiction
    assert score_bands()[1][0] == refit.threshold  # "Likely clash" starts at the refit's threshold
    from factcheck.services.matcher.matching import MatchSettings

    assert MatchSettings.current().scorer_version == taught.version  # so `match` scores the pairs again


def test_calibrate_keeps_the_combination_in_force_when_the_refit_is_not_better(editor, scorer_in_force, capsys):
    """Calibrating again with no new verdicts: the refit in force was fitted on all of them, so a
    new refit, judged on folds it did not see, cannot beat it; the one in force stays."""
    from django.core.management import call_command

    from factcheck.models import ScorerRefit

    review_pairs(editor, confirm_negations=False)
    call_command("calibrate", "--recall", "0.9")
    first = ScorerRefit.objects.get()
    assert first.adopted
    in_force = scorer_in_force().version
    capsys.readouterr()

    call_command("calibrate", "--recall", "0.9")
    out = capsys.readouterr().out
    second = ScorerRefit.objects.exclude(pk=first.pk).get()
    assert not second.adopted, out
    assert "not better, so the combination in force stays" in out
    assert second.before["log_loss"] <= second.after["log_loss"] or second.before["f1"] > second.after["f1"]
    assert scorer_in_force().version == in_force


def test_calibrate_says_why_it_keeps_the_combination_with_few_verdicts(verdicts, scorer_in_force, capsys):
    from django.core.management import call_command

    from factcheck.models import ScorerRefit

    call_command("calibrate", "--recall", "0.8")
    out = capsys.readouterr().out
    assert "Combination kept: Not enough verdicts to refit the scorer: 5 confirmed and 5 dismissed" in out
    assert not ScorerRefit.objects.exists()
    assert "threshold=0.750" in out
