"""The cue rules on sentences they used to misread (issue 17): each was read wrong before."""

import pytest

from factcheck.services.matcher.cues import find_cues
from factcheck.services.matcher.lexicon import read


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Refusing food is something people do, not a "no".
        ("At least 30 prisoners have refused food for nine days, their families say.", "affirm"),
        # Having none of something is a quantity.
        ("Emergency departments sent ambulances away on Monday because they had no beds.", "affirm"),
        ("The city has been left with no power since the storm.", "affirm"),
        # ... but having no part in something denies it.
        ("We had no role in the attack.", "deny"),
        ("The league has no plans to expand.", "deny"),
        ("No inmates are on hunger strike.", "deny"),
        ("No Marines handed over a functional weapon to anybody.", "deny"),
        # Withholding judgement is a hedge, not a denial.
        ("No link has been established between the restaurant and the illnesses.", "hedge"),
        ("Nothing suggests the drone was launched from our territory.", "hedge"),
        ("There is nothing to indicate that the plane was shot down.", "hedge"),
        # Sacking someone is not dismissing a claim.
        ("Saudi Arabian Airlines on Sunday dismissed its head of catering.", "affirm"),
        ("The airline dismissed the reports as baseless.", "deny"),
        # A report word is the writer's distance from the speaker's claim: the speaker asserts.
        ("Missiles were allegedly flying from Belarus in the direction of Kiev.", "affirm"),
        ("Apple is reportedly aiming to sell upwards of 50 million Apple Watches in 2015.", "affirm"),
        ("The report of a second blast remains unconfirmed.", "hedge"),
    ],
)
def test_a_real_sentence_is_read_as_an_editor_reads_it(text, kind):
    assert read(text).kind == kind


def test_numbers_of_different_things_are_not_a_numeric_clash():
    assert not find_cues("Police said 12 people were killed.", "Police arrested 40 protesters.").numeric


def test_numbers_of_the_same_thing_that_differ_are():
    found = find_cues("Twelve people were killed in the blast.", "The blast killed 40 people.")
    assert (found.numbers_a, found.numbers_b) == (["12"], ["40"])


def test_a_year_is_a_date_not_a_count():
    found = find_cues("The 2014 agreement lists 12 sites.", "The agreement of 2015 lists 12 sites.")
    assert found.numbers_a == ["2014"]
    assert found.numbers_b == ["2015"]


def test_dates_of_two_unrelated_statements_do_not_clash():
    assert not find_cues("The attack happened in March.", "The ministry issued a statement in June.").numeric


def test_opposite_words_said_of_different_things_are_not_antonyms():
    assert find_cues("Oil prices rose sharply on Monday.", "The home team lost the final.").antonyms == []
    assert find_cues("Oil prices rose sharply on Monday.", "Oil prices fell sharply on Monday.").antonyms == [
        ("rose", "fell")
    ]


def test_sums_of_money_compare_in_one_unit():
    found = find_cues("The deal was said to be worth over $1bn.", "It was closer to $400m.")
    assert found.numeric
    assert "1e+09" in found.numbers_a
    assert "4e+08" in found.numbers_b
    assert not find_cues("It cost $1bn.", "It cost $1,000m.").numeric
