"""The shipped contradiction scorer, loaded for real: ranking, stances, kinds and cue words."""

import itertools
import json

import pytest

from factcheck.lab.showcase import SEED_STATEMENTS, cross_source_pairs
from factcheck.models import PairKind
from factcheck.services.matcher.cues import find_cues, kind_of, stance
from factcheck.services.matcher.scoring import PairScore, Scorer, get_scorer

MISSILES = "Missiles were allegedly flying from Belarus in the direction of Kiev."
NO_INDICATION = "There is no indication that Belarusian troops are entering Ukraine."
S400 = (
    "He asked Russian President Vladimir Putin to supply Belarus with an additional S-400 air defense "
    "system to be stationed west of Minsk to protect the country's territory."
)
CEASEFIRE = (
    "The key issue of the negotiations is an immediate ceasefire and the withdrawal of troops from the "
    "territory of Ukraine."
)


@pytest.fixture(scope="module")
def scorer():
    return get_scorer()


@pytest.fixture(scope="module")
def seed_ranking(scorer):
    pairs = cross_source_pairs()
    scores = scorer.score([(a[1], b[1]) for a, b in pairs])
    ranked = sorted(zip(pairs, scores, strict=True), key=lambda item: -item[1].contradiction)
    return [({a[1], b[1]}, score) for (a, b), score in ranked]


def _rank_of(ranking, text_a, text_b):
    return next(i for i, (texts, _) in enumerate(ranking) if texts == {text_a, text_b})


@pytest.mark.slow
def test_missiles_against_no_indication_outscores_s400_against_ceasefire(scorer):
    clash, unrelated = scorer.score([(MISSILES, NO_INDICATION), (S400, CEASEFIRE)])
    assert clash.contradiction > unrelated.contradiction


@pytest.mark.slow
def test_missiles_against_no_indication_ranks_in_the_top_three_seed_pairs(seed_ranking):
    assert _rank_of(seed_ranking, MISSILES, NO_INDICATION) < 3


@pytest.mark.slow
def test_missiles_against_no_indication_outscores_every_same_topic_seed_pair_but_the_hedges(seed_ranking):
    rank = _rank_of(seed_ranking, MISSILES, NO_INDICATION)
    above = [texts for texts, _ in seed_ranking[:rank]]
    # Only the Pentagon's other hedge ("sees no signs") may sit above it: it makes the same clash.
    assert all(any("no signs" in text for text in texts) for texts in above)
    assert _rank_of(seed_ranking, S400, CEASEFIRE) > rank


@pytest.mark.slow
def test_the_seed_hedge_pair_is_flagged_as_a_hedge_contradiction(scorer):
    (result,) = scorer.score([(MISSILES, NO_INDICATION)])
    assert result.contradiction >= scorer.threshold
    assert result.kind == PairKind.HEDGE
    assert result.stance_a == "assertion"
    assert result.stance_b == "hedge"
    assert "no indication" in result.cues["b"]


@pytest.mark.slow
def test_scores_are_probabilities_with_json_cues_and_known_labels(scorer):
    texts = [text for _, text in SEED_STATEMENTS]
    results = scorer.score(list(itertools.pairwise(texts)))
    for result in results:
        assert isinstance(result, PairScore)
        assert 0.0 <= result.contradiction <= 1.0
        assert result.kind in PairKind.values
        assert result.stance_a in {"assertion", "denial", "hedge"}
        assert result.stance_b in {"assertion", "denial", "hedge"}
        assert set(result.cues) == {"a", "b", "fired", "p_ab", "p_ba"}
        assert json.loads(json.dumps(result.cues)) == result.cues


@pytest.mark.slow
def test_the_score_does_not_depend_on_which_side_is_a(scorer):
    forward, backward = scorer.score([(MISSILES, NO_INDICATION), (NO_INDICATION, MISSILES)])
    assert forward.contradiction == pytest.approx(backward.contradiction, abs=0.01)
    assert forward.cues["p_ab"] == pytest.approx(backward.cues["p_ba"], abs=0.01)


@pytest.mark.slow
def test_the_other_direction_is_read_only_where_the_first_could_make_a_contradiction(scorer, monkeypatch):
    read = []
    logits = scorer.runner.logits

    def recording(pairs, **kwargs):
        read.append(list(pairs))
        return logits(pairs, **kwargs)

    monkeypatch.setattr(scorer.runner, "logits", recording)
    same = ("Police arrested a man on Saturday.", "A man was arrested by police on Saturday.")
    logit_ab, logit_ba = scorer.both_ways([(MISSILES, NO_INDICATION), same])
    assert logit_ab[0] >= scorer.second_pass_from > logit_ab[1]
    assert read[1] == [(NO_INDICATION, MISSILES)]  # the paraphrase is read one way only
    assert logit_ba[1] == logit_ab[1]
    assert logit_ba[0] == pytest.approx(logits([(NO_INDICATION, MISSILES)])[0], abs=1e-4)


def test_reading_every_pair_both_ways_is_a_setting_and_changes_the_version(settings, scorer):
    settings.FACTCHECK_SCORER_SECOND_PASS_FROM = float("-inf")
    both = Scorer(settings.FACTCHECK_SCORER_MODEL)
    assert both.version == scorer.version.split("+2nd@")[0]
    assert scorer.version.endswith(f"+2nd@{scorer.second_pass_from:g}")
    pair = [("Police arrested a man on Saturday.", "A man was arrested by police on Saturday.")]
    logit_ab, logit_ba = both.both_ways(pair)
    assert logit_ab[0] < scorer.second_pass_from  # one the default would read one way only
    assert logit_ba[0] == pytest.approx(both.runner.logits([pair[0][::-1]])[0], abs=1e-4)


@pytest.mark.slow
def test_a_pairs_score_does_not_depend_on_the_pairs_scored_with_it(scorer):
    (alone,) = scorer.score([(MISSILES, NO_INDICATION)], [0.5])
    others = [(S400, CEASEFIRE), ("Police arrested a man.", "Nobody was arrested, police said on Sunday evening.")]
    in_company = scorer.score([*others, (MISSILES, NO_INDICATION)], [0.5, 0.5, 0.5])[-1]
    assert in_company.contradiction == alone.contradiction
    assert in_company.cues == alone.cues


@pytest.mark.slow
def test_given_similarities_are_used_instead_of_computed_ones(scorer):
    pair = [(MISSILES, NO_INDICATION)]
    (computed,) = scorer.score(pair)
    (unrelated,) = scorer.score(pair, similarities=[-0.2])
    assert unrelated.contradiction != computed.contradiction


@pytest.mark.slow
def test_numbers_that_disagree_make_a_numeric_contradiction(scorer):
    (result,) = scorer.score(
        [
            (
                "Twelve people were killed in Thursday's blast in Kano.",
                "The blast in Kano on Thursday killed 40 people.",
            )
        ]
    )
    assert result.contradiction >= scorer.threshold
    assert result.kind == PairKind.NUMERIC
    assert result.cues["a"] == ["12"]
    assert result.cues["b"] == ["40"]


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason="known defect of the shipped weights: the first (general-mix) weights' generated strike frame "
    "taught 'called off' as a clash cue and the news runs did not unlearn it, so this paraphrase scores "
    "as a contradiction (see MODEL_CARD.md, shortfalls)",
)
def test_a_paraphrase_is_not_a_contradiction(scorer):
    (result,) = scorer.score(
        [
            (
                "The strike has been called off, a union official said.",
                "The union cancelled the planned walkout.",
            )
        ]
    )
    assert result.contradiction < scorer.threshold
    assert result.kind == ""


@pytest.mark.slow
def test_scorer_version_and_threshold_come_from_the_calibration_file(scorer):
    assert scorer.version.startswith("minilm-xenc")
    assert 0.0 < scorer.threshold < 1.0


def test_a_flat_denial_takes_the_denial_stance():
    assert stance(SEED_STATEMENTS[5][1]) == "denial"
    assert stance("The ministry denied that its troops had crossed the border.") == "denial"


def test_no_indication_and_no_signs_take_the_hedge_stance():
    assert stance(NO_INDICATION) == "hedge"
    assert stance("The US administration sees no signs that Belarusian troops are entering Ukraine.") == "hedge"


def test_a_plain_report_takes_the_assertion_stance():
    assert stance(MISSILES) == "assertion"


def test_opposite_verbs_are_named_antonymy():
    found = find_cues("Shareholders approved the merger on Friday.", "Shareholders rejected the merger on Friday.")
    assert kind_of(found, "assertion", "assertion") == PairKind.ANTONYMY
    assert ("approved", "rejected") in found.antonyms


def test_numbers_in_common_do_not_fire_the_numeric_cue():
    found = find_cues("12 people were killed.", "12 people were killed and 30 wounded.")
    assert not found.numeric
