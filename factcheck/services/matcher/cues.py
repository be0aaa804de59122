"""Surface cues that say why two statements clash: hedges, denials, negations, numbers, antonyms, names.

Rules, not a model: they name the kind of a pair the cross-encoder already scores as a
contradiction, pick the words a page highlights, and give the calibration a few features.
"""

import re
from dataclasses import dataclass, field

from factcheck.services.matcher.lexicon import read

# Part of the scorer's version: pairs scored under other rules are scored again.
RULES_VERSION = "3"  # 3: a guess ("may", "likely") is no hedge; 2: numbers, dates, antonyms only where aligned

WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d+(?:[.,:]\d+)*%?")

# Opposite directions: a word of one set on one side and of the other set on the other side.
# Inflected forms are listed (no stemmer); multi-word entries are matched as phrases.
ANTONYM_GROUPS = [
    (
        "rose rise rises rising risen climbed climb climbs increased increase increases jumped soared surged "
        "grew grown grow growing accelerated gained gains higher more expanded improved improving "
        "strengthened above record-high",
        "fell fall falls falling fallen dropped drop drops decreased decrease decreases slid slumped plunged "
        "shrank shrunk contracted slowed declined decline declining lower fewer weakened "
        "deteriorated worsened below lost-ground record-low",
    ),
    (
        "won win wins winning victory winner beat advanced survived qualified",
        "lost lose loses losing defeat beaten eliminated knocked-out",
    ),
    (
        "approved approve approves passed backed accepted accepts upheld authenticated genuine allowed "
        "permitted legal granted",
        "rejected reject rejects voted-down refused overturned blocked vetoed forgery banned forbidden "
        "prohibited illegal denied",
    ),
    (
        "open opened reopened reopen running functioning operating resumed operational working",
        "closed shut idle suspended halted stopped offline",
    ),
    ("agreement agreed respected", "collapsed broke-down failed"),
    ("stable improving recovered fit healthy alive", "critical deteriorated injured dead died"),
    ("guilty convicted", "innocent acquitted cleared"),
    ("started began begins", "ended ends finished"),
    ("hired", "fired"),
    ("support supports supported in-favour", "oppose opposes opposed against"),
    ("present attended", "absent missed"),
    ("calm peaceful", "violent clashes"),
]
ANTONYM_GROUPS = [
    ({w.replace("-", " ") for w in up.split()}, {w.replace("-", " ") for w in down.split()})
    for up, down in ANTONYM_GROUPS
]
ANTONYM_WORDS = {word for group in ANTONYM_GROUPS for side in group for word in side}
ANTONYM_WINDOW = 4  # words either side of an antonym that say what it is said of
DATE_OVERLAP = 0.5
NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
    "dozens": 24,
    "million": 1e6,
    "billion": 1e9,
    "half": 0.5,
}
MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}
STOP = {
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "and",
    "or",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "that",
    "this",
    "it",
    "its",
    "by",
    "with",
    "from",
    "as",
    "said",
    "says",
    "will",
    "would",
    "he",
    "she",
    "they",
    "we",
    "i",
    "his",
    "her",
    "their",
    "our",
    "there",
    "after",
}
NON_NAMES = {
    "The",
    "A",
    "An",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "There",
    "This",
    "That",
    "In",
    "On",
    "At",
    "Our",
    "His",
    "Her",
    "Their",
    "No",
    "Not",
    "US",
    "President",
    "Minister",
    "Mr",
    "Ms",
    "Mrs",
    "Dr",
}
NON_NAMES |= {m.capitalize() for m in MONTHS}


def words(text: str) -> list[str]:
    return WORD.findall(text)


def _value(token: str) -> str | None:
    low = token.lower().rstrip("%")
    if low[:1].isdigit():
        return low.replace(",", "")
    if low in NUMBER_WORDS:
        value = NUMBER_WORDS[low]
        return str(int(value)) if value == int(value) else str(value)
    return None


def _head(token: str) -> str:
    """A content word in a comparable form: lower case, a plural's s taken off."""
    low = token.lower().strip("'’")
    return low[:-1] if len(low) > 3 and low.endswith("s") and not low.endswith("ss") else low


def _is_year(value: str) -> bool:
    return len(value) == 4 and value.isdigit() and 1900 <= int(value) <= 2099


MONEY = re.compile(r"[$£€]\s?(\d[\d,]*(?:\.\d+)?)\s?(bn|billion|tn|trillion|mn|m|million|k|thousand)?\b", re.I)
MAGNITUDES = {"bn": 1e9, "billion": 1e9, "tn": 1e12, "trillion": 1e12, "mn": 1e6, "m": 1e6, "million": 1e6}
MAGNITUDES |= {"k": 1e3, "thousand": 1e3}


def _quantities(text: str) -> list[tuple[str, set[str]]]:
    """Each number with what it counts: the content words around it ("12 people were killed" ->
    ("12", {people, killed})); sums of money in one unit ("$1bn" / "$400m"). Years are dates,
    not quantities."""
    found = [
        (f"{float(amount.replace(',', '')) * MAGNITUDES.get((scale or '').lower(), 1):g}", {"money"})
        for amount, scale in MONEY.findall(text)
    ]
    tokens = words(MONEY.sub(" money ", text))
    for i, token in enumerate(tokens):
        value = _value(token)
        if value is None or _is_year(value):
            continue
        after = [t for t in tokens[i + 1 : i + 6] if t.lower() not in STOP and _value(t) is None][:3]
        before = [t for t in tokens[max(0, i - 2) : i] if t.lower() not in STOP and _value(t) is None][-1:]
        found.append((value, {_head(t) for t in after + before}))
    return found


def _aligned_numbers(text_a: str, text_b: str) -> tuple[list[str], list[str]]:
    """Numbers that count the same thing differently on the two sides ("12 killed" / "40 killed");
    a number of one thing is never compared with a number of another ("12 killed" / "40 arrested")."""
    quantities_a, quantities_b = _quantities(text_a), _quantities(text_b)
    differ_a, differ_b = set(), set()
    for value_a, heads_a in quantities_a:
        same_thing = [value_b for value_b, heads_b in quantities_b if heads_a & heads_b]
        if same_thing and value_a not in same_thing:
            differ_a.add(value_a)
            differ_b.update(v for v in same_thing if v not in {v for v, _ in quantities_a})
    return sorted(differ_a), sorted(differ_b)


def _dates(text: str) -> set[str]:
    found = {t.lower() for t in words(text) if t.lower() in MONTHS}
    return found | {t for t in words(text) if _is_year(t)}


def _names(text: str) -> set[str]:
    tokens = words(text)
    names = set()
    for i, token in enumerate(tokens):
        if token[:1].isupper() and token not in NON_NAMES and not (i == 0 and token.lower() in STOP):
            names.add(token.strip("'’").lower())
    return names


def _content(text: str) -> set[str]:
    return {w.lower() for w in words(text) if w.lower() not in STOP and len(w) > 2}


@dataclass
class Cues:
    """What the rules saw in one ordered pair."""

    hedge_a: list = field(default_factory=list)
    hedge_b: list = field(default_factory=list)
    denial_a: list = field(default_factory=list)
    denial_b: list = field(default_factory=list)
    negation_a: list = field(default_factory=list)
    negation_b: list = field(default_factory=list)
    numbers_a: list = field(default_factory=list)
    numbers_b: list = field(default_factory=list)
    antonyms: list = field(default_factory=list)
    names_a: list = field(default_factory=list)
    names_b: list = field(default_factory=list)
    overlap: float = 0.0

    @property
    def hedge(self) -> bool:
        return bool(self.hedge_a) != bool(self.hedge_b)

    @property
    def denial(self) -> bool:
        return bool(self.denial_a) != bool(self.denial_b)

    @property
    def negation(self) -> bool:
        return bool(self.negation_a) != bool(self.negation_b)

    @property
    def numeric(self) -> bool:
        return bool(self.numbers_a) and bool(self.numbers_b)

    @property
    def antonym(self) -> bool:
        return bool(self.antonyms)

    @property
    def entity(self) -> bool:
        return bool(self.names_a) and bool(self.names_b) and self.overlap >= 0.3

    def fired(self) -> list[str]:
        names = ["hedge", "denial", "negation", "numeric", "antonym", "entity"]
        return [n for n in names if getattr(self, n)]


def _phrase_at(tokens: list[str], phrase: str) -> list[int]:
    """Where a word (or a phrase of words) of an antonym group starts in a token list."""
    parts = phrase.split()
    low = [t.lower() for t in tokens]
    return [i for i in range(len(low) - len(parts) + 1) if low[i : i + len(parts)] == parts]


def _around(tokens: list[str], at: int) -> set[str]:
    """The content words near a position: what an antonym there is said of."""
    near = tokens[max(0, at - ANTONYM_WINDOW) : at] + tokens[at + 1 : at + 1 + ANTONYM_WINDOW]
    return {_head(t) for t in near if t.lower() not in STOP and t.lower() not in ANTONYM_WORDS and len(t) > 2}


def _aligned_antonyms(tokens_a: list[str], tokens_b: list[str]) -> list[tuple[str, str]]:
    """Opposite words said of the same thing ("shareholders approved the merger" / "shareholders
    rejected the merger"), not of two things ("prices rose" / "the team lost")."""
    low_a = " " + " ".join(t.lower() for t in tokens_a) + " "
    low_b = " " + " ".join(t.lower() for t in tokens_b) + " "
    found = []
    for ups, downs in ANTONYM_GROUPS:
        for one_set, other_set in ((ups, downs), (downs, ups)):
            here = sorted(w for w in one_set if f" {w} " in low_a and f" {w} " not in low_b)
            there = sorted(w for w in other_set if f" {w} " in low_b and f" {w} " not in low_a)
            aligned = [
                (x, y)
                for x in here
                for y in there
                if any(
                    _around(tokens_a, i) & _around(tokens_b, j)
                    for i in _phrase_at(tokens_a, x)
                    for j in _phrase_at(tokens_b, y)
                )
            ]
            if aligned:
                found.append(aligned[0])
    return found


def find_cues(text_a: str, text_b: str) -> Cues:
    cues = Cues()
    reading_a, reading_b = read(text_a), read(text_b)
    cues.hedge_a, cues.hedge_b = list(reading_a.hedges), list(reading_b.hedges)
    cues.denial_a, cues.denial_b = list(reading_a.denials), list(reading_b.denials)
    cues.negation_a, cues.negation_b = list(reading_a.negations), list(reading_b.negations)
    content_a, content_b = _content(text_a), _content(text_b)
    if content_a and content_b:
        cues.overlap = len(content_a & content_b) / min(len(content_a), len(content_b))
    cues.numbers_a, cues.numbers_b = _aligned_numbers(text_a, text_b)
    # Dates compare only statements about one thing (half their content words shared).
    date_a, date_b = _dates(text_a), _dates(text_b)
    if date_a and date_b and not (date_a & date_b) and cues.overlap >= DATE_OVERLAP:
        cues.numbers_a += sorted(date_a)
        cues.numbers_b += sorted(date_b)
    cues.antonyms = _aligned_antonyms(words(text_a), words(text_b))
    names_a, names_b = _names(text_a), _names(text_b)
    if names_a - names_b and names_b - names_a and names_a & names_b | (content_a & content_b):
        cues.names_a, cues.names_b = sorted(names_a - names_b), sorted(names_b - names_a)
    return cues


# The lexicon's reading of a side, in the scorer's words (a Stance value).
STANCE_OF_READING = {
    "hedge": "hedge",
    "deny": "denial",
    "affirm": "assertion",
    "conditional": "assertion",
    "guess": "assertion",
}


def stance(text: str) -> str:
    """assertion, denial (says it is not so) or hedge (says there is no sign of it)."""
    return STANCE_OF_READING[read(text).kind]


CUE_FEATURES = ["hedge", "denial", "negation", "numeric", "antonym", "entity"]


def kind_of(cues: Cues, stance_a: str, stance_b: str) -> str:
    """The PairKind that names why a contradiction clashes, most specific cue first."""
    if {stance_a, stance_b} == {"hedge", "assertion"} or (cues.hedge and "hedge" in (stance_a, stance_b)):
        return "hedge"
    if cues.denial:
        return "denial"
    if cues.numeric:
        return "numeric"
    if cues.antonym:
        return "antonymy"
    if cues.negation:
        # The same words with a "not": negation. A denial in other words of what the other side
        # reports (“Police did not use tear gas” / “Riot officers fired tear gas”): denial.
        return "negation" if cues.overlap >= 0.5 else "denial"
    if cues.names_a and cues.names_b:
        return "entity_swap"
    return "world_knowledge"


def highlight(cues: Cues, kind: str) -> tuple[list[str], list[str]]:
    """The words of each side that a page marks for this kind."""
    if kind == "hedge":
        return cues.hedge_a, cues.hedge_b
    if kind == "denial":
        return cues.denial_a + cues.negation_a, cues.denial_b + cues.negation_b
    if kind == "numeric":
        return cues.numbers_a, cues.numbers_b
    if kind == "antonymy":
        return [x for x, _ in cues.antonyms], [y for _, y in cues.antonyms]
    if kind == "negation":
        return cues.negation_a, cues.negation_b
    if kind == "entity_swap":
        return cues.names_a, cues.names_b
    return [], []
