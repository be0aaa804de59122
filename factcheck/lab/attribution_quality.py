"""How well extraction finds who said what in real news: the attribution gold set, scored.

The gold set (`lab/gold/attribution_*.jsonl`, made by reading 150 FNC-1 dev bodies and 25 ARC
bodies; see its README) lists every attributed statement of each article with its span, speaker,
mode and stance. Extraction runs on the same text (the body as ingest stores it), and:

- a predicted claim is **correct** when at least half of its characters lie inside gold
  statements (labellers cut one statement per sentence; the extractor may join or split them);
- a gold statement is **found** when at least half of its characters are covered by predicted
  claims;
- the **speaker** of a correct claim is right when its name is the gold speaker's or one of the
  names the gold accepts ("also"), compared without case, accents, punctuation and titles;
- a predicted **source name** is a real speaker when it is the name of some gold speaker of its
  article (a sentence fragment such as "Although Ajel" never is);
- a gold speaker is **split** when the claims given to it rightly land in more than one stored
  source after ingest (measured by ingesting the articles, then rolled back).

Precision and recall are micro-averaged over the part's articles. The working part's errors may be
printed (`error_lines`); the sealed part's never are.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from factcheck.lab.realnews import GOLD, article

PARTS = ("working", "sealed")
MIN_SHARE = 0.5  # of a span's characters, for a claim to be inside the gold or a statement to be found

# Words that go with a name but are not the name: titles, ranks, offices, articles.
NAME_NOISE = {
    "the", "a", "an", "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "president", "vice", "prime", "minister", "secretary", "general", "gen", "lt", "col", "colonel",
    "capt", "captain", "sgt", "maj", "major", "adm", "admiral", "rear", "cmdr", "sen", "senator", "rep",
    "gov", "governor", "mayor", "chief", "judge", "justice", "spokesman", "spokeswoman", "spokesperson",
    "pope", "king", "queen", "prince", "princess", "sheikh", "rev", "father", "st", "jr", "sr", "inc",
    "ltd", "co", "corp", "plc", "llc", "s",
}  # fmt: skip


def name_tokens(name: str) -> tuple[str, ...]:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"['’]s\b", "", plain)
    words = re.findall(r"[a-z0-9]+", plain.replace(".", ""))
    return tuple(w for w in words if w not in NAME_NOISE) or tuple(words)


def same_speaker(predicted: str, gold: Iterable[str]) -> bool:
    """Whether a predicted speaker name is one of the gold names (titles, case, punctuation aside).

    One name's words inside the other's count when the shorter has two words or more ("John
    Kirby" / "Rear Adm. John Kirby", "Department of Defense" / "US Department of Defense").
    """
    mine = name_tokens(predicted)
    if not mine:
        return False
    for name in gold:
        theirs = name_tokens(name)
        if not theirs:
            continue
        if mine == theirs:
            return True
        shorter, longer = sorted([mine, theirs], key=len)
        if len(shorter) >= 2 and all(word in longer for word in shorter):
            return True
    return False


def _covered(start: int, end: int, spans: list[tuple[int, int]]) -> int:
    """Characters of [start, end) inside the union of spans."""
    marks = []
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s < e:
            marks.append((s, e))
    marks.sort()
    total, reach = 0, start
    for s, e in marks:
        s = max(s, reach)
        if e > s:
            total += e - s
            reach = e
    return total


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@dataclass
class Predicted:
    start: int
    end: int
    speaker: str
    mode: str
    text: str
    aliases: tuple[str, ...] = ()
    channel: str = ""
    stance: str = ""


@dataclass
class ArticleResult:
    key: str
    gold: list[dict]
    predicted: list[Predicted]
    correct: list[int] = field(default_factory=list)  # predicted indexes inside the gold
    found: list[int] = field(default_factory=list)  # gold indexes covered
    speaker_right: list[int] = field(default_factory=list)  # correct predicted indexes with the right speaker
    gold_of: dict[int, int] = field(default_factory=dict)  # correct predicted index -> its gold statement
    real_names: int = 0
    names: int = 0


def score_article(key: str, gold: list[dict], predicted: list[Predicted]) -> ArticleResult:
    result = ArticleResult(key, gold, predicted)
    gold_spans = [(g["start"], g["end"]) for g in gold]
    predicted_spans = [(p.start, p.end) for p in predicted]
    for i, p in enumerate(predicted):
        if _covered(p.start, p.end, gold_spans) >= MIN_SHARE * (p.end - p.start):
            result.correct.append(i)
            best = max(range(len(gold)), key=lambda g: _overlap((p.start, p.end), gold_spans[g]))
            result.gold_of[i] = best
            if same_speaker(p.speaker, [gold[best]["speaker"], *gold[best]["also"]]):
                result.speaker_right.append(i)
    for g, (start, end) in enumerate(gold_spans):
        if _covered(start, end, predicted_spans) >= MIN_SHARE * (end - start):
            result.found.append(g)
    gold_names = [n for g in gold for n in (g["speaker"], *g["also"])]
    names = {p.speaker for p in predicted}
    result.names = len(names)
    result.real_names = sum(1 for name in names if same_speaker(name, gold_names))
    return result


def read_gold(part: str) -> list[dict]:
    path = GOLD / f"attribution_{part}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_phrases(rows: list[dict]) -> None:
    """The shared data must be the data the gold was made on: every span still starts with its phrase."""
    for row in rows:
        text = article(row["key"]).text
        for statement in row["statements"]:
            piece = " ".join(text[statement["start"] : statement["end"]].split())
            if not piece.startswith(statement["phrase"]):
                where = f"{row['key']}: the text at {statement['start']}"
                raise ValueError(f"{where} no longer reads {statement['phrase']!r}")


def extract(text: str) -> list[Predicted]:
    from factcheck.services.corpus.extraction import extract_claims

    return [
        Predicted(c.start, c.end, c.speaker.name, c.mode, c.text, tuple(c.speaker.aliases), c.channel, c.stance)
        for c in extract_claims(text)
    ]


# The gold's stance words for the extractor's (a StatementStance value).
GOLD_STANCE = {"assertion": "assert", "denial": "deny", "hedge": "hedge", "contentless": "other"}


def gold_stance(statement: dict) -> str:
    """The gold's stance word, `other` for a statement with nothing checkable (a question, thanks,
    "we do not comment on rumours")."""
    return "other" if statement.get("contentless") else statement["stance"]


def stance_pairs(results: list[ArticleResult]) -> list[tuple[str, str]]:
    """(gold, predicted) stance of each correct claim, in the gold's words."""
    return [
        (gold_stance(r.gold[r.gold_of[i]]), GOLD_STANCE.get(r.predicted[i].stance, r.predicted[i].stance))
        for r in results
        for i in r.correct
    ]


def stance_line(part: str, pairs: list[tuple[str, str]]) -> str:
    """How often a found claim gets the gold's stance, and each stance's precision and recall."""
    right = sum(g == p for g, p in pairs)
    pieces = [f"stance part={part} claims={len(pairs)} agree={right / len(pairs) if pairs else 0:.3f}"]
    for stance in ("deny", "hedge", "other"):
        gold = sum(g == stance for g, _ in pairs)
        said = sum(p == stance for _, p in pairs)
        both = sum(g == p == stance for g, p in pairs)
        pieces.append(f"{stance}: gold={gold} called={said} right={both}")
    return "; ".join(pieces)


@dataclass
class PartReport:
    part: str
    results: list[ArticleResult]
    seconds: float
    split_speakers: int | None = None
    gold_speakers: int | None = None

    def totals(self) -> dict:
        n_pred = sum(len(r.predicted) for r in self.results)
        n_gold = sum(len(r.gold) for r in self.results)
        correct = sum(len(r.correct) for r in self.results)
        found = sum(len(r.found) for r in self.results)
        right = sum(len(r.speaker_right) for r in self.results)
        names = sum(r.names for r in self.results)
        real = sum(r.real_names for r in self.results)
        precision = correct / n_pred if n_pred else 0.0
        recall = found / n_gold if n_gold else 0.0
        return {
            "articles": len(self.results),
            "gold": n_gold,
            "predicted": n_pred,
            "precision": precision,
            "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "speaker": right / correct if correct else 0.0,
            "names_real": real / names if names else 0.0,
            "docs_per_s": len(self.results) / self.seconds if self.seconds else 0.0,
        }

    def line(self) -> str:
        t = self.totals()
        split = "" if self.split_speakers is None else f" split_sources={self.split_speakers}/{self.gold_speakers}"
        return (
            f"part={self.part} articles={t['articles']} gold={t['gold']} predicted={t['predicted']} "
            f"precision={t['precision']:.3f} recall={t['recall']:.3f} f1={t['f1']:.3f} "
            f"speaker={t['speaker']:.3f} names_real={t['names_real']:.3f}{split}"
        )


def evaluate_part(part: str, *, extractor: Callable[[str], list[Predicted]] = extract) -> PartReport:
    rows = read_gold(part)
    check_phrases(rows)
    texts = [article(row["key"]).text for row in rows]
    started = time.perf_counter()
    predicted = [extractor(text) for text in texts]
    seconds = time.perf_counter() - started
    results = [score_article(row["key"], row["statements"], p) for row, p in zip(rows, predicted, strict=True)]
    return PartReport(part, results, seconds)


def split_sources(report: PartReport) -> tuple[int, int]:
    """Ingest the part's articles (inside a transaction that is rolled back) and count the gold
    speakers whose rightly attributed claims landed in more than one stored source."""
    from django.db import transaction

    from factcheck.models import Statement
    from factcheck.services.corpus.files import ParsedDocument
    from factcheck.services.corpus.ingest import ingest_document

    sources_of: dict[str, set[int]] = defaultdict(set)
    with transaction.atomic():
        for result in report.results:
            a = article(result.key)
            document, _, _ = ingest_document(
                parsed=ParsedDocument(title=a.headline or a.key, text=a.text, origin=a.key)
            )
            by_span = {(s.start, s.end): s.source_id for s in Statement.objects.filter(document=document)}
            for i in result.speaker_right:
                p = result.predicted[i]
                source = by_span.get((p.start, p.end))
                if source is not None:
                    sources_of[result.gold[result.gold_of[i]]["speaker"]].add(source)
        transaction.set_rollback(True)
    return sum(1 for ids in sources_of.values() if len(ids) > 1), len(sources_of)


def error_lines(report: PartReport) -> list[str]:
    """Misses, extra claims and wrong speakers, article by article (the working part only)."""
    if report.part != "working":
        raise ValueError("only the working part's errors are ever printed")
    lines = []
    for r in report.results:
        text = article(r.key).text
        wrong = [i for i in r.correct if i not in r.speaker_right]
        extra = [i for i in range(len(r.predicted)) if i not in r.correct]
        missed = [g for g in range(len(r.gold)) if g not in r.found]
        if not (wrong or extra or missed):
            continue
        lines.append(f"== {r.key}")
        for g in missed:
            gold = r.gold[g]
            lines.append(f"  MISSED  [{gold['speaker']}] {' '.join(text[gold['start'] : gold['end']].split())[:160]}")
        for i in extra:
            p = r.predicted[i]
            lines.append(f"  EXTRA   [{p.speaker}] {p.text[:160]}")
        for i in wrong:
            p, gold = r.predicted[i], r.gold[r.gold_of[i]]
            lines.append(f"  SPEAKER [{p.speaker}] should be [{gold['speaker']}]: {p.text[:120]}")
    return lines
