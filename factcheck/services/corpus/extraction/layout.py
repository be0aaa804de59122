"""Where claims can be: paragraphs (headlines are not), quotations and sentences that never break inside one."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from factcheck.services.corpus.extraction.lexicon import (
    _ABBREVIATIONS,
    _CLOSE_D,
    _HTML_QUOTE_RE,
    _MAX_SENTENCE,
    _OPEN_D,
)


@dataclass
class _Sentence:
    start: int
    end: int
    paragraph: int


class _Layout:
    """A document's paragraphs (headlines left out), top-level quotations and sentences."""

    def __init__(self, text: str):
        self.text = text
        self.quotes: list[tuple[int, int, bool]] = []  # (open mark, end after close mark, closed)
        self.sentences: list[_Sentence] = []
        self.paragraph_spans: list[tuple[int, int]] = []

    def layout(self) -> None:
        pos = 0
        index = 0
        for line in self.text.split("\n"):
            start, end = pos, pos + len(line)
            pos = end + 1
            stripped = line.strip()
            if not stripped or _is_headline(stripped):
                continue
            lead = len(line) - len(line.lstrip())
            trail = len(line.rstrip())
            p_start, p_end = start + lead, start + trail
            self.paragraph_spans.append((p_start, p_end))
            quotes = _find_quotes(self.text, p_start, p_end)
            self.quotes.extend(quotes)
            for s_start, s_end in _split_sentences(self.text, p_start, p_end, quotes):
                self.sentences.append(_Sentence(s_start, s_end, index))
            index += 1

    # Quotations, paragraphs and mentions are kept in document order and searched by bisection, so
    # a document with many of them still takes linear time.

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_left(self.quotes, (pos,)) - 1
        return i >= 0 and self.quotes[i][0] < pos < self.quotes[i][1]

    def quotes_between(self, start: int, end: int) -> list[tuple[int, int, bool]]:
        lo = bisect.bisect_left(self.quotes, (start,))
        hi = bisect.bisect_left(self.quotes, (end,))
        return self.quotes[lo:hi]

    def paragraph_of(self, pos: int) -> int:
        i = bisect.bisect_right(self.paragraph_spans, (pos, len(self.text) + 1)) - 1
        if i >= 0 and self.paragraph_spans[i][0] <= pos <= self.paragraph_spans[i][1]:
            return i
        return -1


# ---------------------------------------------------------------------------------------------
# Layout helpers
# ---------------------------------------------------------------------------------------------


def _is_headline(line: str) -> bool:
    """A line with no final punctuation (a headline or a crosshead) carries no claim."""
    if line.startswith("#"):
        return True
    core = line.rstrip("\"'”’»)] \t")
    if not core:
        return True
    if CAPTION.match(line) and (core[-1] not in ".!?…" or PICTURED.search(line)):
        return True  # "Leader: News of the test flights comes as Al Qaeda ... (pictured)"
    if core[-1] in ".!?…;:,":
        return False
    return len(line.split()) <= 25


# A photo caption: a label of a few words and a colon ("Twist:", "Using chopsticks:"), then a line
# with no final full stop or with "(pictured)"; it repeats the story's words, it makes no claim.
CAPTION = re.compile(r"[A-Z][\w'’-]*(?: [\w'’-]+){0,2}: \S")
PICTURED = re.compile(r"\((?:pictured|left|right|above|below|centre|center|inset)\b", re.IGNORECASE)


def _find_quotes(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Top-level quotations in text[start:end] as (opening mark, end after closing mark, closed)."""
    quotes: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    open_char = ""
    i = start
    while i < end:
        ch = text[i]
        if open_at is None:
            if ch in _OPEN_D or (ch == '"' and _opens(text, i, end)):
                open_at, open_char = i, ch
            elif ch == "&":
                m = _HTML_QUOTE_RE.match(text, i, end)
                if m:
                    open_at, open_char = i, "&"
                    i = m.end()
                    continue
        else:
            closes = False
            width = 1
            if (
                (open_char in _OPEN_D and ch in _CLOSE_D)
                or (open_char in {'"', "&"} and ch == '"')
                or (open_char == '"' and ch in _CLOSE_D)  # scraped text mixes marks: "discomfort.”
                or (open_char in _OPEN_D and ch == '"' and not _opens(text, i, end))
            ):
                closes = True
            elif ch == "&":
                m = _HTML_QUOTE_RE.match(text, i, end)
                if m:
                    closes, width = True, m.end() - i
            if closes:
                quotes.append((open_at, i + width, True))
                open_at = None
                i += width
                continue
        i += 1
    if open_at is not None:
        quotes.append((open_at, end, False))
    if not quotes:
        quotes = _find_single_quotes(text, start, end)
    return quotes


def _opens(text: str, i: int, end: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < end else " "
    return (before.isspace() or before in "([{—–-:,;") and not after.isspace()


def _find_single_quotes(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Single quotation marks used at the top level (British style), never apostrophes."""
    quotes = []
    open_at = None
    for i in range(start, end):
        ch = text[i]
        if ch not in "'‘’":
            continue
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if open_at is None:
            if ch in "'‘" and (before.isspace() or before in "([—–:") and after.isalnum():
                open_at = i
        elif ch in "'’" and not after.isalnum() and (before.isalnum() or before in ".,!?"):
            quotes.append((open_at, i + 1, True))
            open_at = None
    if open_at is not None and _introduced(text, start, open_at):
        # British style leaves a quotation that goes on in the next paragraph open: He told the
        # channel: 'I appreciate it. It's all a surprise to me. (new paragraph)
        quotes.append((open_at, end, False))
    return quotes


def _introduced(text: str, start: int, mark: int) -> bool:
    """Whether a quotation mark opens its paragraph or follows a colon (where a quotation, not an
    apostrophe, begins)."""
    before = text[start:mark].rstrip()
    return not before or before.endswith(":")


def _split_sentences(text: str, start: int, end: int, quotes) -> list[tuple[int, int]]:
    spans = []
    s_start = start
    for m in re.finditer(r"[.!?…]+[\"'”’)»]*\s+(?=[\"“'‘(«]?[A-Z0-9À-Ý])", text[start:end]):
        cut = start + m.end()
        mark = start + m.start()
        closing = start + m.start() + len(m.group(0).rstrip())
        if any(q0 < closing < q1 for q0, q1, _ in quotes):
            continue
        word = re.search(r"([\w.]+)$", text[s_start:mark])
        if (
            word
            and text[mark] == "."
            and (word.group(1).lower() in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1)))
        ):
            continue
        spans.append((s_start, start + m.start() + len(m.group(0).rstrip())))
        s_start = cut
    if s_start < end:
        spans.append((s_start, end))
    return [piece for span in spans for piece in _bounded(text, *span)]


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A run-on "sentence" (no punctuation for pages) is cut into pieces of at most
    _MAX_SENTENCE characters, so the work per sentence stays bounded."""
    pieces = []
    while end - start > _MAX_SENTENCE:
        cut = text.rfind(" ", start + _MAX_SENTENCE // 2, start + _MAX_SENTENCE)
        cut = cut if cut > start else start + _MAX_SENTENCE
        pieces.append((start, cut))
        start = cut + 1
    pieces.append((start, end))
    return pieces
