"""The scorer's news training mix: held-out parts split by story before training, both orders."""

import csv

from factcheck.lab import news_data


def write(path, header, rows, delimiter=","):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)


def write_newsclaims(root):
    """300 pairs, three to a topic; the pair's number is in each text ("Claim 7.")."""
    rows = [
        [f"p{i}", "politics", f"topic {i // 3}", "A", f"Claim {i}.", "B", f"Counter {i}.", "contradiction", "negation"]
        for i in range(300)
    ]
    header = ["id", "domain", "topic", "source_a", "text_a", "source_b", "text_b", "label", "kind"]
    write(root / "newsclaims_train/newsclaims_train.csv", header, rows)


def test_newsclaims_are_split_by_topic_so_no_story_is_on_both_sides(tmp_path):
    write_newsclaims(tmp_path)
    parts: dict[str, set[str]] = {}
    for split, row in news_data.newsclaims(tmp_path):
        topic = int(row["text_a"].split()[1].rstrip(".")) // 3
        parts.setdefault(split, set()).add(topic)
    assert set(parts) == {"train", "calib", "test"}
    assert not (parts["train"] & parts["test"])
    assert not (parts["train"] & parts["calib"])
    assert not (parts["calib"] & parts["test"])


def test_mrpc_paraphrases_are_compatible_and_their_test_part_is_held_out(tmp_path):
    header = ["Quality", "#1 ID", "#2 ID", "#1 String", "#2 String"]
    rows = [
        ["1" if i % 3 else "0", str(1000 + i), str(5000 + i), f"Shares rose {i}.", f"Stocks went up {i}."]
        for i in range(200)
    ]
    path = tmp_path / "mrpc/mrpc_train.txt"
    write(path, header, rows, delimiter="\t")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # the shared file starts with a BOM
    split_rows = news_data.mrpc(tmp_path)
    assert {row["label"] for _, row in split_rows} == {0}
    test = news_data.mrpc_test_paraphrases(tmp_path)
    assert test
    assert all(row["kind"] == "paraphrase" for row in test)
    trained = {row["text_a"] for split, row in split_rows if split == "train"}
    assert not trained & {row["text_a"] for row in test}


def test_verdicts_become_training_rows_in_both_orders(tmp_path):
    path = tmp_path / "reviews.csv"
    header = ["text_a", "text_b", "label", "source_a", "source_b", "reviewer", "at"]
    write(path, header, [["A said x.", "B said not x.", "contradiction", "A", "B", "maria", "2026-12-01"]])
    write(
        path.with_name("more.csv"),
        header,
        [["C.", "D.", "compatible", "", "", "", ""], ["E.", "F.", "odd", "", "", "", ""]],
    )
    rows = news_data.verdict_rows(path)
    assert [(r["text_a"], r["label"]) for r in rows] == [("A said x.", 1), ("B said not x.", 1)]
    assert [r["label"] for r in news_data.verdict_rows(path.with_name("more.csv"))] == [0, 0]


def test_the_threshold_rule_keeps_paraphrases_under_their_limit_before_chasing_f1():
    from factcheck.lab.news_calibration import MAX_PARAPHRASE_RATE, rule_threshold

    # newsclaims: contradictions at 0.6-0.9, compatible pairs at 0.1-0.4: any threshold in
    # (0.4, 0.6] gives F1 1.0 on them. MRPC paraphrases spread from 0.0 to 0.99: at 0.6 a
    # third of them would be called, so the rule must go higher, where fewer than 5% are.
    news = [(0.6 + 0.3 * i / 49, 1) for i in range(50)] + [(0.1 + 0.3 * i / 49, 0) for i in range(50)]
    paraphrases = [i / 99 for i in range(100)]
    probs = [p for p, _ in news] + paraphrases
    labels = [y for _, y in news] + [0] * 100
    kinds = ["negation"] * 100 + ["paraphrase"] * 100
    sources = ["newsclaims"] * 100 + ["mrpc"] * 100
    t = rule_threshold(probs, labels, kinds, sources)
    called = [p >= t for p in paraphrases]
    assert sum(called) / len(called) <= MAX_PARAPHRASE_RATE
    assert t > 0.9
    # with the paraphrases gone the best F1 threshold is back in the gap
    assert 0.4 < rule_threshold(probs[:100], labels[:100], kinds[:100], sources[:100]) <= 0.6


def test_the_model_card_keeps_every_run_that_led_to_the_weights(tmp_path):
    import json

    from factcheck.lab.news_calibration import _earlier_runs

    shipped, first, second = tmp_path / "scorer", tmp_path / "run1", tmp_path / "run2"
    for folder in (shipped, first, second):
        folder.mkdir()
    (shipped / "calibration.json").write_text(json.dumps({"recipe": "general", "version": "old"}))
    (first / "training.json").write_text(json.dumps({"init": str(shipped), "rows_seen": 100}))
    (second / "training.json").write_text(json.dumps({"init": str(first), "rows_seen": 200}))
    assert [run["rows_seen"] for run in _earlier_runs(second)] == [100, 200]
    (first / "calibration.json").write_text(json.dumps({"recipe": "news", "runs": [{"rows_seen": 100}]}))
    assert [run["rows_seen"] for run in _earlier_runs(first)] == [100]  # a calibrated folder says its own


def test_other_story_pairs_join_two_topics_and_stay_out_of_training(tmp_path):
    import random

    write_newsclaims(tmp_path)
    pairs = news_data.other_stories(tmp_path, random.Random(1))
    assert pairs
    assert {split for split, _ in pairs} == {"calib", "test"}
    for _, row in pairs:
        first, second = int(row["text_a"].split()[1].rstrip(".")), int(row["text_b"].split()[1].rstrip("."))
        assert first // 3 != second // 3  # two stories
        assert row["label"] == 0
