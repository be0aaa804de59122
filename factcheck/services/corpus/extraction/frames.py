"""Speech acts in a parsed paragraph: who speaks (the subject of a speech verb), what they say
(its clausal complement, or the object of "denied", "dismissed", "confirmed", or an object with
its complement: "accused X of Y") and how (denies, withholds judgement, relays an outlet).

A speech verb ("said", "told", "denied", "confirmed", "tweeted", … see SPEECH) outside quotation
marks, with its subject (inherited by "and added", "…, saying"), makes a `Frame`; so does
"according to X" with the clause it hangs on, and "As The Mirror reports, …". `attribution.py`
turns frames and quotations into claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from factcheck.services.corpus.extraction import names

SPEECH = {
    "say", "tell", "add", "state", "claim", "confirm", "deny", "insist", "warn", "explain", "announce",
    "report", "write", "tweet", "post", "allege", "assert", "argue", "suggest", "admit", "acknowledge",
    "note", "reveal", "disclose", "declare", "stress", "emphasise", "emphasize", "underline", "underscore",
    "reiterate", "repeat", "maintain", "contend", "predict", "estimate", "promise", "vow", "caution",
    "complain", "concede", "hint", "testify", "reply", "respond", "answer", "recall", "observe", "remark",
    "comment", "dismiss", "reject", "refute", "rebut", "dispute", "accuse", "believe", "indicate", "quote",
    "continue", "conclude", "clarify", "boast", "brag", "joke", "quip", "shout", "scream",
    "exclaim", "ask", "urge", "demand", "describe", "label", "brand", "blame", "speculate", "fear",
    "reckon", "think", "know", "understand", "learn", "hear", "show", "find", "determine", "identify",
    "point", "mention", "relay", "share", "caption", "surmise", "theorise", "theorize", "guess",
    "forecast", "project", "calculate", "assure", "advise", "inform", "notify", "affirm", "contest",
    "condemn", "denounce", "criticise", "criticize",
}  # fmt: skip
# Verbs that need a source to be a speech verb: "the video shows", "the study found" are claims of
# the text (its author), "he knows" is not speech; kept only with a clause or a quotation.
NEEDS_CLAUSE = {"believe", "think", "know", "understand", "learn", "hear", "show", "find", "fear", "determine", "guess"}
# Verbs whose own clause is not a claim ("asked why", "urged them to"): only quotations they attribute count.
QUOTE_ONLY = {"ask", "urge", "demand", "continue"}
DENY = {"deny", "dismiss", "reject", "refute", "rebut", "dispute"}
HEDGED_WHEN_NEGATED = {"confirm", "verify", "know", "say"}
CLAUSE_DEPS = {"ccomp", "xcomp", "parataxis"}
OBJECT_DEPS = {"dobj", "attr", "oprd"}
OBJECT_VERBS = DENY | {
    "confirm",
    "announce",
    "reveal",
    "disclose",
    "admit",
    "acknowledge",
    "predict",
    "estimate",
    "report",
}
# Verbs whose claim is an object with its complement: "accused Ram Rahim of grievous bodily harm",
# "identified Baghdadi's wife as Sagia Dulaimi", "denounced the group for its tactics".
COMPLEMENTS = {
    "accuse": {"of"}, "identify": {"as"}, "describe": {"as"}, "confirm": {"as"}, "dismiss": {"as"},
    "brand": {"as"}, "label": {"as"}, "condemn": {"for", "as"}, "denounce": {"for", "as"},
    "criticise": {"for"}, "criticize": {"for"},
}  # fmt: skip
DISMISSIVE = {"rumor", "rumour", "hoax", "nonsense", "baseless", "false", "untrue", "fabrication", "fabricated", "lie",
              "propaganda", "fake", "speculation", "groundless", "absurd", "ridiculous", "unfounded", "wishful",
              "fiction", "myth"}  # fmt: skip


@dataclass
class Frame:
    """A speech act in the text: who (subject token), what (character span), how (verb)."""

    verb: object  # the speech verb token, or "according" / a quotation's stand-in
    subject: object | None  # the head token of the speaker's phrase
    start: int
    end: int
    pos: int  # where the speaker is named, for resolving him against what came before
    deny: bool = False
    hedge: bool = False
    channel: object | None = None  # the head token of a relaying outlet
    according: bool = False
    object_only: bool = False  # the content is the verb's object ("denied the reports")
    quotes: list[tuple[int, int]] = field(default_factory=list)


def _tokens_span(tokens, offset: int) -> tuple[int, int]:
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    return offset + first.idx, offset + last.idx + len(last.text)


def _inside(span: tuple[int, int], spans) -> tuple[int, int] | None:
    for s, e in spans:
        if s <= span[0] and span[1] <= e:
            return s, e
    return None


# ---------------------------------------------------------------------------------------------
# Frames


RELAYS = {"quote", "cite"}
# Verbs whose infinitive is the claim: "claimed to have seen", "vowed to", "denied having".
CLAIMED_INFINITIVE = {"claim", "promise", "vow", "pledge", "threaten", "deny", "admit", "insist", "predict"}


def _relayed(verb):
    """ "Belta quoted Lukashenko as saying ...": (the one quoted, the outlet quoting), else None."""
    head = verb
    for _ in range(3):
        head = head.head
        if head.lemma_.lower() in RELAYS and head is not verb:
            quoted = next((c for c in head.children if c.dep_ == "dobj"), None)
            if quoted is not None:
                return quoted, next((c for c in head.children if c.dep_ == "nsubj"), None)
            return None
        if head.head is head:
            return None
    return None


def _subject_of(verb):
    """The speaker's head token: the verb's subject, or the subject it shares ("and added",
    "…, saying", "who said")."""
    relayed = _relayed(verb)
    if relayed is not None:
        return relayed[0]
    # the subject nearest the verb: "MANAGUA, Nicaragua (AP) — Nicaragua's government said" parses
    # with the dateline as a second subject
    for child in sorted(verb.children, key=lambda c: abs(c.i - verb.i)):
        if child.dep_ in {"nsubj", "csubj"}:
            if child.tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":
                return verb.head
            return child
    mistagged = _mistagged_subject(verb)
    if mistagged is not None:
        return mistagged
    before = verb.doc[verb.i - 1] if verb.i > 1 else None
    if before is not None and before.dep_ == "advmod" and before.text[:1].isupper() and verb.doc[before.i - 1].is_punct:
        return before  # '"That is rumors, fabricated rumors," So said': a surname read as an adverb
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    if (verb.dep_ == "advcl" and verb.tag_ == "VBG") or verb.dep_ == "conj":
        # "…, adding that …", "said A but warned that B": the speaker of the nearest speech verb
        # above, not a subject inside what that verb introduces
        above = verb.head
        for _ in range(4):
            if _is_speech_verb(above) and above is not verb:
                speaker = _subject_of(above)
                if speaker is not None:
                    return speaker
                break  # "was asked about it and replied": the passive subject below
            if above.head is above:
                break
            above = above.head
    if verb.dep_ in {"conj", "xcomp", "advcl"} and verb.head is not verb and verb.head.pos_ in {"VERB", "AUX"}:
        # "Stan was overcome with emotion and said": a passive subject is shared too.
        shared = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        return _subject_of(verb.head) or shared
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ == "acl" and verb.tag_ == "VBG":  # "a statement denying reports"
        return verb.head
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in {"VERB", "AUX"}:
        # "is quoted as arguing", "said before adding": the verb the preposition hangs on speaks
        head = verb.head.head
        return _subject_of(head) or next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    return None


def _passive(verb) -> bool:
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
        return not any(c.dep_ == "agent" for c in verb.children)
    return verb.tag_ == "VBN" and verb.dep_ in {"acl", "amod"} and not any(c.dep_ == "agent" for c in verb.children)


def _negated(verb) -> bool:
    return any(child.dep_ == "neg" for child in verb.children)


def _confirm_or_deny(verb) -> bool:
    """ "declined to confirm or deny that ...", "would neither confirm nor deny ...": judgement
    withheld, not a denial."""
    return verb.dep_ == "conj" and verb.head.lemma_.lower() in {"confirm", "verify"}


def _content(verb):
    """The token heading what the verb introduces, and whether it is an object (not a clause)."""
    clauses = [c for c in verb.children if c.dep_ in CLAUSE_DEPS and c.i > verb.i - 40]
    lemma = verb.lemma_.lower()
    if lemma not in CLAIMED_INFINITIVE:
        # "told him to leave", "believed to be 31", "say hello": an order or a description, no claim
        clauses = [c for c in clauses if c.dep_ != "xcomp"]
    if clauses:
        return clauses, False
    complemented = _object_with_complement(verb, COMPLEMENTS.get(lemma, ()))
    if complemented:
        return complemented, True
    if lemma in OBJECT_VERBS:
        objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS and c.pos_ != "PRON"]
        if objects and len(list(objects[0].subtree)) >= (2 if lemma in DENY else 3):
            return objects, True
    # "said in a statement that ...": the clause hangs on the preposition's object at times.
    for child in verb.children:
        if child.dep_ == "prep":
            for grandchild in child.subtree:
                marked = grandchild.dep_ == "acl" and any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in grandchild.children
                )
                if grandchild.dep_ == "ccomp" or marked:
                    return [grandchild], False
    return [], False


def _object_with_complement(verb, preps) -> list:
    """The object and what the verb says of it ("accused X of Y", "described X as Y"), or []."""
    if not preps:
        return []
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.tag_ in {"WP", "WDT"}:  # "whom it identified as a son": said of someone named before
        return []
    for child in [*verb.children, *obj.children]:
        marked = child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in preps for m in child.children)
        if child.i > obj.i and ((child.dep_ == "prep" and child.lower_ in preps) or marked):
            return [obj, child]
    return []


def _dismissive(heads, object_only: bool) -> bool:
    """ "described reports of Ebola in Mosul as rumour", "branded the video as a hoax": a denial."""
    return object_only and len(heads) == 2 and any(t.lemma_.lower() in DISMISSIVE for t in heads[1].subtree)


def _channel_of(verb):
    """An outlet the speaker told or spoke to: "told CNN", "said in an interview with the BBC",
    "said, as quoted by Belta", "Belta quoted X as saying"."""
    relayed = _relayed(verb)
    if relayed is not None and relayed[1] is not None:
        return relayed[1]
    for child in verb.children:
        if child.dep_ == "advcl" and child.lemma_.lower() in RELAYS:
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            source = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if source is not None:
                return source
        if child.dep_ in {"dobj", "dative"} and verb.lemma_.lower() == "tell" and child.pos_ == "PROPN":
            return child
        if child.dep_ == "prep" and child.text.lower() in {"to", "with", "on"}:
            for grandchild in child.children:
                if grandchild.dep_ == "pobj" and grandchild.pos_ == "PROPN" and grandchild.ent_type_ in {"ORG", ""}:
                    return grandchild
        if child.dep_ == "prep" and child.text.lower() == "in":
            for token in child.subtree:
                if token.dep_ == "pobj" and token.pos_ == "PROPN" and token.head.text.lower() in {"with", "to"}:
                    return token
    return None


def frames_in(doc, offset: int, quotes: list[tuple[int, int]]) -> list[Frame]:
    found = []
    for token in doc:
        pos = offset + token.idx
        if _inside((pos, pos + 1), quotes):
            continue
        lemma = token.lemma_.lower()
        if lemma == "accord" and token.text.lower() == "according":
            frame = _according(token, offset)
            if frame is not None:
                found.append(frame)
            continue
        if not _is_speech_verb(token):
            continue
        if _passive(token) or lemma in RELAYS:
            continue  # "Kim, believed to be 31": what is spoken of; "quoted X as saying": X speaks
        subject = _subject_of(token)
        named_at = offset + (subject.idx if subject is not None else token.idx)
        relay = _relayed(token)
        if subject is not None and subject.pos_ == "PRON" and relay is not None and relay[1] is not None:
            # "Ms. Pressler quoted him saying": "him" is someone named before Pressler, never Pressler
            pos = named_at = offset + relay[1].left_edge.idx
        heads, object_only = _content(token)
        as_reports = _as_reports(token, subject, offset) if not heads else None
        if as_reports is not None:
            found.append(as_reports)
            continue
        if not heads:
            trailing = _trailing(token, subject, offset)
            if trailing is not None:
                found.append(Frame(token, subject, *trailing, pos, channel=_channel_of(token)))
            else:
                found.append(Frame(token, subject, -1, -1, pos, channel=_channel_of(token)))  # quoted words, maybe
            continue
        if lemma in NEEDS_CLAUSE and object_only:
            continue
        if lemma in QUOTE_ONLY:
            found.append(Frame(token, subject, -1, -1, pos, channel=_channel_of(token)))
            continue
        tokens = [t for head in heads for t in head.subtree]
        nested = [
            t
            for t in tokens
            if t.i > token.i
            and _is_speech_verb(t)
            and t.dep_ in {"advcl", "conj"}
            and not _inside((offset + t.idx, offset + t.idx + 1), quotes)  # "'While I think ...'" is quoted
            and _content(t)[0]
        ]
        if nested:  # "said A, adding that B", "said A but warned that B": B is the other verb's own claim
            cut = min(min(x.i for x in t.subtree) for t in nested)
            tokens = [t for t in tokens if t.i < cut]
        if not tokens:  # the verb still attributes the quotation beside it
            found.append(Frame(token, subject, -1, -1, pos, channel=_channel_of(token)))
            continue
        start, end = _tokens_span(tokens, offset)
        if not object_only and not nested and min(t.i for t in tokens) > token.i:
            end = max(end, _sentence_rest(token, max(t.i for t in tokens), offset))
        if lemma == "point" and not any(c.dep_ == "prt" for c in token.children):
            continue
        negated, withheld = _negated(token), _confirm_or_deny(token)
        found.append(
            Frame(
                token,
                subject,
                start,
                end,
                named_at,
                deny=(lemma in DENY or _dismissive(heads, object_only)) and not negated and not withheld,
                hedge=(negated and lemma in HEDGED_WHEN_NEGATED) or withheld,
                channel=_channel_of(token),
                object_only=object_only,
            )
        )
    return found


# Forms the tagger sometimes takes for nouns ("As The Mirror reports, ...").
SPEECH_FORMS = {"said", "says", "told", "tells", "reported", "reports", "added", "adds", "claimed", "claims", "wrote",
                "writes", "tweeted", "posted", "stated", "states", "insisted", "confirmed", "denied"}  # fmt: skip


def _is_speech_verb(token) -> bool:
    if token.lemma_.lower() in SPEECH and token.pos_ in {"VERB", "AUX"}:
        return True
    if token.text.lower() in SPEECH_FORMS and any(c.dep_ == "nsubj" for c in token.children):
        return True
    # "South Korean media claim that ...": the tagger's noun "claim" with its subject as a compound
    return _mistagged_subject(token) is not None


def _mistagged_subject(token):
    """The subject of a speech verb the tagger read as a noun heading the sentence, or None."""
    if token.dep_ != "ROOT" or token.pos_ != "NOUN" or token.lemma_.lower() not in SPEECH:
        return None
    if not any(c.dep_ == "ccomp" for c in token.children):
        return None
    return next((c for c in reversed(list(token.lefts)) if c.dep_ == "compound"), None)


def _as_reports(token, subject, offset: int) -> Frame | None:
    """ "As The Mirror reports, CLAUSE": the subject speaks the clause the verb hangs on."""
    if token.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
        return None
    span = _clause_without(token.head, token, offset) if subject is not None else None
    if span is None:
        return None
    return Frame(token, subject, *span, offset + subject.idx, according=True)


# Where a reported clause stops: another speech act, a contrast of the writer's, a new clause.
STOP_WORDS = {"according", "while", "whereas", ";", "although", "though"}


def _sentence_rest(verb, last: int, offset: int) -> int:
    """The end of what the verb introduces when the parse cut it short: the rest of the sentence
    ("tells the Mail that A ..., and has more hope ..."), up to another speech act or a stop word."""
    sentence = verb.sent
    end_token = None
    for token in sentence:
        if token.i <= last:
            continue
        if token.lower_ in STOP_WORDS or (_is_speech_verb(token) and token.i != verb.i):
            break
        end_token = token
    if end_token is None:
        return -1
    return offset + end_token.idx + len(end_token.text)


def _trailing(verb, subject, offset: int) -> tuple[int, int] | None:
    """ "CLAUSE, a source familiar with the matter said on Wednesday": the sentence before the
    speaker, when the parse did not hang it on the verb."""
    if subject is None:
        return None
    sentence = verb.sent
    phrase = names.phrase_tokens(subject) or [subject]
    first = min(t.i for t in phrase) if subject.i < verb.i else verb.i
    before = verb.doc[sentence.start : first]
    if len(before) < 5 or before[-1].text not in {",", "—", "–", "-"}:
        return None
    tokens = [t for t in before[:-1] if not (t.is_punct and t.i == sentence.start)]
    if not tokens or any(t.text in '"“”' for t in tokens):
        return None
    return _tokens_span(tokens, offset)


def _clause_without(clause, phrase, offset: int) -> tuple[int, int] | None:
    """The clause's span without the phrase (an "according to X" or an "as X said"): the longer of
    the parts before and after it."""
    own = {t.i for t in phrase.subtree}
    first, last = min(own), max(own)
    before = [t for t in clause.subtree if t.i < first]
    after = [t for t in clause.subtree if t.i > last]
    tokens = before if len(before) >= len(after) else after
    tokens = [t for t in tokens if not t.is_punct or t.text not in ",;:—–-"]
    if not tokens:
        return None
    return _tokens_span(tokens, offset)


def _according(token, offset: int) -> Frame | None:
    """ "according to X, CLAUSE" or "CLAUSE, according to X": X speaks the clause."""
    to = next((c for c in token.children if c.text.lower() == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if source is None:  # "according a think tank"
        source = next((c for c in token.children if c.dep_ in {"pobj", "dobj"}), None)
    if source is None:
        return None
    clause = token.head
    if clause is token:
        return None
    span = _clause_without(clause, token, offset)
    if span is None:
        return None
    start, end = span
    return Frame(token, source, start, end, offset + source.idx, according=True)
