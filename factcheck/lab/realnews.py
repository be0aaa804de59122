"""Real news articles nobody on the project wrote, read from the shared data folder at run time.

The real-news benchmark is FNC-1's dev split by Body ID (the bodies no scorer has trained on:
see `fnc1_split`), 332 article bodies of 2014-2015 from many outlets, grouped into stories
(the bodies that share a related headline). ARC bodies (user posts of NYT "Room for Debate")
add another register.

Gold sets built by reading these articles are split into a working part and a sealed part by a
hash of the Body ID (or of the story, for pairs), fixed before any article was labelled: rules
and models are changed looking only at the working part; the sealed part is only ever scored.

`python -m factcheck.lab.realnews --help` shows the labelling tools.
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import os
import re
import sys
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from factcheck.services.corpus.files import normalize_text

csv.field_size_limit(sys.maxsize)

# One in five FNC-1 bodies is the dev split (the rule the scorer's data maker uses).
FNC1_DEV_MODULUS = 5
SEALED_SHARE = (2, 5)  # two in five articles (or stories) are sealed: "at least a third"
ATTRIBUTION_FNC1 = 150
ATTRIBUTION_ARC = 25


def data_dir() -> Path:
    return Path(settings.FACTCHECK_SHARED_DATA)


def fnc1_split(body_id: str) -> str:
    return "dev" if zlib.crc32(str(body_id).strip().encode()) % FNC1_DEV_MODULUS == 0 else "train"


def part_of(key: str) -> str:
    """'sealed' or 'working' for an article key ("fnc1:123") or a story key ("story:123")."""
    digest = hashlib.sha256(f"factcheck-gold:{key}".encode()).hexdigest()
    sealed, out_of = SEALED_SHARE
    return "sealed" if int(digest, 16) % out_of < sealed else "working"


@dataclass(frozen=True)
class Article:
    corpus: str  # "fnc1" | "arc"
    body_id: str
    text: str  # normalised
    headline: str = ""
    story: str = ""

    @property
    def key(self) -> str:
        return f"{self.corpus}:{self.body_id}"


def _rows(path: Path):
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


@functools.cache
def fnc1_articles() -> dict[str, Article]:
    """Every FNC-1 train body, with its story (connected bodies and related headlines) and one
    related headline."""
    root = data_dir() / "fnc1"
    bodies = {r["Body ID"].strip(): r["articleBody"] for r in _rows(root / "train_bodies.csv")}
    related: dict[str, list[str]] = defaultdict(list)
    for r in _rows(root / "train_stances.csv"):
        if r["Stance"] != "unrelated":
            related[r["Body ID"].strip()].append(r["Headline"])
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for body, headlines in related.items():
        for headline in headlines:
            parent[find("b" + body)] = find("h" + headline)
    members: dict[str, list[str]] = defaultdict(list)
    for body in bodies:
        members[find("b" + body)].append(body)
    story_of = {}
    for group in members.values():
        key = "story:" + min(group, key=int)
        for body in group:
            story_of[body] = key
    return {
        body: Article("fnc1", body, normalize_text(text), (related.get(body) or [""])[0], story_of[body])
        for body, text in bodies.items()
    }


@functools.cache
def arc_articles() -> dict[str, Article]:
    root = data_dir() / "arc"
    used = {r["Body ID"].strip() for r in _rows(root / "arc_stances_train.csv")}
    return {
        r["Body ID"].strip(): Article("arc", r["Body ID"].strip(), normalize_text(r["articleBody"]))
        for r in _rows(root / "arc_bodies.csv")
        if r["Body ID"].strip() in used
    }


def article(key: str) -> Article:
    corpus, _, body_id = key.partition(":")
    table = fnc1_articles() if corpus == "fnc1" else arc_articles() if corpus == "arc" else {}
    if body_id not in table:
        raise KeyError(f"no article {key!r} in the shared data")
    return table[body_id]


def benchmark_articles() -> list[Article]:
    """The real-news benchmark: every FNC-1 dev body, in Body ID order."""
    return sorted((a for a in fnc1_articles().values() if fnc1_split(a.body_id) == "dev"), key=lambda a: int(a.body_id))


def _by_hash(keys, salt: str):
    return sorted(keys, key=lambda k: hashlib.sha256(f"{salt}:{k}".encode()).hexdigest())


def attribution_articles() -> list[Article]:
    """The articles of the attribution gold set: 150 benchmark bodies and 25 ARC bodies with
    text, chosen by a hash of their key (so the choice depends on nothing but the ids)."""
    fnc = _by_hash([a.key for a in benchmark_articles()], "attribution")[:ATTRIBUTION_FNC1]
    arc = _by_hash([a.key for a in arc_articles().values() if len(a.text) >= 200], "attribution")[:ATTRIBUTION_ARC]
    return [article(k) for k in fnc + arc]


def stories() -> dict[str, list[Article]]:
    """The benchmark's stories: story key -> its dev bodies."""
    grouped: dict[str, list[Article]] = defaultdict(list)
    for a in benchmark_articles():
        grouped[a.story].append(a)
    return dict(grouped)


ELLIPSIS = re.compile(r"\s+(?:\.\.\.|…)\s+")


def locate(text: str, extent: str, occurrence: int = 1) -> tuple[int, int]:
    """The span of the `occurrence`-th appearance of `extent` in `text`.

    White space-blind, and blind to the kind of quotation mark and apostrophe; "first words ...
    last words" (an ellipsis between spaces) spans from the first part to the nearest end of the
    last part after it.
    """
    parts = [p for p in ELLIPSIS.split(extent.strip()) if p]
    if not parts:
        raise ValueError("the extent is empty")
    first, last = _pattern(parts[0]), _pattern(parts[-1]) if len(parts) > 1 else None
    found = []
    for match in re.finditer(first, text):
        if last is None:
            found.append((match.start(), match.end()))
            continue
        tail = re.compile(last).search(text, match.end())
        if tail and tail.start() - match.end() < 3000:
            found.append((match.start(), tail.end()))
    if len(found) < occurrence:
        raise ValueError(f"{extent[:60]!r} is not in the text ({len(found)} of {occurrence} occurrences)")
    return found[occurrence - 1]


_MARKS = {'"': '["“”„«»]', "“": '["“”„«»]', "”": '["“”„«»]', "'": "['‘’`]", "‘": "['‘’`]", "’": "['‘’`]"}


def _pattern(part: str) -> str:
    words = []
    for word in part.split():
        words.append("".join(_MARKS.get(ch, re.escape(ch)) for ch in word))
    return r"\s+".join(words)


def phrase(text: str, limit: int = 48) -> str:
    """A short distinctive phrase of a span, kept beside its offsets to check the data is unchanged."""
    words = text.split()
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out} {word}".strip()
    return out or text[:limit]


GOLD = Path(__file__).resolve().parent / "gold"
RAW = Path(__file__).resolve().parents[2] / "var" / "gold_raw"
KINDS = {"person", "organisation", "unnamed", "outlet", "document"}
MODES = {"quote", "reported"}
STANCES = {"assert", "deny", "hedge", "other"}
CLASH_KINDS = {"denial", "hedge", "numeric", "negation", "antonymy", "entity_swap", "world_knowledge"}
STRENGTHS = {"clear", "arguable"}


def _check_side(side: dict, where: str, problems: list[str], *, speaker: bool = True) -> dict:
    """Locate one labelled span; returns its compiled form (offsets and a phrase, no text)."""
    try:
        a = article(side.get("key", ""))
        start, end = locate(a.text, side.get("extent", ""), int(side.get("occurrence", 1)))
    except (KeyError, ValueError) as error:
        problems.append(f"{where}: {error}")
        return {}
    out = {"key": a.key, "start": start, "end": end, "phrase": phrase(a.text[start:end])}
    if speaker:
        if not str(side.get("speaker", "")).strip():
            problems.append(f"{where}: no speaker")
        out["speaker"] = side.get("speaker", "").strip()
        out["also"] = [n.strip() for n in side.get("also", []) if n.strip()]
    return out


def check_attribution(rows: list[dict]) -> tuple[list[dict], list[str]]:
    problems: list[str] = []
    chosen = {a.key for a in attribution_articles()}
    compiled = []
    for row in rows:
        key = row.get("key", "")
        if key not in chosen:
            problems.append(f"{key}: not an article of the attribution set")
            continue
        statements = []
        for i, st in enumerate(row.get("statements", []), start=1):
            where = f"{key} statement {i}"
            out = _check_side({**st, "key": key}, where, problems)
            if not out:
                continue
            out.pop("key")
            for name, allowed in [("kind", KINDS), ("mode", MODES), ("stance", STANCES)]:
                if st.get(name) not in allowed:
                    problems.append(f"{where}: {name} {st.get(name)!r} is not one of {sorted(allowed)}")
                out[name] = st.get(name)
            out["channel"] = st.get("channel", "").strip()
            out["contentless"] = bool(st.get("contentless", False))
            statements.append(out)
        compiled.append({"key": key, "statements": sorted(statements, key=lambda s: (s["start"], s["end"]))})
    return compiled, problems


def check_clashes(rows: list[dict]) -> tuple[list[dict], list[str]]:
    problems: list[str] = []
    compiled = []
    for n, row in enumerate(rows, start=1):
        where = f"clash {n} ({row.get('story', '?')})"
        sides = {}
        for name in ("a", "b"):
            side = row.get(name) or {}
            sides[name] = _check_side(side, f"{where} side {name}", problems)
            sides[name]["copies"] = [
                c for c in (_check_side(copy, f"{where} side {name} copy", problems, speaker=False)
                            for copy in side.get("copies", [])) if c
            ]  # fmt: skip
        if row.get("kind") not in CLASH_KINDS:
            problems.append(f"{where}: kind {row.get('kind')!r} is not one of {sorted(CLASH_KINDS)}")
        if row.get("strength") not in STRENGTHS:
            problems.append(f"{where}: strength {row.get('strength')!r} is not one of {sorted(STRENGTHS)}")
        story = {article(s["key"]).story for s in sides.values() if s.get("key")}
        compiled.append(
            {"story": min(story) if story else row.get("story", ""), **sides, "kind": row.get("kind"),
             "strength": row.get("strength"), "why": " ".join(str(row.get("why", "")).split())}
        )  # fmt: skip
    return compiled, problems


def _read_jsonl(path: Path) -> list[dict]:
    import json

    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise SystemExit(f"{path}:{number}: not JSON: {error}") from None
    return rows


def _cmd_check(args) -> None:
    checker = check_attribution if args.set == "attribution" else check_clashes
    total = 0
    for path in args.files:
        compiled, problems = checker(_read_jsonl(Path(path)))
        for problem in problems:
            print(f"{path}: {problem}")
        total += len(problems)
        count = sum(len(r["statements"]) for r in compiled) if args.set == "attribution" else len(compiled)
        print(f"{path}: {len(compiled)} rows, {count} labels, {len(problems)} problems")
    if total:
        raise SystemExit(1)


def _cmd_compile(args) -> None:
    """Merge the labellers' files (var/gold_raw/SET/*.jsonl) into the committed gold files, one per
    part, offsets and phrases only."""
    import json

    checker = check_attribution if args.set == "attribution" else check_clashes
    rows = [row for path in sorted((RAW / args.set).glob("*.jsonl")) for row in _read_jsonl(path)]
    compiled, problems = checker(rows)
    if problems:
        raise SystemExit("\n".join(problems))
    parts: dict[str, list[dict]] = {"working": [], "sealed": []}
    for row in compiled:
        parts[part_of(row["key"] if args.set == "attribution" else row["story"])].append(row)
    for part, part_rows in parts.items():
        path = GOLD / f"{args.set}_{part}.jsonl"
        order = (lambda r: (r["key"].split(":")[0], int(r["key"].split(":")[1]))) if args.set == "attribution" else (
            lambda r: (int(r["story"].split(":")[1]), r["a"]["key"], r["a"]["start"]))  # fmt: skip
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sorted(part_rows, key=order)))
        print(f"{path.relative_to(GOLD.parents[2])}: {len(part_rows)} rows")


def _cmd_list(args) -> None:
    chosen = attribution_articles() if args.set == "attribution" else benchmark_articles()
    for a in chosen:
        print(f"{a.key}\t{part_of(a.key)}\t{a.story}\t{len(a.text)} chars")


def _cmd_show(args) -> None:
    for key in args.keys:
        a = article(key)
        print(f"===== {a.key}  ({len(a.text)} chars; story {a.story or '-'}; headline: {a.headline or '-'})")
        print(a.text)
        print()


def _cmd_stories(args) -> None:
    for key, members in sorted(stories().items(), key=lambda kv: int(kv[0].split(":")[1])):
        print(
            f"{key}\t{part_of(key)}\t{len(members)} bodies\t{' '.join(a.key for a in members)}\t{members[0].headline}"
        )


def main(argv=None) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    django.setup()
    parser = argparse.ArgumentParser(prog="python -m factcheck.lab.realnews", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("list", help="the articles of a set, with their part")
    p.add_argument("set", choices=["attribution", "benchmark"])
    p.set_defaults(run=_cmd_list)
    p = sub.add_parser("show", help="articles' normalised text (what gold offsets point into)")
    p.add_argument("keys", nargs="+", help="fnc1:ID or arc:ID")
    p.set_defaults(run=_cmd_show)
    p = sub.add_parser("stories", help="the benchmark's stories with their bodies")
    p.set_defaults(run=_cmd_stories)
    p = sub.add_parser("check", help="check labellers' files: every span found, every field valid")
    p.add_argument("set", choices=["attribution", "clashes"])
    p.add_argument("files", nargs="+")
    p.set_defaults(run=_cmd_check)
    p = sub.add_parser("compile", help="write the committed gold files from var/gold_raw/SET/*.jsonl")
    p.add_argument("set", choices=["attribution", "clashes"])
    p.set_defaults(run=_cmd_compile)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
