"""How the automatic propositions compare with an editor's, on tests/data/propositions_gold.json.

The figures asserted here are the ones the report quotes; a change to the clustering or the stance
rules that moves them shows up here first. Run `python manage.py evaluate_propositions -v2` to see
each automatic proposition beside the editor's.
"""

from functools import reduce

from factcheck.lab.proposition_quality import cluster_agreement, evaluate, stance_cases


def test_agreement_counts_pairs_purity_and_completeness():
    auto = [{1, 2, 3}, {4, 5}]
    editor = [{1, 2}, {4, 5, 6}]
    result = cluster_agreement(auto, editor)
    assert (result.together_both, result.together_auto, result.together_editor) == (2, 4, 4)
    assert (result.precision, result.recall) == (0.5, 0.5)
    assert result.purity == 4 / 5  # statement 3 is in no editor proposition
    assert result.completeness == 4 / 5  # statement 6 is in no automatic one
    assert result.found == 2


def test_on_embeddings_alone_automatic_propositions_are_mostly_pure():
    results = evaluate(use_pairs=False)
    total = reduce(lambda a, b: a + b, (r.agreement for r in results))
    assert results[0].agreement.found == 1  # the seed's Belarus question
    assert total.found >= 6
    assert total.precision >= 0.7
    assert total.purity >= 0.85
    assert total.recall >= 0.45


def test_with_the_installed_scorer_the_seed_question_is_found_and_stances_agree():
    results = evaluate(use_pairs=True)
    assert results[0].agreement.found == 1
    assert sum(r.stance_right for r in results) >= 0.85 * sum(r.stance_total for r in results)


def test_stance_cases_kept_apart_from_the_rules_are_mostly_right():
    right, total, misses = stance_cases()
    assert (right, total) == (24, 32)
    assert len(misses) == 8
