"""What was said, and by whom, read from a dependency parse of each paragraph.

1. **Frames** (`frames.py`): a speech verb outside quotation marks with its subject and what it
   introduces; "according to X" with the clause it hangs on.
2. **Quotations.** A quotation is the words of the frame it sits inside (a quoted phrase in a
   reported clause), else of the frame whose verb stands next to it (`"…," he said`, `X said:
   "…"`, `"A," he said. "B."`), else — when it opens a paragraph with no speaker of its own — of
   the previous quotation's speaker, or of the speaker whose paragraph ended on its verb ("…,
   saying,"). A transcript's turn ("Mohammed Islam: …") is all the named person's words.
3. **Speakers.** The subject phrase is resolved by `resolver.py` and `names.py` (pronouns,
   surnames, titles, "the company", unnamed officials, a spokesperson's body). An outlet that only
   relays someone ("X told CNN", "according to the BBC, police said") is kept as the claim's channel.
4. **Claims.** One per quotation or reported clause, with its span, mode (quote or reported) and
   stance: a denial when the verb denies ("denied that …", "dismissed the reports", "described
   the reports as rumour"), a hedge when the words hedge ("could not confirm", "no indication",
   "no official notification"). The words of a reported denial or hedge keep it ("It is not true
   that …", "It is not confirmed that …"); an object with its complement keeps its verb ("Accuses
   X of Y"). No claim is longer than MAX_CLAIM characters: a longer stretch is cut at sentence
   ends (and a sentence longer than that at a word), with a warning in the log.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, replace

from django.conf import settings

from factcheck.services.corpus.extraction import names
from factcheck.services.corpus.extraction.claims import Claim
from factcheck.services.corpus.extraction.frames import Frame, frames_in
from factcheck.services.corpus.extraction.layout import _Layout
from factcheck.services.corpus.extraction.lexicon import _COUNTRIES, _HTML_QUOTE_RE, _MAX_DOCUMENT
from factcheck.services.corpus.extraction.parse import MAX_PIECE, parse
from factcheck.services.corpus.extraction.resolver import Resolver
from factcheck.services.corpus.extraction.stance import stances_of
from factcheck.services.matcher.lexicon import read

logger = logging.getLogger(__name__)

MAX_CLAIM = 600  # characters: one speaker's words in one claim; longer stretches are cut
FRAGMENT_WORDS = 10  # a phrase without a finite verb longer than this may be a headline-like claim
DENY_FORMS = {"deny": "Denies", "dismiss": "Dismisses", "reject": "Rejects", "refute": "Refutes", "rebut": "Rebuts",
              "dispute": "Disputes"}  # fmt: skip
COMPLEMENT_FORMS = {"accuse": "Accuses", "identify": "Identifies", "describe": "Describes", "confirm": "Confirms",
                    "brand": "Brands", "label": "Labels", "condemn": "Condemns", "denounce": "Denounces",
                    "criticise": "Criticises", "criticize": "Criticizes"}  # fmt: skip
# A transcript's turn: a person's full name and a colon opening the paragraph.
TRANSCRIPT_LABEL = re.compile(r"([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}): (?=\S)")
OPEN_MARKS = "\"“„«'‘"
CLOSE_MARKS = "\"”»'’"


@dataclass
class Found:
    entity: names.Entity
    start: int
    end: int
    mode: str
    deny: bool = False
    hedge: bool = False
    channel: str = ""
    object_only: bool = False
    verb: str = ""
    frame: int = -1  # where the attributing verb is; -1 for a continuation with no verb of its own


# ---------------------------------------------------------------------------------------------
# Spans


def _trim(text: str, start: int, end: int, *, clause: bool = True) -> tuple[int, int]:
    """A span without surrounding white space, punctuation, quotation marks, a leading "that" (of
    a clause, not of "disputed that account") or a trailing "and"."""
    while start < end:
        if text[start].isspace() or text[start] in ",;:—–-" or text[start] in OPEN_MARKS + CLOSE_MARKS:
            start += 1
            continue
        match = re.match(r"(?:that|whether)\s+", text[start:end], flags=re.IGNORECASE) if clause else None
        if match:
            start += match.end()
            continue
        break
    while end > start:
        if text[end - 1].isspace() or text[end - 1] in ",;:—–-" + OPEN_MARKS + CLOSE_MARKS:
            end -= 1
            continue
        match = re.search(r"(?:,|\s)(?:and|but|or)$", text[start:end])
        if match:
            end = start + match.start()
            continue
        break
    while end > start and text[end - 1] in ".!?" and end - start > 1 and text[end - 2] in CLOSE_MARKS:
        end -= 1
    return start, end


def _split_that(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "A, and that B": two claims of one speaker."""
    pieces, piece_start = [], start
    for match in re.finditer(r",?\s+and\s+that\s+", text[start:end]):
        pieces.append((piece_start, start + match.start()))
        piece_start = start + match.end()
    pieces.append((piece_start, end))
    return [p for p in pieces if p[1] - p[0] > 3]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


# ---------------------------------------------------------------------------------------------
# Claims


def _clean_text(text: str, entity: names.Entity, mode: str) -> str:
    text = html.unescape(_HTML_QUOTE_RE.sub('"', text))
    text = re.sub(r"[\"“”„«»]", "", text)
    text = " ".join(text.split()).strip(" ,;:—–-")
    if not text:
        return ""
    if mode == "reported":
        if entity.kind == "person":
            country = entity.affiliation if entity.affiliation in _COUNTRIES else ""
            if country:
                text = re.sub(
                    r"\b(?:his|her) (?:country|nation)(['’]s)?\b", lambda m: country + (m.group(1) or ""), text
                )
            text = re.sub(r"^(?:he|she)\b", entity.surname or entity.name, text, flags=re.IGNORECASE)
        elif entity.kind in {"organisation", "office", "government", "outlet"} and not _people(entity.name):
            text = re.sub(r"^(?:it|they)\b(?!['’])", entity.name, text, flags=re.IGNORECASE)
    text = text[0].upper() + text[1:]
    if text[-1] not in ".!?…":
        text += "."
    return text


def _people(name: str) -> bool:
    """ "US officials", "Pentagon official": people of an office, never what "it" stands for."""
    return name.split()[-1].lower() in {"official", "officials", "source", "sources", "spokesman", "spokeswoman"}


def _as_written(text: str, words: str) -> str:
    """The claim's first letter as the source wrote it, for a claim that follows words of ours
    ("Accuses the opposition of …"): lower case when the source's first word is, and is still
    the claim's first word (not a name put in for "he")."""
    first_word = (words.split() or [""])[0].strip("\"“”'‘’")
    if first_word[:1].islower() and text.split()[0].lower() == first_word.lower():
        return text[0].lower() + text[1:]
    return text


def _claim_text(found: Found, words: str) -> str:
    text = _clean_text(words, found.entity, found.mode)
    if not text:
        return ""
    if found.hedge and read(text).kind == "hedge":
        return text  # "It remained unclear whether …" hedges in its own words
    if found.object_only and found.verb in COMPLEMENT_FORMS and found.mode == "reported":
        # "Accuses Ram Rahim of grievous bodily harm.", "Describes the reports as rumour."
        return f"{COMPLEMENT_FORMS[found.verb]} {_as_written(text, words)}"
    if (found.deny or found.hedge) and found.mode == "reported":
        text = _as_written(text, words)  # "It is not true that the club ...", not "... that The club"
        if found.hedge:
            # "declined to confirm or deny that X", "could not confirm that X": the words keep the
            # hedge, as the stance does, so that the scorer does not read X as asserted
            return f"Does not confirm {text}" if found.object_only else f"It is not confirmed that {text}"
        if found.object_only:
            verb = DENY_FORMS.get(found.verb, "Denies")
            return f"{verb} {text}"
        return f"It is not true that {text}"
    return text


def _joined_text(group: list[Found], text: str) -> str:
    """The words of one speaker's quotations broken by an attribution, as one text: a quotation cut
    after a comma goes on as the same sentence ("The club is in good health, and the manager ...")."""
    out = ""
    for f in group:
        words = text[f.start : f.end]
        if not out:
            out = words
            continue
        if re.search(r",[\"”’']*$", text[max(0, f.start - 200) : f.start].split("\n")[-1].split('"')[0]) or (
            out.rstrip().endswith(",") or words[:1].islower()
        ):
            out = out.rstrip().rstrip(",") + ", " + words
        else:
            out = out.rstrip() + (" " if out.rstrip()[-1:] in ".!?…" else ". ") + words
    return _claim_text(group[0], out)


def _pieces(text: str, start: int, end: int, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The span cut into pieces of at most MAX_CLAIM characters, at sentence ends where it can be."""
    if end - start <= MAX_CLAIM:
        return [(start, end)]
    logger.warning("a claim of %d characters is cut into pieces of at most %d", end - start, MAX_CLAIM)
    cuts = sorted({e for s, e in sentences if start < e < end})
    pieces, piece_start = [], start
    last_cut = start
    for cut in [*cuts, end]:
        if cut - piece_start > MAX_CLAIM and last_cut > piece_start:
            pieces.append((piece_start, last_cut))
            piece_start = last_cut
        last_cut = cut
    pieces.append((piece_start, end))
    out = []
    for s, e in pieces:
        while e - s > MAX_CLAIM:
            cut = text.rfind(" ", s, s + MAX_CLAIM)
            cut = cut if cut > s else s + MAX_CLAIM
            out.append((s, cut))
            s = cut
        out.append((s, e))
    return [_trim(text, s, e) for s, e in out if e > s]


class Extractor:
    def __init__(self, text: str):
        self.text = text
        self.layout = _Layout(text)
        self.registry = names.Registry()
        self.resolver = Resolver(self.registry)
        self.found: list[Found] = []
        self.parsed: list = []

    def run(self) -> list[Claim]:
        self.layout.layout()
        paragraphs = []
        limit = settings.FACTCHECK_PARSE_LIMIT
        if len(self.text) > limit:
            # at a sentence end, so no quotation is cut from its speaker
            limit = max((x.end for x in self.layout.sentences if x.end <= limit), default=limit)
            logger.warning(
                "a document of %d characters is parsed up to %d; the rules read the rest", len(self.text), limit
            )
        for start, end in self.layout.paragraph_spans:
            if start >= limit:
                break
            end = min(end, limit)
            paragraphs.extend(self._pieces_of(start, end))
        docs = parse([self.text[s:e] for s, e in paragraphs])
        self.parsed = list(zip(docs, paragraphs, strict=True))
        for doc, (start, _end) in zip(docs, paragraphs, strict=True):
            self.resolver.register_entities(doc, start)
        if Resolver.MODE != "parse":
            self.resolver.attach_rules(self.text)
        last_quote: Found | None = None
        last_paragraph = -1
        for number, (doc, (start, end)) in enumerate(zip(docs, paragraphs, strict=True)):
            quotes = [(q0, q1) for q0, q1, _closed in self.layout.quotes_between(start, end)]
            frames = frames_in(doc, start, quotes)
            sentences = [(start + s.start_char, start + s.end_char) for s in doc.sents]
            continued = last_quote if number - last_paragraph <= 2 else None
            if self.transcript_turn(start, end, sentences):
                continue
            last = self.paragraph(doc, start, end, frames, quotes, sentences, continued)
            if last is not None:
                last_quote, last_paragraph = last, number
        return self.claims()

    def transcript_turn(self, start: int, end: int, sentences) -> bool:
        """An interview printed as a transcript: "Mohammed Islam: At school, first things first. I
        am incredibly sorry ..." is all the words of the person the label names (a person the
        article names), the speech they report included."""
        label = TRANSCRIPT_LABEL.match(self.text, start, end)
        if label is None:
            return False
        entity = self.registry.by_key.get(names._key(label.group(1)))
        if entity is None or entity.kind != "person":
            return False
        span = _trim(self.text, label.end(), end, clause=False)
        if span[1] - span[0] < 3:
            return False
        self.add(entity, None, span, "quote", sentences)
        return True

    def _pieces_of(self, start: int, end: int) -> list[tuple[int, int]]:
        """A paragraph in pieces the parser reads at once: whole sentences (which never break inside
        a quotation) up to MAX_PIECE characters."""
        if end - start <= MAX_PIECE:
            return [(start, end)]
        pieces, piece_start, piece_end = [], start, start
        for sentence in self.layout.sentences:
            if sentence.start < start or sentence.end > end:
                continue
            if sentence.end - piece_start > MAX_PIECE and piece_end > piece_start:
                pieces.append((piece_start, piece_end))
                piece_start = sentence.start
            piece_end = sentence.end
        pieces.append((piece_start, max(piece_end, end) if end - piece_start <= MAX_PIECE else piece_end))
        out = []
        for s, e in pieces:  # a sentence longer than a piece is cut at a space
            while e - s > MAX_PIECE:
                cut = self.text.rfind(" ", s, s + MAX_PIECE)
                cut = cut if cut > s else s + MAX_PIECE
                out.append((s, cut))
                s = cut
            out.append((s, e))
        return [(s, e) for s, e in out if e > s]

    def paragraph(self, doc, start, end, frames, quotes, sentences, continued) -> Found | None:
        """The claims of one paragraph; returns the last quotation's claim (for continuations)."""
        used_quotes: set[tuple[int, int]] = set()
        last_quote = None
        by_quote: dict[tuple[int, int], Frame] = {}
        for q in quotes:
            frame = self._quote_frame(q, frames, doc, start, quotes)
            if frame is not None:
                by_quote[q] = frame
        for frame in frames:
            entity = self._speaker(frame)
            if entity is None:
                continue
            if frame.start < 0:
                continue
            span = _trim(self.text, frame.start, frame.end, clause=not frame.object_only)
            if span[1] - span[0] < 3:
                continue
            inner = [q for q in quotes if _overlap(q, span) > 0]
            whole_quote = len(inner) == 1 and _overlap(inner[0], span) >= 0.9 * (span[1] - span[0])
            if whole_quote:
                continue  # the quotation itself becomes the claim, below
            absorbed = [q for q in inner if by_quote.get(q) is frame or by_quote.get(q) is None]
            used_quotes.update(absorbed)
            for piece in _split_that(self.text, *span):
                found = self.add(entity, frame, piece, "reported", sentences)
                if found is not None and any(q[1] >= end - 1 for q in absorbed):
                    # 'Mrs Smith said it was never meant to be big: "It was just ...' runs on into the
                    # next paragraph's quotation: hers too
                    last_quote = found
        for q in quotes:
            if q in used_quotes:
                continue
            frame = by_quote.get(q)
            entity = self._speaker(frame) if frame is not None else None
            if entity is None and continued is not None and self._opens_paragraph(q, start):
                entity = continued.entity
                frame = None
            if entity is None:
                entity = self._continues(q, start, frames)
            if entity is None:
                continue
            span = _trim(self.text, q[0], q[1], clause=False)  # verbatim: "That is rumors" keeps its "That"
            if span[1] - span[0] < 3 or len(self.text[span[0] : span[1]].split()) < 2:
                continue
            found = self.add(entity, frame, span, "quote", sentences)
            if found is not None:
                last_quote = found
                continued = found
        return self._introduces(frames, start, end) or last_quote

    def _introduces(self, frames: list[Frame], start: int, end: int) -> Found | None:
        """A paragraph that ends on its speech verb ("the cleric replied in the negative, saying,"
        / "he added:"): the quotation opening the next paragraph is that speaker's."""
        tail = self.text[start:end].rstrip()
        if not tail.endswith((",", ":")):
            return None
        for frame in reversed(frames):
            if isinstance(frame.verb, str) or frame.according:
                continue
            after = tail[frame.verb.idx + len(frame.verb.text) : -1]
            if len(after) > 40 or re.search(r"[.!?\"“”]", after):
                continue
            entity = self._speaker(frame)
            return Found(entity, end, end, "quote", frame=frame.pos) if entity is not None else None
        return None

    def _continues(self, q: tuple[int, int], start: int, frames: list[Frame]) -> names.Entity | None:
        """A quotation that opens a sentence after a claim of this paragraph, with no other speaker
        in between (`"A," it said. "B."`, `X said it was strange. "We have to ask ..."`), is that
        speaker's."""
        before = [f for f in self.found if start <= f.start and f.end <= q[0]]
        if not before:
            return None
        last = max(before, key=lambda f: f.end)
        between = self.text[last.end : q[0]]
        if not re.search(r"[.!?:][\"”’']*\s*$|[.!?][\"”’']*\s", between):
            return None
        for frame in frames:
            if last.end < frame.pos < q[0]:
                other = self.resolver.resolve(frame.subject, frame.pos)
                if other is not None and other is not last.entity:
                    return None
        return last.entity

    def _opens_paragraph(self, q: tuple[int, int], start: int) -> bool:
        return not self.text[start : q[0]].strip()

    def _quote_frame(self, q, frames, doc, offset, quotes) -> Frame | None:
        """The frame whose content holds the quotation (a quoted phrase inside a reported clause),
        else the one whose verb stands next to it."""
        for frame in frames:
            if not frame.according and frame.start >= 0 and frame.start <= q[0] and q[1] <= frame.end + 2:
                return frame
        best, best_distance = None, None
        for frame in frames:
            if frame.according:
                if frame.start <= q[0] and q[1] <= frame.end + 2:
                    return frame
                continue
            verb = frame.verb
            v0 = offset + verb.idx
            if v0 >= q[1]:
                between = self.text[q[1] : v0]
            elif v0 < q[0]:
                between = self.text[v0 : q[0]]
            else:
                continue
            if any(m in between for m in '"“”') or "\n" in between:
                continue
            if len(between) > 120 or (v0 < q[0] and re.search(r"[.!?]\s", between)):
                continue
            distance = len(between)
            if best_distance is None or distance < best_distance:
                best, best_distance = frame, distance
        return best

    def _speaker(self, frame: Frame | None) -> names.Entity | None:
        if frame is None:
            return None
        entity = self.resolver.resolve(frame.subject, frame.pos)
        if entity is None:
            return None
        self.registry.mention(entity, frame.pos, speaker=True)
        return entity

    def add(self, entity, frame, span, mode, sentences) -> Found | None:
        if mode == "reported" and not (frame is not None and frame.object_only) and not self._has_clause(span):
            return None  # "Top Gear.", "In a surprising twist.": no claim without a verb
        channel = ""
        if frame is not None and frame.channel is not None:
            outlet = self.resolver.resolve(frame.channel, frame.pos)
            if outlet is not None and outlet.kind == "outlet" and outlet is not entity:
                channel = outlet.name
        last = None
        for start, end in _pieces(self.text, *span, sentences):
            if end - start < 3:
                continue
            found = Found(
                entity,
                start,
                end,
                mode if mode == "reported" or self._quoted(start, end) else "reported",
                deny=bool(frame and frame.deny),
                hedge=bool(frame and frame.hedge),
                channel=channel,
                object_only=bool(frame and frame.object_only),
                verb=frame.verb.lemma_.lower() if frame is not None and not isinstance(frame.verb, str) else "",
                frame=frame.pos if frame is not None else -1,
            )
            self.found.append(found)
            last = found
        return last

    def _has_clause(self, span: tuple[int, int]) -> bool:
        """Whether a stretch of text says something: three words or more, one of them a verb."""
        words = self.text[span[0] : span[1]].split()
        if len(words) < 3:
            return False
        return any(t.pos_ in {"VERB", "AUX"} for t in self.tokens_in(span))

    def says_something(self, span: tuple[int, int]) -> bool:
        """`_has_clause` where the parse covers the span; True where it does not (too long to parse)."""
        return (self._has_clause(span) and not self.is_fragment(span)) if self.tokens_in(span) else True

    def is_fragment(self, span: tuple[int, int]) -> bool:
        """A short phrase that opens with a preposition or a conjunction and has no finite verb:
        "According to a report on DeepDotWeb.", "While noting his ruling.", "In June 2012, six
        months after coming to power.", a scare quote ("for quality assurance purposes")."""
        tokens = [t for t in self.tokens_in(span) if not t.is_punct]
        if not tokens or len(tokens) > FRAGMENT_WORDS:
            return False
        finite = any(t.pos_ in {"VERB", "AUX"} and "Fin" in t.morph.get("VerbForm") for t in tokens)
        opens = (
            tokens[0].pos_ in {"ADP", "SCONJ"} or tokens[0].dep_ in {"mark", "prep"} or tokens[0].lower_ == "according"
        )
        return not finite and opens

    def tokens_in(self, span: tuple[int, int]):
        for doc, (start, end) in self.parsed:
            if start <= span[0] < end:
                return [t for t in doc if span[0] <= start + t.idx < span[1]]
        return []

    def _quoted(self, start: int, end: int) -> bool:
        return any(q0 <= start and end <= q1 for q0, q1, _ in self.layout.quotes_between(max(0, start - 2000), end))

    def _quote_runs(self, found: list[Found]) -> list[list[Found]]:
        """Consecutive quotations of one speaker broken only by their attribution (`"A," he said.
        "B."`) make one claim; everything else stands alone."""
        runs: list[list[Found]] = []
        for f in found:
            last = runs[-1][-1] if runs else None
            between = self.text[last.end : f.start] if last is not None else ""
            joined = (
                last is not None
                and f.mode == last.mode == "quote"
                and f.entity is last.entity
                and (f.frame == -1 or f.frame == last.frame)  # a continuation, or one verb between two parts
                and len(between) <= 80
                and "\n" not in between
                and len(runs[-1]) < 4
                and sum(g.end - g.start for g in runs[-1]) + (f.end - f.start) <= MAX_CLAIM
            )
            if joined:
                runs[-1].append(f)
            else:
                runs.append([f])
        return runs

    def claims(self) -> list[Claim]:
        """One claim per span: nested and repeated spans of one speaker go; outlets relaying someone
        else's words become the channel of the inner claim."""
        found = sorted(self.found, key=lambda f: (f.start, -(f.end - f.start)))
        kept: list[Found] = []
        for f in found:
            inner_of = [k for k in kept if k.start <= f.start and f.end <= k.end]
            if any(k.entity is f.entity for k in inner_of):
                continue
            outer_outlets = [k for k in inner_of if k.entity.kind == "outlet" and k.entity is not f.entity]
            if outer_outlets:
                f.channel = f.channel or outer_outlets[-1].entity.name
                for outer in outer_outlets:
                    if outer in kept:
                        kept.remove(outer)
            kept.append(f)
        claims = []
        for group in self._quote_runs(sorted(kept, key=lambda f: f.start)):
            f = group[0]
            words = self.text[f.start : group[-1].end]
            text = _joined_text(group, self.text)
            f = Found(
                f.entity, f.start, group[-1].end, f.mode, f.deny, f.hedge, f.channel, f.object_only, f.verb, f.frame
            )
            if not text or len(text.split()) < 2 or self.is_fragment((f.start, f.end)):
                continue
            claims.append(Claim(f.entity.speaker(), text, f.start, f.end, f.mode, rule_stance(f, words), f.channel))
        return claims


SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
# Judgement withheld in words the pair scorer's lexicon reads as a plain negation ("We have no
# official notification that it is Ebola", "We have nothing to confirm these reports"). Only the
# claim's stance reads them (which pairs the "both withhold" stage keeps apart); the scorer's cues,
# and so its calibration, stay as they are.
WITHHELD = re.compile(
    r"\b(?:no (?:official |formal )?(?:notification|confirmation|word)|nothing to (?:confirm|suggest)"
    r"|(?:not|never) (?:going|able|in a position) to (?:confirm|verify|comment)"
    r"|(?:cannot|can't|can not|could not|couldn't|unable to) (?:independently |independent )?(?:confirm|verify))\b",
    re.IGNORECASE,
)


def rule_stance(f: Found, words: str) -> str:
    """The rules' stance (with no stance model): questions say nothing checkable; a plain "not"
    states a negative fact; a denial needs a denying verb or word."""
    sentences = SENTENCE_END.split(words.strip())
    if all(sentence.rstrip(" \"'”’").endswith("?") for sentence in sentences):
        return "contentless"  # "Is he estranged from them? Has he fallen out with them?"
    reading = read(words)
    if f.deny or (reading.denials and reading.kind == "deny"):
        return "denial"
    if f.hedge or reading.kind == "hedge" or WITHHELD.search(words):
        return "hedge"
    return "assertion"


def extract_claims(text: str) -> list[Claim]:
    """Every claim a source makes in `text`, in document order; [] when there is none.

    The parse reads each paragraph first; the older rules (`rules.py`) add what they find where the
    parse found nothing (allegations in a relative clause, "blamed X for", shapes it misses).
    Odd input (empty, huge, unbalanced quotation marks) gives what can be read; a bug raises, so
    that ingest reports the file instead of storing it without its statements.
    """
    from factcheck.services.corpus.extraction.rules import extract_by_rules

    if not isinstance(text, str) or not text.strip():
        return []
    text = text[:_MAX_DOCUMENT]
    extractor = Extractor(text)
    parsed = extractor.run()
    extra = [
        claim
        for claim in extract_by_rules(text)
        if not any(
            _overlap((claim.start, claim.end), (c.start, c.end)) > 0.3 * min(claim.end - claim.start, c.end - c.start)
            for c in parsed
        )
        # The rules take a fragment for a claim ("The first lady."): where the parse reads the
        # text, a claim needs a verb.
        and extractor.says_something((claim.start, claim.end))
    ]
    claims = sorted([*parsed, *extra], key=lambda c: (c.start, c.end))
    if not settings.FACTCHECK_STANCE_MODEL:  # the rules' stances (the model's baseline)
        return claims
    calls = stances_of(text, [(c.start, c.end) for c in claims])
    return [replace(claim, stance=call.stance) for claim, call in zip(claims, calls, strict=True)]
