"""A statement's stance on a proposition, read from its words and the pairs around it."""

import json

import numpy as np
import pytest

from factcheck.services.matcher.lexicon import read
from factcheck.services.matcher.stance import PairSignal, polarity, stance_toward, stances_in
from tests.proposition_data import GOLD

BELARUS = "Is Belarus taking part in the attack on Ukraine?"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Missiles were flying from Belarus in the direction of Kiev.", "affirms"),
        ("There is no indication that Belarusian troops are entering Ukraine.", "hedges"),
        ("The US administration sees no signs that Belarusian troops are entering Ukraine.", "hedges"),
        (
            "Not a single part of Belarusian armed forces has been withdrawn from their places of permanent "
            "deployment so far.",
            "denies",
        ),
        (
            "Belarus is ready for full wartime deployment of necessary military units in 2-3 days if necessary.",
            "related",
        ),
    ],
)
def test_seed_statements_take_the_stances_an_editor_gives_them(text, stance):
    assert stance_toward(text=text, title=BELARUS).stance == stance


def test_hedge_words_are_not_counted_as_a_denial():
    reading = read("There is no evidence that the water is contaminated.")
    assert (reading.kind, reading.cues) == ("hedge", ("no evidence",))


def test_two_denials_cancel_out():
    assert read("It is not true that no troops crossed the border.").kind == "affirm"


def test_no_doubt_affirms():
    assert stance_toward(
        text="There is no doubt that the minister resigned.", title="Did the minister resign?"
    ).stance == ("affirms")


def test_a_proposition_worded_as_a_denial_turns_affirms_and_denies_around():
    title = "Belarus is not taking part in the war."
    assert polarity(title) == -1
    assert stance_toward(text="Missiles were flying from Belarus toward Kiev.", title=title).stance == "denies"
    assert stance_toward(text="Belarusian troops are not in Ukraine.", title=title).stance == "affirms"
    assert stance_toward(text="There is no indication of Belarusian troops.", title=title).stance == "hedges"


def test_a_clash_with_the_anchor_makes_a_plain_assertion_a_denial():
    call = stance_toward(
        text="The tap water is completely safe to drink.",
        title="E. coli was found in the tap water.",
        clash_with_anchor=0.8,
    )
    assert call.stance == "denies"
    assert call.cues == ("clashes with the anchor",)
    weak = stance_toward(
        text="The tap water is completely safe to drink.",
        title="E. coli was found in the tap water.",
        clash_with_anchor=0.2,
    )
    assert weak.stance == "affirms"


def test_a_statement_far_from_the_others_keeps_its_stance_with_less_confidence():
    near = stance_toward(text="Troops crossed the border.", title=BELARUS, relatedness=0.6)
    far = stance_toward(text="Troops crossed the border.", title=BELARUS, relatedness=0.1)
    assert near.stance == far.stance == "affirms"
    assert far.confidence < near.confidence


def test_the_scorer_agreeing_raises_the_confidence_and_disagreeing_lowers_it():
    text = "Not a single unit has moved."
    alone = stance_toward(text=text, title=BELARUS).confidence
    agreed = stance_toward(text=text, title=BELARUS, scorer_stances=("denial",)).confidence
    disagreed = stance_toward(text=text, title=BELARUS, scorer_stances=("assertion",)).confidence
    assert disagreed < alone < agreed


def test_stances_in_uses_the_pair_with_the_anchor():
    vectors = {1: np.array([1.0, 0.0]), 2: np.array([0.9, 0.436]), 3: np.array([0.8, 0.6])}
    calls = stances_in(
        title="E. coli was found in the tap water.",
        texts={
            1: "E. coli was found in the tap water.",
            2: "The tap water is safe.",
            3: "Doctors treated sick children.",
        },
        vectors=vectors,
        anchor=1,
        pairs=[PairSignal(1, 2, 0.9, "assertion", "assertion")],
    )
    assert {pk: call.stance for pk, call in calls.items()} == {1: "affirms", 2: "denies", 3: "affirms"}


def test_stance_rules_agree_with_the_labelled_set():
    """Measured, not just asserted: the report quotes these figures (words only, no pairs)."""
    data = json.loads(GOLD.read_text())
    right = total = 0
    for entry in data["sets"]:
        texts = {s["key"]: s["text"] for s in entry["statements"]}
        for proposition in entry["propositions"]:
            for key, stance in proposition["stances"].items():
                total += 1
                right += stance_toward(text=texts[key], title=proposition["title"]).stance == stance
    assert (right, total) == (30, 34)
    cases = data["stance_cases"]["cases"]
    right = sum(stance_toward(text=c["text"], title=c["title"]).stance == c["stance"] for c in cases)
    assert (right, len(cases)) == (24, 32)
