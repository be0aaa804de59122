"""`import_statements` (all or nothing) and `export_statements` (JSON lines)."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from factcheck.models import Document, Source, SourceAlias, Statement
from tests.factories import make_document, make_source, make_statement

pytestmark = pytest.mark.django_db

GOOD = (
    "source,text,document_title,url,published,quote\n"
    "Pentagon official,There is no indication that Belarusian troops are entering Ukraine.,"
    "Briefing,https://example.org/briefing,2022-03-01,yes\n"
    'Alexander Lukashenko,"Not a single part has left, he said.",,,,no\n'
    "Pentagon official,The US sees no signs of Belarusian troops.,Briefing,https://example.org/briefing,2022-03-01,\n"
)


def write(tmp_path, text, name="statements.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def counts():
    return (
        Statement.objects.count(),
        Source.objects.count(),
        Document.objects.count(),
        SourceAlias.objects.count(),
    )


def test_import_creates_sources_statements_and_document_references(tmp_path, capsys):
    call_command("import_statements", write(tmp_path, GOOD))
    assert "Imported 3 statements from 2 sources" in capsys.readouterr().out
    pentagon = Source.objects.get(name="Pentagon official")
    assert pentagon.statements.count() == 2
    briefing = Document.objects.get()
    assert (briefing.title, briefing.url, briefing.text, briefing.content_hash) == (
        "Briefing",
        "https://example.org/briefing",
        "",
        None,
    )
    quote = Statement.objects.get(text__startswith="There is no indication")
    assert (quote.mode, str(quote.said_on), quote.document) == ("quote", "2022-03-01", briefing)
    denial = Statement.objects.get(source__name="Alexander Lukashenko")
    assert (denial.mode, denial.document, denial.start) == ("reported", None, None)


def test_import_reuses_a_source_known_by_alias(tmp_path):
    lukashenko = make_source(name="Alexander Lukashenko")
    SourceAlias.objects.create(source=lukashenko, name="Lukashenko")
    call_command("import_statements", write(tmp_path, "source,text\nlukashenko,We are ready.\n"))
    assert Statement.objects.get().source == lukashenko


def test_import_attaches_to_a_stored_document_with_the_same_url(tmp_path):
    document = make_document(url="https://example.org/briefing")
    call_command("import_statements", write(tmp_path, GOOD))
    assert Document.objects.count() == 1
    assert document.statements.count() == 2


@pytest.mark.parametrize(
    ("csv_text", "problems"),
    [
        (
            "source,text,published,quote\n,empty source,2022-01-01,\nX,fine,2022-13-01,maybe\nY,,,\n",
            [
                "line 2: source is empty",
                "line 3: quote 'maybe' is not yes/no; published '2022-13-01' is not a date (use YYYY-MM-DD)",
                "line 4: text is empty",
            ],
        ),
        (
            "source,statement\nX,y\n",
            ["the header must name the columns source,text (found: source,statement; missing: text)"],
        ),
        ("", ["the file is empty"]),
        ("source,text\n", ["the file has a header but no statements"]),
        ("source,text\nX,y,extra\n", ["line 2: more fields than the header has columns"]),
        (
            "source,text,url\nX,y,javascript:alert(1)\n",
            ["line 2: url 'javascript:alert(1)' is not an http(s) address"],
        ),
    ],
)
def test_bad_rows_are_all_named_and_nothing_is_imported(tmp_path, csv_text, problems):
    make_statement()
    before = counts()
    good_then_bad = csv_text
    with pytest.raises(CommandError) as error:
        call_command("import_statements", write(tmp_path, good_then_bad))
    message = str(error.value)
    assert "nothing imported" in message
    for problem in problems:
        assert problem in message
    assert counts() == before


def test_one_bad_row_among_good_ones_imports_nothing(tmp_path):
    with pytest.raises(CommandError, match="line 5: text is empty"):
        call_command("import_statements", write(tmp_path, GOOD + "Someone,\n"))
    assert counts() == (0, 0, 0, 0)


def test_text_too_long_is_refused(tmp_path):
    with pytest.raises(CommandError, match="text is 6,000 characters"):
        call_command("import_statements", write(tmp_path, "source,text\nX," + "a" * 6000 + "\n"))


def test_file_not_in_utf8_is_refused_with_the_reason(tmp_path):
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_statements", write(tmp_path, "source,text\nMünchen,Straße\n", encoding="utf-16"))
    assert counts() == (0, 0, 0, 0)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_statements", str(tmp_path / "none.csv"))


def test_export_writes_one_json_object_per_statement(tmp_path):
    document = make_document(title="Belarus denies", text="Not a single part has left its base, he said.")
    lukashenko = make_source(name="Alexander Lukashenko")
    spanned = make_statement(
        source=lukashenko,
        document=document,
        text="Not a single part has left its base",
        start=0,
        end=35,
        mode="quote",
    )
    loose = make_statement(source=make_source(name="Pentagon official"), text="No indication <b>at all</b>.")
    out = io.StringIO()
    call_command("export_statements", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines == [
        {
            "id": spanned.pk,
            "source": "Alexander Lukashenko",
            "text": "Not a single part has left its base",
            "document": "Belarus denies",
            "quote": True,
            "start": 0,
            "end": 35,
        },
        {
            "id": loose.pk,
            "source": "Pentagon official",
            "text": "No indication <b>at all</b>.",
            "document": None,
            "quote": False,
            "start": None,
            "end": None,
        },
    ]


def test_import_then_export_round_trips_text_and_sources(tmp_path):
    call_command("import_statements", write(tmp_path, GOOD))
    out = io.StringIO()
    call_command("export_statements", stdout=out)
    exported = [json.loads(line) for line in out.getvalue().splitlines()]
    assert sorted((e["source"], e["text"], e["quote"]) for e in exported) == [
        ("Alexander Lukashenko", "Not a single part has left, he said.", False),
        ("Pentagon official", "The US sees no signs of Belarusian troops.", False),
        ("Pentagon official", "There is no indication that Belarusian troops are entering Ukraine.", True),
    ]
