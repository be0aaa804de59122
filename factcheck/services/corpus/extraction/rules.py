"""The first extractor, rules over regular expressions: quotations attributed by the words around
them, reported speech around speech verbs, allegations in relative clauses; each claim with its span."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from factcheck.services.corpus.extraction.claims import Claim
from factcheck.services.corpus.extraction.layout import _Sentence
from factcheck.services.corpus.extraction.lexicon import (
    _AUX,
    _BARE_OK,
    _COUNTRIES,
    _DENIAL_VERBS,
    _DISCOURSE_START,
    _HTML_QUOTE_RE,
    _MAIN_VERBS_AFTER_AND,
    _MAX_DOCUMENT,
    _PERSON_TITLE_WORDS,
    _PREPOSITIONS,
    _QUOTE_ONLY_VERBS,
    _SUBJECT_PRONOUNS,
    _VERB_RE,
    _cap,
    _words,
)
from factcheck.services.corpus.extraction.speakers import _Document, _Entity


@dataclass
class _Found:
    entity: _Entity
    text: str
    start: int
    end: int
    mode: str


# ---------------------------------------------------------------------------------------------
# Claim text
# ---------------------------------------------------------------------------------------------


def _strip_quotes(s: str) -> str:
    s = _HTML_QUOTE_RE.sub('"', s)
    s = html.unescape(s)
    return re.sub(r"[\"“”„«»]", "", s)


def _short_name(entity: _Entity) -> str:
    if entity.kind == "person":
        return entity.surname or entity.name
    return entity.name


def _clean_claim_text(text: str, entity: _Entity, mode: str) -> str:
    text = _strip_quotes(text)
    text = " ".join(text.split()).strip(" ,;:—–-")
    if not text:
        return ""
    if mode == "reported":
        if entity.kind == "person":
            country = entity.affiliation if entity.affiliation in _COUNTRIES else ""
            if country:
                text = re.sub(
                    r"\b(?:his|her) (?:country|nation)(['’]s)?\b",
                    lambda m: country + (m.group(1) or ""),
                    text,
                )
            text = re.sub(r"^(?:he|she)\b", _short_name(entity), text, flags=re.IGNORECASE)
        elif entity.kind in {"organisation", "office", "government", "outlet"}:
            text = re.sub(r"^(?:it|they)\b(?!['’])", entity.name, text, flags=re.IGNORECASE)
    text = text[0].upper() + text[1:]
    if text[-1] not in ".!?…":
        text += "."
    return text


# ---------------------------------------------------------------------------------------------
# Attribution
# ---------------------------------------------------------------------------------------------

# Adverbials between a speech verb and its "that": "on Tuesday", "in a statement", "to reporters".
_AFTER_VERB_SKIP = re.compile(r"^\s*(?:[\w'’.-]+\s+){0,8}?that\b\s*")


def _clause_end(s: str, start: int) -> int:
    """Where a reported clause starting at s[start:] ends: a boundary outside quotation marks."""
    depth = False
    boundary = re.compile(
        r",?\s+(?:while|whereas)\s+|;\s|\s+[—–]\s+|,\s+(?:adding|saying|noting|warning|stressing|insisting)\b|"
        r",\s+according to\b|,?\s+(?:and|but)\s+(?:also\s+|later\s+|then\s+)?(?:that\b|(?P<verb>[a-z]+)\b)|"
        r"[.!?](?=\s|$)",
    )
    i = start
    while i < len(s):
        ch = s[i]
        if ch in '"“”':
            depth = not depth if ch == '"' else ch == "“"
            i += 1
            continue
        if not depth:
            m = boundary.match(s, i)
            if m:
                verb = m.group("verb")
                abbreviation = s[i] == "." and re.search(r"\b(?:[a-z]\.[a-z]|[A-Z]|St|Dr|Mr)$", s[start:i])
                if (verb is None or verb in _MAIN_VERBS_AFTER_AND) and not abbreviation:
                    return i
        i += 1
    return len(s)


def _looks_like_clause(s: str) -> bool:
    words = [w.lower() for w in _words(s)[:10]]
    if len(words) < 2:
        return False
    if words[0] in _PREPOSITIONS | {"as", "when", "if", "because"}:
        return False
    if words[0] in _SUBJECT_PRONOUNS:
        return True
    for i, w in enumerate(words[1:], start=1):
        if w in _AUX or (w.endswith("ed") and words[i - 1] not in {"the", "a", "an"} and len(w) > 3):
            return True
    return False


class _Extractor:
    """Reads one document: quotations and their speakers, then reported speech, sentence by sentence."""

    def __init__(self, text: str):
        self.doc = _Document(text)
        self.pending_verb = (0, 0)
        self.found: list[_Found] = []
        self.consumed: set[int] = set()  # starts of verbs already used to attribute a quote

    def run(self) -> list[Claim]:
        doc = self.doc
        doc.layout()
        doc.scan_names()
        for sentence in doc.sentences:
            self.quotes_in(sentence)
            self.reported_in(sentence)
            self.alleged_in(sentence)
        return self.finish()

    # -- quotations ----------------------------------------------------------------------------

    def quotes_in(self, sentence: _Sentence) -> None:
        doc = self.doc
        text = doc.text
        quotes = doc.quotes_between(sentence.start, sentence.end)
        i = 0
        while i < len(quotes):
            q_start, q_end, closed = quotes[i]
            content = text[q_start:q_end]
            after = text[q_end : sentence.end]
            before = text[max(sentence.start, q_start - 300) : q_start]
            parts = [(q_start, q_end)]
            attribution = self.attribution_after(after, q_end) if closed else None
            if attribution is not None:
                entity, attr_end = attribution
                # A split quotation: "A," X said, "B."
                if i + 1 < len(quotes) and re.fullmatch(r"[\s,:;—–-]*", text[attr_end : quotes[i + 1][0]]):
                    parts.append(quotes[i + 1][:2])
                    i += 1
                self.emit_quote(entity, parts, sentence)
                i += 1
                continue
            entity = self.attribution_before(before, q_start - len(before), q_start)
            trailing = text[q_end : sentence.end].strip()
            if entity is not None and re.fullmatch(r"[.,!?;:…)\]'’\s]*", trailing):
                self.consumed.add(self.pending_verb[0])
                self.emit_quote(entity, parts, sentence)
                i += 1
                continue
            # A whole sentence in quotation marks with no attribution continues the last speaker.
            if before.strip() == "" and re.fullmatch(r"[.,!?;:…\s]*", trailing) and len(_words(content)) >= 3:
                self.continue_quote(parts, sentence)
            i += 1

    def attribution_after(self, after: str, offset: int) -> tuple[_Entity, int] | None:
        """The speaker named right after a quotation: `, X said`, `, said X`, `Belta quoted X as saying`."""
        if not re.match(r"^[\s,—–-]*(?:[a-zA-Z])", after):
            return None
        head = after[: min(len(after), 260)]
        quoted = re.match(
            r"^[\s,—–-]*(?P<src>[^\"“”]{1,80}?)\s+quoted\s+(?P<np>[^\"“”,.]{1,80}?)\s+as\s+(?:saying|telling)",
            head,
        )
        if quoted:
            entity = self.doc.resolve(quoted.group("np"), offset + quoted.start("np"))
            if entity is not None:
                return entity, offset + quoted.end()
        m = _VERB_RE.search(head)
        if not m:
            return None
        np_text = head[: m.start()].strip(" ,—–-")
        np_words = _words(np_text)
        # Abbreviated honorifics and initials ("Prof.", "J.") are not sentence ends.
        unabbreviated = re.sub(r"\b[A-Z][a-z]{0,3}\.", "", np_text)
        if len(np_words) > 14 or any(c in unabbreviated for c in '"“”.;'):
            return None
        np_text = re.sub(r"(?:\s+(?:also|later|then|has|had|once|again|further))+$", "", np_text)
        verb_end = offset + m.end()
        if np_text:
            entity = self.doc.resolve(np_text, offset + head.index(np_text) if np_text in head else offset)
            if entity is None:
                return None
            self.doc.mention(entity, offset + max(0, head.find(np_text)), np_text)
            self.consumed.add(offset + m.start())
            rest = self.doc.text[verb_end : verb_end + 200]
            self.after_attribution(entity, rest, verb_end)
            return entity, self.attribution_end(verb_end)
        # "said Maria Rossi, 64, who was evacuated ..." / "said the minister"
        rest = head[m.end() :]
        inv = re.match(r"^\s+([^,.;\"“”]{2,80}?)(?=\s*(?:[,.;]|$|\s+(?:in|on|at|to|when|after)\s))", rest)
        if not inv:
            return None
        np_text = inv.group(1)
        appos = re.match(r"^,\s*([^,.;\"“”]{2,120}?)\s*[,.]", rest[inv.end() :])
        phrase = np_text + (", " + appos.group(1) if appos and not appos.group(1)[0].isdigit() else "")
        entity = self.doc.resolve(phrase, offset + m.end() + inv.start(1))
        if entity is None:
            return None
        self.doc.mention(entity, offset + m.end() + inv.start(1), np_text)
        self.consumed.add(offset + m.start())
        return entity, self.attribution_end(offset + m.end() + inv.end())

    def attribution_end(self, pos: int) -> int:
        """The end of an attribution: the next comma, the sentence end or an opening quote."""
        text = self.doc.text
        m = re.compile(r"[,.;\"“]").search(text, pos)
        return m.start() if m else len(text)

    def after_attribution(self, entity: _Entity, rest: str, offset: int) -> None:
        """`"...," Kaya said, adding that people should not enter damaged buildings.`"""
        m = re.match(r"^[^.\"“”]{0,60}?,\s+(?:adding|saying|noting|warning|stressing)\s+(?:that\s+)?", rest)
        if not m:
            return
        start = offset + m.end()
        end = _clause_end(self.doc.text, start)
        clause = self.doc.text[start:end]
        if _looks_like_clause(clause) or clause.lower().startswith(("people", "the", "a ")):
            mode = "reported"
            self.add(entity, clause, start, end, mode)

    def attribution_before(self, before: str, offset: int, q_start: int) -> _Entity | None:
        """The speaker named before a quotation: `X said: "`, `X affirmed that "`, `the manager said: "`."""
        matches = list(_VERB_RE.finditer(before))
        if not matches:
            return None
        m = matches[-1]
        between = before[m.end() :]
        if not re.fullmatch(
            r"(?:\s+(?:on\s+\w+|in\s+an?\s+[\w\s]{1,40}?|to\s+[\w\s]{1,30}?|reporters|journalists|[A-Z][\w]*|"
            r"also|later|earlier|again|simply|publicly|Tuesday|Monday|Wednesday|Thursday|Friday|Saturday|Sunday))*"
            r"\s*(?:[:,]|\bthat|—)?\s*",
            between,
        ):
            return None
        prefix = before[: m.start()]
        np_text = _subject_before(prefix)
        if not np_text:
            return None
        entity = self.doc.resolve(np_text, offset + max(0, prefix.rfind(np_text)))
        if entity is not None:
            self.doc.mention(entity, offset + max(0, prefix.rfind(np_text)), np_text)
            self.pending_verb = (offset + m.start(), offset + m.end())
        return entity

    def emit_quote(self, entity: _Entity, parts: list[tuple[int, int]], sentence: _Sentence) -> None:
        text = self.doc.text
        pieces = []
        for p_start, p_end in parts:
            piece = _strip_quotes(text[p_start:p_end]).strip()
            pieces.append(piece)
        joined = pieces[0]
        for piece in pieces[1:]:
            if joined.endswith(",") and piece[:1].isupper():
                joined = joined[:-1] + "."
            joined = f"{joined} {piece}"
        self.add(entity, joined, parts[0][0], parts[-1][1], "quote")

    def continue_quote(self, parts: list[tuple[int, int]], sentence: _Sentence) -> None:
        doc = self.doc
        if not self.found:
            return
        last = self.found[-1]
        if last.mode != "quote" or sentence.paragraph - doc.paragraph_of(last.start) > 1:
            return
        between = doc.text[last.end : parts[0][0]]
        # Only when nobody else was named in between.
        if any(
            last.end <= m.pos and m.entity is not last.entity and m.entity.kind == "person"
            for m in doc.mentions_before(parts[0][0])
            if m.pos >= last.end
        ):
            return
        piece = _strip_quotes(doc.text[parts[0][0] : parts[-1][1]]).strip()
        if doc.paragraph_of(last.start) == sentence.paragraph and len(between) < 120:
            joined = last.text
            if joined.endswith(","):
                joined = joined[:-1] + "."
            last.text = _clean_claim_text(f"{joined} {piece}", last.entity, "quote")
            last.end = parts[-1][1]
        else:
            self.add(last.entity, piece, parts[0][0], parts[-1][1], "quote")

    # -- reported speech -------------------------------------------------------------------------

    def reported_in(self, sentence: _Sentence) -> None:
        doc = self.doc
        text = doc.text
        s = text[sentence.start : sentence.end]
        taken_until = 0  # relative end of the last clause taken, so nested verbs are skipped
        last_entity: _Entity | None = None
        # "According to X, CLAUSE." / "CLAUSE, according to X."
        for m in re.finditer(r"\b[Aa]ccording to\s+", s):
            if doc.in_quote(sentence.start + m.start()):
                continue
            if m.start() == 0 or re.fullmatch(r"\W*", s[: m.start()]):
                comma = s.find(",", m.end())
                if comma == -1:
                    continue
                source = s[m.end() : comma]
                entity = doc.resolve(source, sentence.start + m.end())
                if entity is None:
                    continue
                doc.mention(entity, sentence.start + m.end(), source)
                c_start = comma + 1
                while c_start < len(s) and s[c_start] == " ":
                    c_start += 1
                c_end = _clause_end(s, c_start)
                self.add(entity, s[c_start:c_end], sentence.start + c_start, sentence.start + c_end, "reported")
                taken_until = max(taken_until, c_end)
            elif s[m.start() - 2 : m.start()] == ", ":
                src_end = _first_of(s, m.end(), ",.;")
                source = s[m.end() : src_end]
                entity = doc.resolve(source, sentence.start + m.end())
                if entity is None:
                    continue
                c_start = _clause_start_before(s, m.start() - 2)
                clause = s[c_start : m.start() - 2]
                self.add(entity, clause, sentence.start + c_start, sentence.start + m.start() - 2, "reported")
                doc.mention(entity, sentence.start + m.end(), source)
                taken_until = max(taken_until, src_end)
        for m in _VERB_RE.finditer(s):
            v_start = sentence.start + m.start()
            verb = m.group(1)
            if m.start() < taken_until or doc.in_quote(v_start) or (verb in _QUOTE_ONLY_VERBS and verb != "wrote"):
                continue
            if v_start in self.consumed:
                continue
            prefix = s[: m.start()]
            coordinated = re.search(r"(?:,\s*|\s)(?:and|but)\s+(?:also\s+|later\s+|then\s+)?$", prefix)
            if coordinated and last_entity is not None:
                entity = last_entity
            else:
                np_text = _subject_before(prefix)
                if not np_text:
                    continue
                entity = doc.resolve(np_text, sentence.start + max(0, prefix.rfind(np_text)))
                if entity is None:
                    continue
                trailing = self.trailing_attribution(s, m, prefix, np_text, entity, sentence)
                if trailing:
                    last_entity = entity
                    taken_until = max(taken_until, m.end())
                    continue
                doc.mention(entity, sentence.start + max(0, prefix.rfind(np_text)), np_text)
            last_entity = entity
            end = self.reported_clause(s, m, entity, sentence)
            if end:
                taken_until = max(taken_until, end)
        self.participles_in(s, sentence, taken_until, last_entity)
        self.blame_in(s, sentence)

    def participles_in(self, s: str, sentence: _Sentence, taken_until: int, entity: _Entity | None) -> None:
        """`X welcomed the decision, saying ...`, `..., adding that ...`: the sentence subject speaks."""
        doc = self.doc
        for m in re.finditer(r",\s+(?:adding|saying|noting|insisting|stressing|warning|arguing)\s+(?:that\s+)?", s):
            if m.start() < taken_until - 1 or doc.in_quote(sentence.start + m.start()):
                continue
            speaker = entity
            if speaker is None:
                subject = _leading_subject(s[: m.start()])
                speaker = doc.resolve(subject, sentence.start) if subject else None
                if speaker is None:
                    continue
                doc.mention(speaker, sentence.start, subject)
            start = m.end()
            end = _clause_end(s, start)
            if start < end and (_looks_like_clause(s[start:end]) or s[start : start + 1] in '"“'):
                self.add(speaker, s[start:end], sentence.start + start, sentence.start + end, "reported")
                taken_until = end

    def blame_in(self, s: str, sentence: _Sentence) -> None:
        """`He blamed "a flood of false information" for the decline.`"""
        doc = self.doc
        for m in re.finditer(r"\bblamed\s+(?P<cause>.{3,120}?)\s+for\s+", s):
            if doc.in_quote(sentence.start + m.start()):
                continue
            subject = _subject_before(s[: m.start()])
            speaker = doc.resolve(subject, sentence.start + max(0, s.find(subject))) if subject else None
            if speaker is None:
                continue
            end = _clause_end(s, m.end())
            text = f"{_strip_quotes(m.group('cause'))} was to blame for {s[m.end() : end]}"
            self.add(speaker, text, sentence.start + m.start("cause"), sentence.start + end, "reported")

    def trailing_attribution(self, s, m, prefix, np_text, entity, sentence) -> bool:
        """`CLAUSE, the union said.`: the speaker follows its (unquoted) claim."""
        after = s[m.end() :]
        if not re.fullmatch(r"(?:\s+(?:on|in|at|late|early)?\s*[\w\s]{0,30}?)?\s*[.!?]?\s*", after):
            return False
        np_at = prefix.rfind(np_text)
        lead = prefix[:np_at].rstrip()
        if not lead.endswith(","):
            return False
        clause_end = len(lead) - 1
        if self.doc.in_quote(sentence.start + clause_end):
            return False
        c_start = _clause_start_before(s, clause_end)
        clause = s[c_start:clause_end]
        if re.search(r"[\"“”]\s*$", clause) or len(_words(clause)) < 4:
            return False
        self.doc.mention(entity, sentence.start + np_at, np_text)
        self.add(entity, clause, sentence.start + c_start, sentence.start + clause_end, "reported")
        return True

    def reported_clause(self, s: str, m: re.Match, entity: _Entity, sentence: _Sentence) -> int:
        """Take the clause a speech verb introduces; returns its end (relative) or 0."""
        verb = m.group(1)
        after = s[m.end() :]
        start_rel = None
        that = _AFTER_VERB_SKIP.match(after)
        if that and _only_adverbials(after[: that.end()]):
            start_rel = m.end() + that.end()
        elif verb in _BARE_OK:
            lead = re.match(r"^\s+(?:(?:also|later|earlier|on\s+\w+day|\w+day)\s+)?", after)
            if verb in {"told", "tells"}:
                lead = re.match(r"^\s+(?:reporters|journalists|the\s+\w+|[A-Z]\w+)\s+", after)
                if not lead:
                    return 0
            candidate = m.end() + (lead.end() if lead else 0)
            rest = s[candidate:]
            if rest[:1] in {":", ","}:
                return 0
            if rest[:1] in {'"', "“"} or _looks_like_clause(rest):
                start_rel = candidate
        if start_rel is None:
            return 0
        while start_rel < len(s) and s[start_rel] == " ":
            start_rel += 1
        end_rel = _clause_end(s, start_rel)
        clause = s[start_rel:end_rel]
        if not clause.strip() or len(_words(clause)) < 2:
            return 0
        stripped = clause.strip()
        fully_quoted = bool(re.fullmatch(r"[\"“][^\"“”]+[\"”]\W*", stripped))
        if fully_quoted and self._quote_claimed(sentence.start + start_rel):
            return end_rel
        if verb in _DENIAL_VERBS:
            clause = "It is not true that " + _strip_quotes(clause)
        mode = "quote" if fully_quoted else "reported"
        self.add(entity, clause, sentence.start + start_rel, sentence.start + end_rel, mode)
        # "... and that CLAUSE": another claim of the same speaker.
        nxt = re.match(r",?\s+and\s+that\s+", s[end_rel:])
        if nxt:
            c2 = end_rel + nxt.end()
            e2 = _clause_end(s, c2)
            self.add(entity, s[c2:e2], sentence.start + c2, sentence.start + e2, "reported")
            end_rel = e2
        return end_rel

    def _quote_claimed(self, pos: int) -> bool:
        return any(f.start <= pos + 1 < f.end or f.start == pos for f in self.found[-20:])

    # -- embedded allegations -------------------------------------------------------------------

    def alleged_in(self, sentence: _Sentence) -> None:
        """`..., from where missiles were allegedly flying ...`: the claim of the clause's actor."""
        doc = self.doc
        s = doc.text[sentence.start : sentence.end]
        for m in re.finditer(
            r",\s+(?P<rel>from where|where|from which|which|who)\s+(?P<body>[^,;\"“”]*?\b"
            r"(?:allegedly|reportedly|purportedly|supposedly)\b[^;\"“”]*?)(?=[.;]?$|[.;]\s)",
            s,
        ):
            if doc.in_quote(sentence.start + m.start()):
                continue
            head = s[: m.start()]
            antecedent = re.search(r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s*$", head)
            actor = None
            for subj in reversed(list(_ACTOR_SUBJECT_RE.finditer(head))):
                actor = doc.resolve(subj.group(1), sentence.start + subj.start())
                if actor is not None and actor.kind != "outlet":
                    break
                actor = None
            if actor is None or antecedent is None:
                continue
            # The report word stays in the claim's words (the outlet's distance, as written); the
            # actor's stance stays an assertion: it is the actor who says the missiles flew.
            body = m.group("body")
            place = antecedent.group(1)
            rel = m.group("rel")
            if rel in {"from where", "from which"}:
                clause = _insert_after_verb(body, f"from {place}")
            elif rel == "where":
                clause = _insert_after_verb(body, f"in {place}")
            else:
                clause = f"{place} {body}"
            start = sentence.start + m.start("rel")
            end = sentence.start + m.end("body")
            self.add(actor, clause, start, end, "reported")

    def add(self, entity: _Entity, text: str, start: int, end: int, mode: str, surface: str = "") -> _Found | None:
        text = _clean_claim_text(text, entity, mode)
        if not text or len(_words(text)) < 2 or start >= end:
            return None
        found = _Found(entity, text, start, end, mode)
        self.found.append(found)
        return found

    # -- output ------------------------------------------------------------------------------

    def finish(self) -> list[Claim]:
        found = sorted(self.found, key=lambda f: (f.start, -(f.end - f.start)))
        kept: list[_Found] = []
        for f in found:
            # One claim per span: a quotation inside a reported clause of the same speaker is not repeated.
            recent = kept[-20:]
            if any(k.entity is f.entity and k.start <= f.start and f.end <= k.end for k in recent):
                continue
            if any(k.start == f.start and k.end == f.end for k in recent):
                continue
            kept.append(f)
        speakers = {id(e): e.speaker() for e in self.doc.entities}
        claims = []
        for f in kept:
            speaker = speakers.get(id(f.entity)) or f.entity.speaker()
            claims.append(Claim(speaker=speaker, text=f.text, start=f.start, end=f.end, mode=f.mode))
        return claims


def _only_adverbials(s: str) -> bool:
    """Whether the words before a "that" are adverbials, not a clause of their own."""
    words = [w.lower() for w in _words(s)][:-1]
    if any(c in s for c in ',;:"“”'):
        return False
    return not any(w in _AUX or w in _SUBJECT_PRONOUNS - {"it"} or _VERB_RE.fullmatch(w) for w in words)


def _first_of(s: str, start: int, chars: str) -> int:
    positions = [p for p in (s.find(c, start) for c in chars) if p != -1]
    return min(positions) if positions else len(s)


def _clause_start_before(s: str, end: int) -> int:
    """Start of the clause that ends at `end`: the sentence start or after a leading adverbial."""
    start = 0
    lead = re.match(r"^\s*(?:(?:However|Meanwhile|Earlier|Later|Separately|Still|Yet),\s+)", s)
    if lead and lead.end() < end:
        start = lead.end()
    return start


_SUBJECT_STARTS = {
    "the", "a", "an", "his", "her", "its", "their", "one", "two", "three", "several", "some", "police",
    "he", "she", "it", "they", "officials", "analysts", "experts", "meteorologists", "prosecutors",
}  # fmt: skip


def _subject_before(prefix: str) -> str:
    """The subject phrase that ends a clause before a speech verb ('' when there is none)."""
    p = prefix.rstrip()
    # Drop adverbs and auxiliaries between subject and verb: "Lukashenko also", "X has".
    while True:
        m = re.search(r"\s+(?:also|later|earlier|previously|repeatedly|reportedly|again|then|has|had|have|"
                      r"once|further|himself|herself|itself|themselves|separately|publicly|privately|"
                      r"recently|now|today|yesterday|first|only|already)$", p)  # fmt: skip
        if not m:
            break
        p = p[: m.start()]
    interruption = ""
    if p.endswith(","):
        # An interruption between subject and verb: ", the secretary of ...,", ", who ...,".
        inner = p[:-1]
        depth, cut = 0, -1
        for idx in range(len(inner) - 1, -1, -1):
            ch = inner[idx]
            if ch == ")":
                depth += 1
            elif ch == "(":
                depth -= 1
            elif ch == "," and depth == 0:
                cut = idx
                break
        if cut == -1:
            return ""
        interruption = inner[cut + 1 :].strip()
        p = inner[:cut]
        if re.match(r"^\d+$", interruption):
            interruption = ""
    # The subject starts after the last clause boundary.
    cut = max(p.rfind(", "), p.rfind("; "), p.rfind(": "))
    for m in re.finditer(r"\b(?:while|whereas|but|and then|although|though|because)\s+", p):
        cut = max(cut, m.end() - 2)
    subject = p[cut + 1 :].strip() if cut >= 0 else p.strip()
    subject = _DISCOURSE_START.sub("", subject).strip()
    if re.search(r"[\"“”]", subject) or not subject:
        return ""
    if len(_words(subject)) > 16:
        return ""
    # A subject starts with a capital, a determiner or a possessive; a lowercase verb phrase is no subject.
    first = _words(subject)[0] if _words(subject) else ""
    if not first or not (_cap(first) or first.lower() in _SUBJECT_STARTS):
        return ""
    if interruption:
        return f"{subject}, {interruption}"
    return subject


def _leading_subject(prefix: str) -> str:
    """The name phrase a sentence starts with: "Finance Minister Andrzej Kowalczyk" (welcomed ...)."""
    text = _DISCOURSE_START.sub("", prefix.strip()).strip(" ,")
    words = text.split()
    taken: list[str] = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        low = w.lower().strip(",")
        if _cap(w) or low in _PERSON_TITLE_WORDS or (low in {"the", "a", "an", "of", "for", "and"} and _cap(nxt)):
            taken.append(w)
            if w.endswith(","):
                break
            continue
        break
    return " ".join(taken).strip(" ,")


# A capitalised actor in subject position: "Ukraine had (not launched ...)".
_ACTOR_SUBJECT_RE = re.compile(
    r"\b([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s+(?:had|has|have|was|is|were|are|would|will|did|could|should)\b"
)


def _insert_after_verb(clause: str, phrase: str) -> str:
    words = clause.split()
    for i, w in enumerate(words):
        if i > 0 and (w.endswith("ing") or (w.endswith("ed") and words[i - 1].lower() in _AUX)):
            return " ".join([*words[: i + 1], phrase, *words[i + 1 :]])
    return f"{clause} {phrase}"


def extract_by_rules(text: str) -> list[Claim]:
    """Every claim a source makes in `text`, in document order; [] when there is none.

    Odd input (empty, huge, unbalanced quotation marks) gives what can be read; a bug in the rules
    raises, so that ingest reports the file instead of storing it without its statements.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    return _Extractor(text[:_MAX_DOCUMENT]).run()
