"""`ingest`: files and folders in, documents and statements out; bad files change nothing."""

import codecs
import os
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from factcheck.models import Document, Source, Statement
from factcheck.services.corpus.files import decode, find_files, read_document

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Minister denies port closure\n"
    '"The port of Odesa remains open to grain ships," Oleksandr Kubrakov said on Monday.\n'
    "The ministry said that exports rose in May.\n"
)


def counts():
    return Document.objects.count(), Statement.objects.count(), Source.objects.count()


def ingest(*paths, expect_failure=False, capsys=None):
    if expect_failure:
        with pytest.raises(CommandError) as error:
            call_command("ingest", *map(str, paths))
        return str(error.value)
    call_command("ingest", *map(str, paths))
    return ""


def test_text_file_first_line_is_the_headline(tmp_path):
    path = tmp_path / "odesa.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    ingest(path)
    document = Document.objects.get()
    assert document.title == "Minister denies port closure"
    assert document.text.startswith('"The port of Odesa')
    assert document.origin == str(path)


def test_front_matter_gives_title_outlet_date_and_url(tmp_path):
    path = tmp_path / "odesa.md"
    path.write_text(
        "---\ntitle: Port stays open\noutlet: Example Wire\npublished: 2023-05-02\n"
        "url: https://example.org/odesa\n---\n" + ARTICLE.split("\n", 1)[1],
        encoding="utf-8",
    )
    ingest(path)
    document = Document.objects.get()
    assert (document.title, document.outlet, str(document.published), document.url) == (
        "Port stays open",
        "Example Wire",
        "2023-05-02",
        "https://example.org/odesa",
    )
    assert all(s.said_on == document.published for s in document.statements.all())


def test_spans_point_into_the_stored_text(tmp_path):
    path = tmp_path / "odesa.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    ingest(path)
    for statement in Statement.objects.select_related("document"):
        assert statement.document.text[statement.start : statement.end]


def test_ingesting_twice_skips_the_stored_document(tmp_path, capsys):
    path = tmp_path / "odesa.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    ingest(path)
    before = counts()
    ingest(path)
    assert counts() == before
    assert "0 documents" in capsys.readouterr().out.splitlines()[-1]


def test_same_text_with_other_line_endings_is_the_same_document(tmp_path):
    (tmp_path / "unix.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "dos.txt").write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    ingest(tmp_path)
    assert Document.objects.count() == 1


def test_folder_ingest_skips_readme_and_other_files(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "README.md").write_text("# About these files\nNot an article.", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE + "x", encoding="utf-8")
    assert [p.name for p in find_files([tmp_path])] == ["a.txt"]


def test_good_files_are_ingested_and_each_bad_file_gets_one_line(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    message = ingest(tmp_path, expect_failure=True)
    assert message == "2 of 3 files failed; see the lines above."
    errors = capsys.readouterr().err
    assert f"FAILED {tmp_path / 'empty.txt'}: the file is empty" in errors
    assert f"FAILED {tmp_path / 'binary.txt'}: this is a binary file, not text" in errors
    assert Document.objects.get().title == "Minister denies port closure"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"   \n\n  \n", "there is no article text after the headline"),
        ("headline-only.txt", b"Just a headline\n", "there is no article text after the headline"),
        ("png.md", b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 500, "this is a binary file, not text"),
        ("doc.pdf", b"%PDF-1.4", "unsupported file type .pdf; use .txt, .md or .html"),
        ("open.md", b"---\ntitle: x\nno end", "the front matter block that starts with --- is never closed"),
        (
            "date.md",
            b"---\npublished: yesterday\n---\nText.",
            "published date 'yesterday' is not a date (use YYYY-MM-DD)",
        ),
    ],
)
def test_bad_file_gets_a_clear_message_and_changes_nothing(tmp_path, capsys, name, content, message):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    ingest(tmp_path / "good.txt")
    before = counts()
    (tmp_path / name).write_bytes(content)
    ingest(tmp_path / name, expect_failure=True)
    assert f"FAILED {tmp_path / name}: {message}" in capsys.readouterr().err
    assert counts() == before


def test_huge_file_is_refused_with_the_limit(tmp_path, settings, capsys):
    settings.FACTCHECK_MAX_DOCUMENT_BYTES = 1000
    path = tmp_path / "huge.txt"
    path.write_text("Headline\n" + "word " * 1000, encoding="utf-8")
    ingest(path, expect_failure=True)
    assert "the file is 5,009 bytes; the limit is 1,000 (FACTCHECK_MAX_DOCUMENT_BYTES)" in capsys.readouterr().err
    assert counts() == (0, 0, 0)


def test_missing_path_is_reported(tmp_path, capsys):
    ingest(tmp_path / "nope.txt", expect_failure=True)
    assert "no such file or folder" in capsys.readouterr().err


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]
)
def test_encodings_are_read_to_the_same_text(encoding):
    text = "Café owner says prices “won’t rise”\nThe Zürich café said that prices would stay."
    if encoding in {"latin-1"}:
        text = text.replace("“", '"').replace("”", '"').replace("’", "'")
    assert decode(text.encode(encoding)) == text


def test_latin1_file_is_ingested_with_its_accents(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Zürich mayor speaks\nThe mayor of Zürich said that the café would reopen.".encode("latin-1"))
    ingest(path)
    assert "Zürich" in Document.objects.get().text


def test_utf16_file_is_ingested(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    ingest(path)
    assert Document.objects.get().title == "Minister denies port closure"


def test_html_keeps_the_article_and_drops_scripts_and_styles(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        """<!doctype html><html><head><title>Site | Port stays open</title>
        <meta property="og:title" content="Port stays open">
        <meta property="og:site_name" content="Example Wire">
        <meta property="article:published_time" content="2023-05-02T10:00:00Z">
        <link rel="canonical" href="https://example.org/odesa">
        <style>p { color: red }</style><script>alert("x")</script></head>
        <body><nav>Home | World</nav><h1>Port stays open</h1>
        <p>&quot;The port of Odesa remains open,&quot; Oleksandr Kubrakov said.</p>
        <script>document.write("injected")</script><p>Exports rose in May.</p></body></html>""",
        encoding="utf-8",
    )
    parsed = read_document(path)
    assert parsed.title == "Port stays open"
    assert (parsed.outlet, parsed.url, str(parsed.published)) == (
        "Example Wire",
        "https://example.org/odesa",
        "2023-05-02",
    )
    assert parsed.text == '"The port of Odesa remains open," Oleksandr Kubrakov said.\nExports rose in May.'
    assert "alert" not in parsed.text
    assert "injected" not in parsed.text
    assert "Home" not in parsed.text


def test_document_without_quotes_is_stored_without_statements(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("Rain expected\nRain is expected across the region on Tuesday. Roads may flood.", encoding="utf-8")
    ingest(path)
    assert Document.objects.count() == 1
    assert Statement.objects.count() == 0


def test_speakers_are_reused_across_documents_by_name(tmp_path):
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "two.txt").write_text(
        'Port update\n"Ships keep arriving," Oleksandr Kubrakov said on Tuesday.\n', encoding="utf-8"
    )
    ingest(tmp_path)
    kubrakov = Source.objects.get(name="Oleksandr Kubrakov")
    assert kubrakov.statements.count() >= 2
    assert kubrakov.statements.values("document").distinct().count() == 2


def test_progress_bar_on_stderr_for_several_files(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("Monday", "Sunday"), encoding="utf-8")
    ingest(tmp_path)
    assert "2/2" in capsys.readouterr().err


def test_decode_refuses_a_bom_that_lies():
    with pytest.raises(Exception, match="utf-8-sig"):
        decode(codecs.BOM_UTF8 + b"\xff\xfe\xfa")


def test_a_source_entered_by_hand_is_reused_by_name(tmp_path):
    typed = Source.objects.create(name="Oleksandr Kubrakov", kind="person")  # no alias rows, as in the admin
    path = tmp_path / "odesa.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    ingest(path)
    assert Source.objects.filter(name="Oleksandr Kubrakov").count() == 1
    assert typed.statements.count() >= 1


def test_a_rule_that_raises_is_reported_and_stores_nothing(tmp_path, capsys, monkeypatch):
    """A bug in the extraction rules is a FAILED line, not a document stored with no statements."""
    from factcheck.services.corpus.extraction import attribution

    def broken(self):
        raise RuntimeError("a rule broke")

    monkeypatch.setattr(attribution.Extractor, "run", broken)
    path = tmp_path / "good.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    ingest(path, expect_failure=True)
    assert f"FAILED {path}: claim extraction failed (RuntimeError: a rule broke)" in capsys.readouterr().err
    assert counts() == (0, 0, 0)


WIRE = (
    "Rescue teams search flooded villages\n"
    "Rescue teams searched flooded villages along the Sava river on Tuesday after two days of heavy "
    "rain forced thousands of people from their homes, officials said. The river rose more than two metres "
    "overnight at Slavonski Brod, where the army built barriers of sandbags along the embankment. "
    '"The next 24 hours will decide whether the barriers hold," regional governor Ivan Horvat told reporters. '
    "Schools in the region stayed closed and trains between Zagreb and Vinkovci were cancelled. "
    "Forecasters expect the rain to ease by Thursday, but warned that the river would stay high for days.\n"
)


def test_a_wire_copy_with_small_edits_is_stored_as_a_copy_of_the_first(tmp_path):
    (tmp_path / "a.md").write_text("---\noutlet: Wire One\n---\n" + WIRE, encoding="utf-8")
    edited = WIRE.replace("on Tuesday", "on Tuesday morning").replace("Schools in the region", "Schools")
    (tmp_path / "b.md").write_text(
        "---\noutlet: Paper Two\nurl: https://two.example/flood\n---\n" + edited, encoding="utf-8"
    )
    (tmp_path / "c.txt").write_text(ARTICLE, encoding="utf-8")
    ingest(tmp_path)
    first = Document.objects.get(outlet="Wire One")
    copy = Document.objects.get(outlet="Paper Two")
    assert (first.copy_of, copy.copy_of) == (None, first)
    assert copy.url == "https://two.example/flood"
    assert Document.objects.get(title="Minister denies port closure").copy_of is None


def test_a_source_relayed_by_an_outlet_keeps_the_outlet_as_channel_and_a_denial_its_stance(tmp_path):
    path = tmp_path / "relay.txt"
    path.write_text(
        "Airline denies report\n"
        "Saudi Arabian Airlines on Sunday denied that it planned to segregate passengers by sex.\n"
        "Rescue coordinator Anna Korovin told CNN that the search would resume at dawn.\n",
        encoding="utf-8",
    )
    ingest(path)
    denial = Statement.objects.get(source__name="Saudi Arabian Airlines")
    assert denial.stance == Statement.Stance.DENIAL
    relayed = Statement.objects.get(source__name="Anna Korovin")
    assert (relayed.channel, relayed.stance) == ("CNN", Statement.Stance.ASSERTION)


def test_a_huge_single_line_gives_capped_statements_and_a_warning(tmp_path, caplog):
    from factcheck.services.corpus.extraction.attribution import MAX_CLAIM

    sentence = "The plant will close next year and hundreds of workers will lose their jobs. "
    path = tmp_path / "huge.txt"
    path.write_text('Plant closure\nThe union said "' + sentence * 4000 + '" on Monday.\n', encoding="utf-8")
    with caplog.at_level("WARNING"):
        ingest(path)
    lengths = [len(s.text) for s in Statement.objects.all()]
    assert lengths
    assert max(lengths) <= MAX_CLAIM + 1
    assert any("cut into pieces" in r.message or "parsed up to" in r.message for r in caplog.records)


def test_copies_and_channels_show_on_the_pages(client, tmp_path):
    (tmp_path / "a.md").write_text("---\noutlet: Wire One\n---\n" + WIRE, encoding="utf-8")
    (tmp_path / "b.md").write_text(
        "---\noutlet: Paper Two\n---\n" + WIRE.replace("on Tuesday", "on Tuesday morning"), encoding="utf-8"
    )
    ingest(tmp_path)
    first, copy = Document.objects.get(outlet="Wire One"), Document.objects.get(outlet="Paper Two")
    assert "A copy of a story first stored as" in client.get(copy.get_absolute_url()).content.decode()
    assert "also published 1 more time" in client.get(first.get_absolute_url()).content.decode()
    horvat = Statement.objects.filter(source__name="Ivan Horvat", document=first).first()
    assert horvat is not None
    assert "Also in 1 more document" in client.get(horvat.get_absolute_url()).content.decode()
    relay = tmp_path / "relay.txt"
    relay.write_text(
        "Search\nRescue coordinator Anna Korovin told CNN that the search would resume at dawn.\n", encoding="utf-8"
    )
    ingest(relay)
    korovin = Statement.objects.get(source__name="Anna Korovin")
    assert (
        'Anna Korovin</a><span class="muted channel">, via CNN</span>'
        in client.get(korovin.get_absolute_url()).content.decode()
    )


def test_the_progress_bar_never_shares_a_line_with_a_failure(tmp_path):
    """One line per failure, the bar on lines of its own, when stderr is a log file or a pipe (a
    terminal redraws the bar in place; a file used to get the bar and a FAILED line glued by a
    carriage return). Run as a user runs it."""
    import subprocess
    import sys

    (tmp_path / "a-good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "c-empty.txt").write_bytes(b"")
    (tmp_path / "d-binary.txt").write_bytes(bytes(range(256)) * 20)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True, timeout=300)
    done = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1
    assert "\r" not in done.stderr
    lines = done.stderr.splitlines()
    failed = [line for line in lines if "FAILED" in line]
    assert failed == [
        f"FAILED {tmp_path / 'c-empty.txt'}: the file is empty",
        f"FAILED {tmp_path / 'd-binary.txt'}: this is a binary file, not text",
    ]
    bars = [line for line in lines if re.search(r"file/s|s/file", line)]  # tqdm says s/file under 1 file/s
    assert bars
    assert bars[-1].startswith("100%")
