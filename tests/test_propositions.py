"""Propositions: found by the matcher from real embeddings and pairs, kept by editors across re-runs."""

import io
import json

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from factcheck.models import Proposition, PropositionStatement, Statement
from factcheck.services.matcher.matching import embed_statements
from factcheck.services.propositions.clustering import ClusterSettings, cluster_vectors
from factcheck.services.propositions.editing import (
    create_proposition,
    merge_propositions,
    move_statement,
    rename_proposition,
    set_stance,
    split_proposition,
)
from factcheck.services.propositions.propose import propose_propositions
from tests.factories import make_pair, make_source, make_statement
from tests.proposition_data import make_article_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    """The seed article's statements as the real extraction finds them, embedded, with the clashes
    a contradiction scorer finds between them (made by hand, so the test does not depend on one)."""
    statements = make_article_set()
    embed_statements()
    kyiv = statements["kyiv-missiles"]
    for key, contradiction, kind, stance in [
        ("pentagon-indication", 0.8, "hedge", "hedge"),
        ("pentagon-signs", 0.75, "hedge", "hedge"),
        ("lukashenko-not-withdrawn", 0.7, "denial", "denial"),
    ]:
        make_pair(
            kyiv, statements[key], contradiction=contradiction, kind=kind, cues=cues(kyiv, statements[key], stance)
        )
    return statements


def cues(kyiv, other, stance):
    a, b = ("assertion", stance) if kyiv.pk < other.pk else (stance, "assertion")
    return {"stance_a": a, "stance_b": b}


def stances(proposition) -> dict[int, str]:
    return dict(proposition.memberships.filter(removed=False).values_list("statement_id", "stance"))


def belarus(seed) -> Proposition:
    return Proposition.objects.get(memberships__statement=seed["kyiv-missiles"], memberships__removed=False)


BELARUS_STANCES = {
    "kyiv-missiles": "affirms",
    "pentagon-indication": "hedges",
    "pentagon-signs": "hedges",
    "lukashenko-not-withdrawn": "denies",
}


def test_seed_gathers_kyiv_pentagon_and_lukashenko_on_belarus_with_the_right_stances(seed):
    report = propose_propositions()
    proposition = belarus(seed)
    assert stances(proposition) == {seed[key].pk: stance for key, stance in BELARUS_STANCES.items()}
    assert report.created == Proposition.objects.count() >= 1


def test_automatic_title_is_the_claim_the_others_argue_about(seed):
    propose_propositions()
    proposition = belarus(seed)
    assert proposition.title == "Missiles were flying from Belarus in the direction of Kiev."
    assert proposition.anchor == seed["kyiv-missiles"]
    assert (proposition.origin, proposition.edited) == ("auto", False)


def test_statements_on_other_questions_stay_out(seed):
    propose_propositions()
    inside = set(stances(belarus(seed)))
    for key in ["lukashenko-s400", "lukashenko-forces", "zelenskyy-ceasefire", "danilov-strike"]:
        assert seed[key].pk not in inside


def test_a_proposition_needs_two_sources():
    source = make_source(name="Lukashenko")
    make_statement(source=source, text="Belarus needs another S-400 air defence system.")
    make_statement(source=source, text="Belarus will get another S-400 air defence system from Russia.")
    embed_statements()
    propose_propositions()
    assert Proposition.objects.count() == 0


def test_second_run_changes_nothing(seed):
    propose_propositions()
    before = list(PropositionStatement.objects.values_list("proposition", "statement", "stance", "updated_at"))
    report = propose_propositions()
    assert (report.created, report.updated, report.removed, report.added, report.taken_out) == (0, 0, 0, 0, 0)
    assert list(PropositionStatement.objects.values_list("proposition", "statement", "stance", "updated_at")) == before


def test_a_new_statement_joins_the_proposition_on_the_next_run(seed):
    propose_propositions()
    nato = make_statement(
        source=make_source(name="NATO official"),
        text="There is no evidence that Belarusian troops have entered Ukraine.",
    )
    embed_statements()
    report = propose_propositions()
    assert report.added == 1
    assert stances(belarus(seed))[nato.pk] == "hedges"


def test_rename_is_kept_by_a_rerun(seed, editor):
    propose_propositions()
    proposition = belarus(seed)
    rename_proposition(proposition=proposition, title="Is Belarus taking part in the attack on Ukraine?", user=editor)
    propose_propositions()
    proposition.refresh_from_db()
    assert proposition.title == "Is Belarus taking part in the attack on Ukraine?"
    assert proposition.edited
    assert stances(proposition) == {seed[key].pk: stance for key, stance in BELARUS_STANCES.items()}


def test_a_title_worded_as_a_denial_turns_the_stances_around(seed, editor):
    propose_propositions()
    proposition = rename_proposition(
        proposition=belarus(seed), title="Belarus is not taking part in the war.", user=editor
    )
    got = stances(proposition)
    assert got[seed["kyiv-missiles"].pk] == "denies"
    assert got[seed["lukashenko-not-withdrawn"].pk] == "affirms"
    assert got[seed["pentagon-indication"].pk] == "hedges"


def test_a_statement_taken_out_stays_out_after_a_rerun(seed, editor):
    propose_propositions()
    proposition = belarus(seed)
    move_statement(statement=seed["pentagon-signs"], out_of=proposition, user=editor)
    propose_propositions()
    assert seed["pentagon-signs"].pk not in stances(proposition)
    assert (
        Proposition.objects.filter(memberships__statement=seed["pentagon-signs"], memberships__removed=False).count()
        == 0
    )
    proposition.refresh_from_db()
    assert proposition.edited


def test_an_editor_moves_a_statement_in_and_its_stance_is_read(seed, editor):
    propose_propositions()
    proposition = belarus(seed)
    move_statement(statement=seed["lukashenko-ready"], into=proposition, user=editor)
    assert stances(proposition)[seed["lukashenko-ready"].pk] == "related"
    propose_propositions()
    assert stances(proposition)[seed["lukashenko-ready"].pk] == "related"


def test_a_statement_moved_to_another_proposition_stays_there(seed, editor):
    propose_propositions()
    proposition = belarus(seed)
    other = create_proposition(title="What does the Pentagon see?", user=editor)
    move_statement(statement=seed["pentagon-signs"], out_of=proposition, into=other, user=editor)
    propose_propositions()
    assert set(stances(other)) == {seed["pentagon-signs"].pk}
    assert seed["pentagon-signs"].pk not in stances(proposition)


def test_an_editors_stance_is_kept_by_a_rerun(seed, editor):
    propose_propositions()
    proposition = belarus(seed)
    set_stance(proposition=proposition, statement=seed["pentagon-signs"], stance="denies", user=editor)
    propose_propositions()
    row = proposition.memberships.get(statement=seed["pentagon-signs"])
    assert (row.stance, row.stance_by_editor, row.confidence) == ("denies", True, 1.0)


def test_merge_moves_every_statement_and_leaves_a_pointer_that_reruns_respect(seed, editor):
    propose_propositions()
    proposition = belarus(seed)
    other = create_proposition(
        title="Will Belarus deploy its army?", user=editor, statements=[seed["lukashenko-ready"]]
    )
    merge_propositions(target=proposition, other=other, user=editor)
    other.refresh_from_db()
    assert other.merged_into == proposition
    assert other.memberships.count() == 0
    assert seed["lukashenko-ready"].pk in stances(proposition)
    propose_propositions()
    other.refresh_from_db()
    assert other.merged_into == proposition
    assert set(stances(proposition)) == {seed[key].pk for key in [*BELARUS_STANCES, "lukashenko-ready"]}


def test_merging_into_itself_or_a_merged_proposition_is_refused_and_nothing_changes(seed, editor):
    propose_propositions()
    proposition = belarus(seed)
    other = create_proposition(title="Another", user=editor)
    merge_propositions(target=proposition, other=other, user=editor)
    before = list(PropositionStatement.objects.values_list("proposition", "statement", "removed"))
    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        merge_propositions(target=proposition, other=proposition, user=editor)
    with pytest.raises(ValidationError, match="was merged into"):
        merge_propositions(target=other, other=proposition, user=editor)
    assert list(PropositionStatement.objects.values_list("proposition", "statement", "removed")) == before


def test_split_makes_a_new_proposition_and_a_rerun_keeps_both(seed, editor):
    propose_propositions()
    proposition = belarus(seed)
    pentagon = [seed["pentagon-indication"], seed["pentagon-signs"]]
    new = split_proposition(proposition=proposition, statements=pentagon, title="What does the US see?", user=editor)
    assert set(stances(new)) == {s.pk for s in pentagon}
    assert set(stances(proposition)) == {seed["kyiv-missiles"].pk, seed["lukashenko-not-withdrawn"].pk}
    propose_propositions()
    assert set(stances(new)) == {s.pk for s in pentagon}
    assert set(stances(proposition)) == {seed["kyiv-missiles"].pk, seed["lukashenko-not-withdrawn"].pk}
    assert (new.origin, new.edited) == ("editor", True)


@pytest.mark.parametrize(
    ("keys", "title", "message"),
    [
        ([], "New", "Choose the statements"),
        (list(BELARUS_STANCES), "New", "Leave at least one statement"),
        (["zelenskyy-ceasefire"], "New", "Only statements in this proposition"),
        (["pentagon-signs"], "   ", "needs a title"),
    ],
)
def test_a_split_that_makes_no_sense_is_refused_and_nothing_changes(seed, editor, keys, title, message):
    propose_propositions()
    proposition = belarus(seed)
    counts = (Proposition.objects.count(), PropositionStatement.objects.filter(removed=False).count())
    with pytest.raises(ValidationError, match=message):
        split_proposition(proposition=proposition, statements=[seed[k] for k in keys], title=title, user=editor)
    assert (Proposition.objects.count(), PropositionStatement.objects.filter(removed=False).count()) == counts


def test_only_editors_change_propositions(seed, reader):
    propose_propositions()
    proposition = belarus(seed)
    with pytest.raises(PermissionDenied):
        rename_proposition(proposition=proposition, title="Mine now", user=reader)
    with pytest.raises(PermissionDenied):
        move_statement(statement=seed["pentagon-signs"], out_of=proposition, user=reader)
    proposition.refresh_from_db()
    assert (proposition.title, proposition.edited) == (
        "Missiles were flying from Belarus in the direction of Kiev.",
        False,
    )


def test_an_unedited_proposition_goes_when_its_cluster_does_and_an_edited_one_stays(seed, editor):
    propose_propositions()
    kept = create_proposition(title="Kept", user=editor, statements=[seed["zelenskyy-ceasefire"]])
    Statement.objects.exclude(pk__in=[seed["zelenskyy-ceasefire"].pk, seed["lukashenko-not-withdrawn"].pk]).delete()
    report = propose_propositions()
    assert report.removed == 1
    assert list(Proposition.objects.all()) == [kept]


def test_clusters_join_along_clashes_and_keep_apart_what_is_unrelated():
    vectors = np.array([[1, 0, 0], [0.6, 0.8, 0], [0.95, 0.31, 0], [0, 0, 1]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids, sources = np.array([1, 2, 3, 4]), np.array([10, 20, 30, 40])
    config = ClusterSettings(linkage=0.75, clash_bonus=0.5, neighbours=3, min_similarity=0.3)
    alone = cluster_vectors(ids=ids, sources=sources, vectors=vectors, clashes={}, config=config)
    assert alone == [[1, 3], [2], [4]]
    joined = cluster_vectors(
        ids=ids, sources=sources, vectors=vectors, clashes={(1, 2): 0.9, (2, 3): 0.9}, config=config
    )
    assert joined == [[1, 2, 3], [4]]


def test_propose_command_prints_a_summary_and_progress(seed, capsys):
    call_command("propose_propositions")
    captured = capsys.readouterr()
    assert captured.out.startswith("11 statements in ")
    assert "propositions: 1 new" in captured.out
    assert "cluster" in captured.err


def test_export_writes_one_json_line_per_proposition_in_the_order_things_were_said(seed, editor):
    propose_propositions()
    proposition = belarus(seed)
    merged = create_proposition(title="Gone", user=editor)
    merge_propositions(target=proposition, other=merged, user=editor)
    out = io.StringIO()
    call_command("export_propositions", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["id"] for line in lines] == [proposition.pk]
    (line,) = lines
    assert set(line) == {"id", "title", "statements"}
    assert line["title"] == proposition.title
    assert all(set(s) == {"id", "source", "text", "stance", "date"} for s in line["statements"])
    first = line["statements"][0]
    signs = seed["pentagon-signs"]
    assert (first["id"], first["source"], first["text"], first["stance"], first["date"]) == (
        signs.pk,
        "Pentagon official",
        signs.text,
        "hedges",
        "2022-02-28",
    )
    assert [s["date"] for s in line["statements"]] == sorted(s["date"] for s in line["statements"])
