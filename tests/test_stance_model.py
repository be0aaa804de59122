"""The claim-stance model: its file, its use by extraction, and the cross-validation that measures it.

The shipped default is the rules (FACTCHECK_STANCE_MODEL empty); the model is trained on the
real-news gold by `train_stance`. These tests fit small models on sentences written here: they check
the mechanics, not the quality (the README has the gold's figures).
"""

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from factcheck.lab.attribution_quality import Predicted, score_article, stance_pairs
from factcheck.lab.stance_training import WRITTEN, Row, Rows, cross_validate, fit, summary
from factcheck.services.corpus.extraction import extract_claims
from factcheck.services.corpus.extraction.stance import STANCES, lead_in, load

SAYINGS = {
    "assertion": [
        "The convoy crossed the border at dawn.",
        "Prices rose by four percent in March.",
        "The minister resigned on Friday.",
        "Three people were injured in the blast.",
        "The plant will close next year.",
        "Troops entered the town on Monday.",
    ],
    "denial": [
        "These reports are completely false.",
        "The claims are baseless and untrue.",
        "That story is a fabrication.",
        "The allegations are nonsense.",
        "Such reports are simply not true.",
        "The rumours are false.",
    ],
    "hedge": [
        "We cannot confirm these reports.",
        "There is no evidence of that yet.",
        "It is unclear whether anyone was hurt.",
        "We are not aware of any such plan.",
        "We could not verify the footage.",
        "There is no indication of that.",
    ],
    "contentless": [
        "We do not comment on rumours.",
        "Thank you all for your support.",
        "Is he still in the country?",
        "Our thoughts are with the families.",
        "No comment.",
        "Please respect our privacy.",
    ],
}


def rows(prefix: str = "fnc1:") -> Rows:
    return Rows.of(
        [
            Row(f"{prefix}{i % 6}", text, "The spokesman said ", stance)
            for stance, texts in SAYINGS.items()
            for i, text in enumerate(texts)
        ]
    )


def model_file(tmp_path):
    everything = rows()
    model = fit(everything, list(range(len(everything.rows))), 10.0, 0.0)
    path = tmp_path / "stance.npz"
    model.save(path)
    return model, path


def test_a_saved_model_loads_and_gives_the_same_probabilities(tmp_path):
    model, path = model_file(tmp_path)
    loaded = load(path)
    items = [("The claims are baseless.", "She said "), ("Troops crossed the border.", "")]
    assert loaded.classes == model.classes
    assert set(loaded.classes) <= set(STANCES)
    np.testing.assert_allclose(loaded.probabilities(items), model.probabilities(items), atol=1e-5)
    assert loaded.version == model.version
    calls = loaded.calls(items)
    assert [c.stance for c in calls] == ["denial", "assertion"]
    assert all(0.25 < c.probability <= 1.0 for c in calls)


def test_a_file_that_is_not_a_stance_model_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "stance.npz"
    path.write_bytes(b"not a model")
    with pytest.raises(ImproperlyConfigured, match="train_stance"):
        load(path)
    with pytest.raises(ImproperlyConfigured, match="train_stance"):
        load(tmp_path / "missing.npz")
    np.savez(path, classes=np.array(["assertion", "denial", "hedge"]), coef=np.zeros((3, 5)),
             intercept=np.zeros(3), version=np.array("v"))  # fmt: skip
    with pytest.raises(ImproperlyConfigured, match="other features"):
        load(path)


DENIAL = (
    "A Pentagon official denied that the ISIS leader was dead. "
    "Police said they could not confirm the reports that the man had been arrested."
)


def test_extraction_reads_stances_with_the_rules_by_default_and_with_the_model_when_named(tmp_path):
    by_rules = extract_claims(DENIAL)
    assert [c.stance for c in by_rules] == ["denial", "hedge"]
    model, path = model_file(tmp_path)
    with override_settings(FACTCHECK_STANCE_MODEL=str(path)):
        by_model = extract_claims(DENIAL)
    assert [(c.start, c.end, c.speaker) for c in by_model] == [(c.start, c.end, c.speaker) for c in by_rules]
    expected = model.calls([(DENIAL[c.start : c.end], lead_in(DENIAL, c.start)) for c in by_model])
    assert [c.stance for c in by_model] == [call.stance for call in expected]


def test_the_lead_in_is_the_claims_sentence_before_it():
    text = "Earlier news. A Pentagon official denied that the leader was dead."
    start = text.index("the leader")
    assert lead_in(text, start) == " A Pentagon official denied that "
    assert lead_in("Police said the man fled.", 12) == "Police said "


def test_cross_validation_scores_each_real_claim_once_and_never_a_written_row():
    gold = Rows.of(rows().rows + rows(WRITTEN).rows)
    extracted = rows()
    assert not set(extracted.fold(0, 5, inside=True)) & {i for i, r in enumerate(extracted.rows) if r.written}
    assert all(not gold.rows[i].written for k in range(5) for i in gold.fold(k, 5, inside=True))
    cv = cross_validate(gold, extracted)
    assert len(cv.said) == len(extracted.rows)
    assert set(cv.said) <= set(STANCES)
    assert len(cv.chosen) == 5
    line = summary("model", [r.stance for r in cv.rows], cv.said)
    assert line.startswith("model: claims=24 agree=")
    assert "contentless: gold=6" in line


def test_a_contentless_gold_statement_counts_as_other_in_the_extraction_report():
    gold = [{"start": 0, "end": 30, "speaker": "Police", "also": [], "stance": "hedge", "contentless": True}]
    result = score_article("fnc1:1", gold, [Predicted(0, 30, "Police", "quote", "x", stance="contentless")])
    assert stance_pairs([result]) == [("other", "other")]


@pytest.mark.parametrize(
    "text",
    [
        # Real news (an analyst on al-Baghdadi's family): questions assert nothing.
        '"Is he estranged from them? Has he fallen out with them?" the analyst said.',
        'The analyst said: "Is he estranged from them? Has he fallen out with them?"',
    ],
)
def test_the_rules_read_a_claim_of_questions_only_as_saying_nothing_checkable(text):
    (claim,) = extract_claims(text)
    assert claim.stance == "contentless"


def test_a_question_followed_by_an_answer_is_still_a_claim():
    (claim,) = extract_claims('"How did he know? He had no idea," the blogger Anna Weiss wrote.')
    assert claim.stance == "assertion"
