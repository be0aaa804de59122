"""The matcher: embeddings, candidates across sources, stored pairs; verdicts are never touched."""

import io
import json

import numpy as np
import pytest
from django.core.management import call_command

from factcheck.models import ClaimPair, Embedding, Statement
from factcheck.services.matcher import embeddings
from factcheck.services.matcher.matching import MatchSettings, match_statements
from factcheck.services.reviews import record_verdict
from tests.conftest import forget_planner_rows, planner_rows
from tests.factories import make_source, make_statement

pytestmark = [pytest.mark.django_db, pytest.mark.vectors]


@pytest.fixture
def belarus(settings):
    """Three sources on whether Belarus is in the war, and one statement on another topic."""
    settings.FACTCHECK_MIN_CONTRADICTION = 0.0  # store every candidate: these tests are about the pipeline
    ukraine = make_source(name="Ukraine", kind="government")
    pentagon = make_source(name="Pentagon official", kind="office")
    lukashenko = make_source(name="Alexander Lukashenko")
    return {
        "missiles": make_statement(source=ukraine, text="Missiles were flying from Belarus in the direction of Kiev."),
        "no_indication": make_statement(
            source=pentagon, text="There is no indication that Belarusian troops are entering Ukraine."
        ),
        "not_a_single": make_statement(
            source=lukashenko,
            text="Not a single part of Belarusian armed forces has been withdrawn from their places of deployment.",
        ),
        "own": make_statement(source=lukashenko, text="Belarusian troops are not entering Ukraine, Minsk says."),
        "football": make_statement(source=make_source(name="Club"), text="The club signed a new goalkeeper today."),
    }


def pairs():
    return {(p.statement_a_id, p.statement_b_id): p for p in ClaimPair.objects.all()}


def test_every_statement_gets_one_normalised_vector_of_its_text_and_one_of_its_core(belarus):
    match_statements()
    names = [embeddings.model_name(), MatchSettings.current().core_model]
    assert names == ["all-MiniLM-L6-v2+onnx", "all-MiniLM-L6-v2+onnx#core"]
    for name in names:
        assert Embedding.objects.filter(model_name=name).count() == len(belarus)
    assert Embedding.objects.count() == 2 * len(belarus)
    for embedding in Embedding.objects.all():
        vector = np.frombuffer(embedding.vector, dtype=np.float32)
        assert embedding.dimensions == vector.shape[0] == 384
        assert abs(np.linalg.norm(vector) - 1) < 1e-4


def test_a_whole_run_leaves_the_planner_knowing_the_pairs_a_run_for_a_few_statements_not(belarus):
    forget_planner_rows("factcheck_claimpair")
    match_statements(statement_ids=[belarus["missiles"].pk])
    assert planner_rows("factcheck_claimpair") in (None, -1)  # not analysed
    match_statements()
    assert planner_rows("factcheck_claimpair") == ClaimPair.objects.count() > 0


def test_pairs_join_different_sources_only(belarus):
    match_statements()
    stored = pairs()
    assert stored
    for pair in stored.values():
        assert pair.statement_a.source_id != pair.statement_b.source_id
        assert pair.statement_a_id < pair.statement_b_id
    own = {belarus["not_a_single"].pk, belarus["own"].pk}
    assert tuple(sorted(own)) not in stored


def test_related_statements_pair_and_unrelated_ones_do_not(belarus):
    match_statements()
    key = tuple(sorted([belarus["missiles"].pk, belarus["no_indication"].pk]))
    assert key in pairs()
    football = belarus["football"].pk
    assert not any(football in key for key in pairs())


def test_stored_pairs_carry_scores_scorer_version_and_model(belarus):
    match_statements()
    config = MatchSettings.current()
    for pair in ClaimPair.objects.all():
        assert -1 <= pair.similarity <= 1
        assert 0 <= pair.contradiction <= 1
        assert pair.scorer_version == config.scorer_version
        assert pair.embedding_model == "all-MiniLM-L6-v2+onnx"
        assert {"stance_a", "stance_b"} <= set(pair.cues)


def test_second_run_does_no_work_and_changes_nothing(belarus):
    first = match_statements()
    assert first.stale == len(belarus)
    before = {k: (p.contradiction, p.updated_at) for k, p in pairs().items()}
    second = match_statements()
    assert (second.stale, second.embedded, second.scored, second.created) == (0, 0, 0, 0)
    assert {k: (p.contradiction, p.updated_at) for k, p in pairs().items()} == before


def test_new_statement_is_embedded_and_matched_alone(belarus):
    match_statements()
    last = ClaimPair.objects.order_by("pk").last().pk
    new = make_statement(
        source=make_source(name="NATO"),
        text="Belarusian troops have entered Ukraine from the north, NATO says.",
    )
    report = match_statements()
    assert (report.stale, report.embedded) == (1, 1)
    created = ClaimPair.objects.filter(pk__gt=last)
    assert report.created == created.count() >= 1
    assert all(new.pk in (p.statement_a_id, p.statement_b_id) for p in created)


def test_a_task_for_some_statements_embeds_only_those_and_the_later_one_finds_the_pair(belarus):
    missiles, no_indication = belarus["missiles"], belarus["no_indication"]
    first = match_statements(statement_ids=[missiles.pk])
    assert (first.stale, first.embedded, first.statements) == (1, 1, 1)
    assert set(Embedding.objects.values_list("statement_id", flat=True)) == {missiles.pk}
    assert set(first.timings) == {
        *("find stale", "embed", "index", "search", "core search", "document pairs", "stories", "stages"),
        *("score and store", "collapse repeats", "mark matched"),
    }
    second = match_statements(statement_ids=[no_indication.pk])
    assert second.embedded == 1
    assert tuple(sorted([missiles.pk, no_indication.pk])) in pairs()
    Statement.objects.filter(pk=missiles.pk).update(text="Missiles flew from Belarus towards Kyiv.")
    third = match_statements(statement_ids=[missiles.pk])  # an edit re-embeds only the edited one
    assert (third.stale, third.embedded) == (1, 1)


def test_changed_statement_is_re_embedded_and_its_pairs_rescored(belarus):
    match_statements()
    statement = belarus["no_indication"]
    old_vector = Embedding.objects.get(statement=statement, model_name=embeddings.model_name()).vector
    statement.text = "Belarusian troops are entering Ukraine, the Pentagon confirms."
    statement.save()
    report = match_statements()
    assert (report.stale, report.embedded) == (1, 1)
    assert Embedding.objects.get(statement=statement, model_name=embeddings.model_name()).vector != old_vector
    assert report.updated >= 1


def test_rematch_never_changes_a_human_verdict(belarus, editor):
    match_statements()
    pair = ClaimPair.objects.get(
        statement_a=min(belarus["missiles"].pk, belarus["no_indication"].pk),
        statement_b=max(belarus["missiles"].pk, belarus["no_indication"].pk),
    )
    record_verdict(pair=pair, user=editor, verdict="dismissed", note="Not the same question")
    Statement.objects.update(match_key="")  # as if the scorer changed
    match_statements(rebuild=True)
    pair.refresh_from_db()
    assert pair.status == "dismissed"
    assert pair.reviews.count() == 1


def test_rebuild_drops_unreviewed_pairs_below_a_raised_threshold(belarus, settings, editor):
    match_statements()
    reviewed = ClaimPair.objects.order_by("contradiction").first()
    record_verdict(pair=reviewed, user=editor, verdict="confirmed")
    settings.FACTCHECK_MIN_CONTRADICTION = 1.01
    report = match_statements(rebuild=True)
    assert report.removed >= 1
    assert list(ClaimPair.objects.all()) == [reviewed]


def test_match_command_prints_a_summary_and_progress(belarus, capsys):
    call_command("match")
    captured = capsys.readouterr()
    assert captured.out.startswith(f"{len(belarus)} of {len(belarus)} statements to match, {len(belarus)} embedded")
    assert "embed" in captured.err
    assert "score" in captured.err


def test_export_pairs_is_sorted_by_contradiction_with_reviews_oldest_first(belarus, editor):
    match_statements()
    top = ClaimPair.objects.order_by("-contradiction").first()
    record_verdict(pair=top, user=editor, verdict="confirmed", note="first")
    record_verdict(pair=top, user=editor, verdict="unclear", note="second")
    out = io.StringIO()
    call_command("export_pairs", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == ClaimPair.objects.count()
    assert [line["contradiction"] for line in lines] == sorted((line["contradiction"] for line in lines), reverse=True)
    first = lines[0]
    assert set(first) == {"id", "a", "b", "similarity", "contradiction", "kind", "status", "reviews"}
    assert set(first["a"]) == {"id", "source", "text"}
    assert first["status"] == "unclear"
    assert [(r["verdict"], r["user"], r["note"]) for r in first["reviews"]] == [
        ("confirmed", "editor", "first"),
        ("unclear", "editor", "second"),
    ]
    assert first["reviews"][0]["at"] <= first["reviews"][1]["at"]
