"""`python manage.py evaluate`: the exact last lines other tools parse, and clear errors on bad files."""

import csv
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

PAIRS_LAST_LINE = re.compile(r"^precision=\d\.\d{3} recall=\d\.\d{3} f1=\d\.\d{3} accuracy=\d\.\d{3} n=\d+$")
FNC_LAST_LINE = re.compile(r"^fnc_score=\d+\.\d{2} relative=\d\.\d{3} disagree_f1=\d\.\d{3} accuracy=\d\.\d{3} n=\d+$")

PAIRS = [
    (
        "Shareholders approved the merger on Friday.",
        "Shareholders voted down the merger on Friday.",
        "contradiction",
        "antonymy",
    ),
    (
        "The strike has been called off.",
        "The union cancelled the planned walkout.",
        "compatible",
        "paraphrase",
    ),
    (
        "Twelve people died in the blast in Kano.",
        "The blast in Kano killed 40 people.",
        "contradiction",
        "numeric",
    ),
    (
        "Hillside Primary was closed after a gas leak.",
        "Riverside Primary stayed open all week.",
        "compatible",
        "same_topic_other_event",
    ),
]


def write_csv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run_evaluate(*args) -> list[str]:
    out = StringIO()
    call_command("evaluate", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip().splitlines()


@pytest.mark.slow
def test_evaluate_pairs_ends_with_the_exact_summary_line(tmp_path):
    path = write_csv(tmp_path / "pairs.csv", ["text_a", "text_b", "label"], [p[:3] for p in PAIRS])
    lines = run_evaluate("pairs", str(path))
    assert PAIRS_LAST_LINE.match(lines[-1])
    assert lines[-1].endswith("n=4")


@pytest.mark.slow
def test_evaluate_pairs_with_kinds_reports_recall_and_false_positive_rate_per_kind(tmp_path):
    path = write_csv(tmp_path / "pairs.csv", ["text_a", "text_b", "label", "kind"], PAIRS)
    lines = run_evaluate("pairs", str(path))
    assert any(re.match(r"^kind=numeric recall=\d\.\d{3} n=1$", line) for line in lines[:-1])
    assert any(re.match(r"^kind=same_topic_other_event fpr=\d\.\d{3} n=1$", line) for line in lines[:-1])
    assert PAIRS_LAST_LINE.match(lines[-1])


def test_a_missing_column_is_a_clear_error(tmp_path):
    path = write_csv(tmp_path / "pairs.csv", ["text_a", "label"], [["One claim.", "contradiction"]])
    with pytest.raises(CommandError, match="missing column\\(s\\) text_b"):
        run_evaluate("pairs", str(path))


def test_an_empty_file_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(CommandError, match="the file is empty"):
        run_evaluate("pairs", str(path))


def test_a_header_without_rows_is_a_clear_error(tmp_path):
    path = write_csv(tmp_path / "header.csv", ["text_a", "text_b", "label"], [])
    with pytest.raises(CommandError, match="no rows"):
        run_evaluate("pairs", str(path))


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        "text_a,text_b,label\nLa réunion a eu lieu.,Elle n'a pas eu lieu.,contradiction\n".encode("latin-1")
    )
    with pytest.raises(CommandError, match="not UTF-8"):
        run_evaluate("pairs", str(path))


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_evaluate("pairs", str(tmp_path / "nowhere.csv"))


def test_fnc1_files_with_wrong_columns_are_a_clear_error(tmp_path):
    stances = write_csv(tmp_path / "stances.csv", ["Headline", "Stance"], [["A headline", "agree"]])
    bodies = write_csv(tmp_path / "bodies.csv", ["Body ID", "articleBody"], [["1", "A body."]])
    with pytest.raises(CommandError, match="missing column\\(s\\) Body ID"):
        run_evaluate("fnc1", "--stances", str(stances), "--bodies", str(bodies), "--split", "all")
