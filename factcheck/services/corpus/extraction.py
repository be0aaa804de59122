"""Claim extraction: every claim a source makes in a news article, with its speaker and span.

Pure Python, no database. `extract_claims(text)` reads a document the way an editor does:

1. Lines without final punctuation are headlines and never yield claims.
2. Each paragraph is split into quotations (curly or straight, unbalanced ones run to the end of the
   paragraph) and sentences that never break inside a quotation.
3. A quotation is attributed by the words after it (`"...," X said`, `"...," said X, ...`,
   `Belta quoted X as saying`) or before it (`X said: "..."`, `X affirmed that "..."`); a
   whole-sentence quotation with no attribution continues the previous speaker's quote.
4. Reported speech is found around speech verbs (`X said (that) ...`, `..., X said`,
   `according to X, ...`, `..., adding that ...`, `and that ...`), and a relative clause with
   "allegedly" is the claim of the actor whose clause it hangs on.
5. Speakers are resolved against the people and bodies the article names: surnames, pronouns,
   "the minister", "the Belarussian President", "the club", "X's office", unnamed officials.

Rules over regular expressions and word lists, chosen over a dependency parse: spaCy's English
models are not published on PyPI (only unofficial re-uploads are), and the hard part here is
attribution and coreference, which a parse does not give either.
"""

from __future__ import annotations

import bisect
import functools
import html
import logging
import re
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Speaker:
    name: str
    kind: str
    title: str = ""
    affiliation: str = ""
    aliases: tuple[str, ...] = ()
    parent: str = ""


@dataclass(frozen=True)
class Claim:
    speaker: Speaker
    text: str
    start: int
    end: int
    mode: str


# ---------------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------------

# country: (demonyms, capitals and seats of government that stand for it in news prose, other names)
_COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "US": (("American", "US", "U.S."), ("Washington",), ("United States", "USA", "U.S.", "America")),
    "UK": (("British", "UK"), ("London",), ("United Kingdom", "Britain", "Great Britain")),
    "Russia": (("Russian",), ("Moscow",), ("Russian Federation",)),
    "Ukraine": (("Ukrainian",), ("Kiev", "Kyiv"), ()),
    "Belarus": (("Belarusian", "Belarussian", "Byelorussian"), ("Minsk",), ()),
    "Poland": (("Polish",), ("Warsaw",), ()),
    "Germany": (("German",), ("Berlin",), ()),
    "France": (("French",), ("Paris",), ()),
    "Italy": (("Italian",), ("Rome",), ()),
    "Spain": (("Spanish",), ("Madrid",), ()),
    "Portugal": (("Portuguese",), ("Lisbon",), ()),
    "Netherlands": (("Dutch",), ("Amsterdam", "The Hague"), ()),
    "Belgium": (("Belgian",), (), ()),
    "Sweden": (("Swedish",), ("Stockholm",), ()),
    "Norway": (("Norwegian",), ("Oslo",), ()),
    "Denmark": (("Danish",), ("Copenhagen",), ()),
    "Finland": (("Finnish",), ("Helsinki",), ()),
    "Romania": (("Romanian",), ("Bucharest",), ()),
    "Hungary": (("Hungarian",), ("Budapest",), ()),
    "Czech Republic": (("Czech",), ("Prague",), ("Czechia",)),
    "Slovakia": (("Slovak",), ("Bratislava",), ()),
    "Austria": (("Austrian",), ("Vienna",), ()),
    "Switzerland": (("Swiss",), ("Bern",), ()),
    "Greece": (("Greek",), ("Athens",), ()),
    "Turkey": (("Turkish",), ("Ankara",), ("Türkiye",)),
    "Armenia": (("Armenian",), ("Yerevan",), ()),
    "Azerbaijan": (("Azerbaijani", "Azeri"), ("Baku",), ()),
    "Georgia": (("Georgian",), ("Tbilisi",), ()),
    "Moldova": (("Moldovan",), ("Chisinau",), ()),
    "Lithuania": (("Lithuanian",), ("Vilnius",), ()),
    "Latvia": (("Latvian",), ("Riga",), ()),
    "Estonia": (("Estonian",), ("Tallinn",), ()),
    "Serbia": (("Serbian",), ("Belgrade",), ()),
    "Croatia": (("Croatian",), ("Zagreb",), ()),
    "Bulgaria": (("Bulgarian",), ("Sofia",), ()),
    "Kazakhstan": (("Kazakh",), ("Astana",), ()),
    "Israel": (("Israeli",), ("Jerusalem",), ()),
    "Iran": (("Iranian",), ("Tehran",), ()),
    "Iraq": (("Iraqi",), ("Baghdad",), ()),
    "Syria": (("Syrian",), ("Damascus",), ()),
    "Lebanon": (("Lebanese",), ("Beirut",), ()),
    "Saudi Arabia": (("Saudi",), ("Riyadh",), ()),
    "Egypt": (("Egyptian",), ("Cairo",), ()),
    "China": (("Chinese",), ("Beijing",), ()),
    "Japan": (("Japanese",), ("Tokyo",), ()),
    "South Korea": (("South Korean",), ("Seoul",), ()),
    "North Korea": (("North Korean",), ("Pyongyang",), ()),
    "India": (("Indian",), ("New Delhi",), ()),
    "Pakistan": (("Pakistani",), ("Islamabad",), ()),
    "Afghanistan": (("Afghan",), ("Kabul",), ()),
    "Australia": (("Australian",), ("Canberra",), ()),
    "Canada": (("Canadian",), ("Ottawa",), ()),
    "Mexico": (("Mexican",), ("Mexico City",), ()),
    "Brazil": (("Brazilian",), ("Brasilia",), ()),
    "Argentina": (("Argentine", "Argentinian"), ("Buenos Aires",), ()),
    "Venezuela": (("Venezuelan",), ("Caracas",), ()),
    "Colombia": (("Colombian",), ("Bogota",), ()),
    "Chile": (("Chilean",), ("Santiago",), ()),
    "Nigeria": (("Nigerian",), ("Abuja",), ()),
    "South Africa": (("South African",), ("Pretoria",), ()),
    "Kenya": (("Kenyan",), ("Nairobi",), ()),
    "Ethiopia": (("Ethiopian",), ("Addis Ababa",), ()),
    "Sudan": (("Sudanese",), ("Khartoum",), ()),
    "Taiwan": (("Taiwanese",), ("Taipei",), ()),
    "Vietnam": (("Vietnamese",), ("Hanoi",), ()),
    "Indonesia": (("Indonesian",), ("Jakarta",), ()),
    "Philippines": (("Filipino", "Philippine"), ("Manila",), ()),
    "Thailand": (("Thai",), ("Bangkok",), ()),
}

_COUNTRY_BY_NAME: dict[str, str] = {}
_COUNTRY_BY_DEMONYM: dict[str, str] = {}
_COUNTRY_BY_CAPITAL: dict[str, str] = {}
for _country, (_demonyms, _capitals, _others) in _COUNTRIES.items():
    _COUNTRY_BY_NAME[_country.lower()] = _country
    for _other in _others:
        _COUNTRY_BY_NAME[_other.lower()] = _country
    for _demonym in _demonyms:
        _COUNTRY_BY_DEMONYM[_demonym.lower()] = _country
    for _capital in _capitals:
        _COUNTRY_BY_CAPITAL[_capital.lower()] = _country

# Seats of power that news prose names instead of the body: (the body, its country).
_INSTITUTIONS = {
    "pentagon": ("US Department of Defense", "US"),
    "white house": ("White House", "US"),
    "state department": ("US Department of State", "US"),
    "kremlin": ("Kremlin", "Russia"),
    "downing street": ("UK government", "UK"),
    "elysee": ("Élysée Palace", "France"),
    "élysée": ("Élysée Palace", "France"),
}

# A fallback for the affiliation of heads of state and government whom an article names without a
# title; the article's own words always take precedence.
_KNOWN_LEADERS = {
    "volodymyr zelenskyy": "Ukraine",
    "volodymyr zelensky": "Ukraine",
    "vladimir putin": "Russia",
    "alexander lukashenko": "Belarus",
    "joe biden": "US",
    "donald trump": "US",
    "emmanuel macron": "France",
    "olaf scholz": "Germany",
    "recep tayyip erdogan": "Turkey",
    "xi jinping": "China",
    "keir starmer": "UK",
    "rishi sunak": "UK",
    "benjamin netanyahu": "Israel",
}

_OUTLETS = {
    "belta", "tass", "ria novosti", "interfax", "reuters", "ap", "associated press", "afp",
    "bloomberg", "bbc", "cnn", "ntv", "ukrinform", "xinhua", "al jazeera", "digi24", "rada tv",
    "the guardian", "the new york times", "the washington post", "financial times", "dpa", "efe",
    "ansa", "anadolu", "sky news", "rt", "sputnik", "kyodo", "yonhap", "politico", "axios",
}  # fmt: skip

# Words that make a capitalised run a body rather than a person.
_ORG_WORDS = {
    "ministry", "department", "council", "commission", "committee", "agency", "authority",
    "office", "service", "services", "bank", "union", "party", "group", "inc", "corp",
    "corporation", "company", "co", "ltd", "llc", "plc", "motors", "airlines", "airways",
    "association", "federation", "foundation", "institute", "university", "college", "school",
    "hospital", "court", "parliament", "assembly", "senate", "congress", "army", "navy", "forces",
    "police", "guard", "mission", "organization", "organisation", "fund", "programme", "program",
    "centre", "center", "network", "news", "times", "post", "journal", "tv", "radio", "channel",
    "athletic", "united", "city", "fc", "club", "rovers", "wanderers", "crescent", "cross",
    "metall", "industries", "holdings", "energy", "systems", "technologies", "labs", "board",
    "bureau", "secretariat", "administration", "government", "cabinet", "directorate",
    "tribunal", "league", "alliance", "coalition", "front", "movement", "church", "society",
    "observatory", "trust", "exchange", "capital", "partners", "securities", "pharma",
    "pharmaceuticals", "nations", "delegation",
}  # fmt: skip
_PLACE_WORDS = {
    "river", "sea", "fault", "lake", "mountain", "mountains", "valley", "street", "square",
    "region", "province", "airport", "station", "bridge", "island", "islands", "peninsula",
    "gulf", "ocean", "border", "county", "district", "oblast", "state", "republic", "kingdom",
    "north", "south", "east", "west", "central", "eastern", "western", "northern", "southern",
}  # fmt: skip
_CALENDAR = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
}  # fmt: skip
# Capitalised words that start sentences and are not names.
_NOT_NAME_START = {
    "the", "a", "an", "while", "however", "but", "and", "or", "in", "on", "at", "after", "before",
    "for", "from", "as", "if", "when", "since", "earlier", "later", "meanwhile", "according",
    "asked", "speaking", "this", "that", "these", "those", "there", "it", "its", "he", "she",
    "they", "we", "i", "his", "her", "their", "our", "my", "not", "no", "to", "of", "by", "with",
    "also", "still", "yet", "so", "then", "both", "several", "some", "many", "most", "all",
    "one", "two", "three", "more", "less", "nobody", "everyone", "every", "each", "last",
    "next", "first", "mr", "mrs", "ms", "dr", "prof", "supreme", "chief", "new",
}  # fmt: skip
_HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sir",
    "dame",
    "lord",
    "lady",
    "gen",
    "col",
    "sen",
    "rep",
    "gov",
}
_NAME_PARTICLES = {"de", "da", "di", "van", "von", "der", "den", "bin", "al", "le", "la", "du", "dos", "del"}

# Nouns by which a text refers back to a body of a given sort.
_COMPANY_WORDS = {
    "motors", "inc", "corp", "corporation", "company", "ltd", "llc", "plc", "group", "industries",
    "holdings", "airlines", "maker", "carmaker", "firm", "retailer", "producer", "manufacturer",
    "pharma", "pharmaceuticals", "bank", "lender", "insurer", "airline", "operator", "supplier",
}  # fmt: skip
_CLUB_WORDS = {"athletic", "united", "city", "fc", "club", "rovers", "wanderers", "team", "side"}

_PERSON_TITLE_WORDS = {
    "president", "minister", "secretary", "chancellor", "governor", "mayor", "senator",
    "representative", "general", "colonel", "admiral", "commander", "chief", "executive", "ceo",
    "chairman", "chairwoman", "chair", "director", "spokesman", "spokeswoman", "spokesperson",
    "ambassador", "envoy", "king", "queen", "prince", "pope", "judge", "prosecutor", "attorney",
    "coach", "manager", "captain", "striker", "midfielder", "defender", "goalkeeper", "player",
    "professor", "economist", "analyst", "negotiator", "leader", "head", "deputy", "lawmaker",
    "officer", "official", "founder", "owner", "teacher", "doctor", "nurse", "seismologist",
    "scientist", "researcher", "expert", "premier", "speaker", "adviser", "advisor", "aide",
    "diplomat", "commissioner", "inspector", "superintendent", "sheriff", "rapporteur", "dr",
    "prof", "mr", "mrs", "ms", "sir", "dame", "lord", "lady", "gen", "col", "sen", "rep", "gov",
}  # fmt: skip
# Titles whose holders speak for a state.
_STATE_TITLES = {
    "president", "minister", "secretary", "chancellor", "governor", "mayor", "senator",
    "ambassador", "envoy", "king", "queen", "premier", "official", "spokesman", "spokeswoman",
    "spokesperson", "diplomat", "commissioner", "general", "commander", "lawmaker",
}  # fmt: skip

# People who are not named; what they say is reported under a description of them.
_ANON_PEOPLE = {
    "official", "officials", "source", "sources", "diplomat", "diplomats", "aide", "aides",
    "person", "people", "insider", "insiders", "officer", "officers",
}  # fmt: skip
_SPOKES = {"spokesperson", "spokesman", "spokeswoman", "spokespeople", "representative"}
# Groups of experts that speak for the body they work at ("analysts at Nordea").
_EXPERTS = {
    "analysts", "analyst", "meteorologists", "economists", "economist", "experts", "scientists",
    "researchers", "forecasters", "staff", "doctors", "engineers", "seismologists",
}  # fmt: skip
# Bodies that a bare common noun can name ("police said").
_BARE_BODIES = {
    "police": "office",
    "prosecutors": "office",
    "investigators": "office",
    "firefighters": "office",
}

# Speech verbs. Those in _BARE_OK may take a clause without "that" ("X said the plant will close").
_SPEECH_VERBS = (
    "said", "says", "told", "tells", "stated", "states", "added", "adds", "confirmed", "confirms",
    "affirmed", "affirms", "assured", "assures", "pointed out", "points out", "noted", "notes",
    "warned", "warns", "stressed", "stresses", "underscored", "underscores", "underlined",
    "emphasised", "emphasized", "emphasises", "emphasizes", "claimed", "claims", "insisted",
    "insists", "argued", "argues", "explained", "explains", "announced", "announces",
    "acknowledged", "acknowledges", "admitted", "admits", "conceded", "concedes", "reported",
    "reports", "estimated", "estimates", "predicted", "predicts", "forecast", "forecasts",
    "suggested", "suggests", "indicated", "indicates", "revealed", "reveals", "disclosed",
    "maintained", "maintains", "alleged", "alleges", "asserted", "asserts", "declared",
    "declares", "wrote", "writes", "tweeted", "posted", "denied", "denies", "promised",
    "promises", "agreed", "agrees", "recalled", "observed", "remarked", "reiterated", "repeated",
    "cautioned", "complained", "replied", "responded", "answered", "countered", "contended",
    "signalled", "signaled", "hinted", "testified", "vowed", "believes", "believed", "asked",
    "explained", "continued", "concluded", "clarified",
)  # fmt: skip
_BARE_OK = {
    "said", "says", "told", "tells", "added", "adds", "claimed", "claims", "insisted", "insists",
    "argued", "argues", "wrote", "writes", "estimated", "estimates", "predicted", "predicts",
    "warned", "warns", "believes", "believed", "stated", "states", "reported", "reports",
    "noted", "notes", "acknowledged", "admitted", "conceded", "maintained", "maintains",
}  # fmt: skip
_DENIAL_VERBS = {"denied", "denies"}
# Verbs that only attribute a quotation (they take no clause).
_QUOTE_ONLY_VERBS = ("asked", "continued", "went on", "quipped", "joked", "shouted", "wrote", "replied")

_VERB_RE = re.compile(
    r"\b(" + "|".join(sorted({re.escape(v) for v in _SPEECH_VERBS + _QUOTE_ONLY_VERBS}, key=len, reverse=True)) + r")\b"
)
# Verbs after "and"/"but" that start a new predicate of the speaker, ending the claim before them.
_MAIN_VERBS_AFTER_AND = set(_SPEECH_VERBS) | {
    "accused", "urged", "called", "criticised", "criticized", "welcomed", "rejected", "dismissed",
    "blamed", "threatened", "demanded", "refused", "declined", "praised", "condemned",
}  # fmt: skip

_ADVERBS = {
    "also", "later", "earlier", "previously", "repeatedly", "reportedly", "again", "then", "first",
    "himself", "herself", "itself", "themselves", "separately", "publicly", "privately",
    "recently", "has", "had", "have", "was", "is", "were", "would", "will", "once", "further",
    "however", "meanwhile", "only", "already", "now", "today", "yesterday", "tuesday", "monday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "on", "late", "early", "last",
    "night", "week", "month", "year", "this", "morning", "evening", "afternoon", "in", "a",
    "statement", "an", "interview", "it", "the",
}  # fmt: skip
_DISCOURSE_START = re.compile(
    r"^(?:however|meanwhile|but|and|yet|still|earlier|later|separately|also|in addition|moreover|"
    r"for (?:his|her|its|their) part|in the same context|on (?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"while|whereas|as|though|although)\b[\s,]*",
    re.IGNORECASE,
)
_AUX = {
    "is", "are", "was", "were", "will", "would", "could", "can", "may", "might", "must", "should",
    "shall", "had", "has", "have", "did", "does", "do", "remained", "remains", "won't", "isn't",
    "wasn't", "aren't", "weren't", "hadn't", "hasn't", "haven't", "didn't", "doesn't", "don't",
    "couldn't", "wouldn't", "cannot", "can't", "needs", "need", "wants", "want", "plans", "faces",
}  # fmt: skip
_SUBJECT_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "there"}
_PREPOSITIONS = {
    "in", "on", "at", "to", "during", "after", "before", "from", "with", "for", "of", "by",
    "about", "via", "through", "over", "under", "near", "outside", "inside", "beside", "against",
}  # fmt: skip
_OBJECT_CUES = _PREPOSITIONS | {"asked", "told", "met", "urged", "called", "thanked", "beside", "and", "than"}
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "sen", "rep", "gov",
    "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "etc", "e.g", "i.e", "a.m", "p.m", "u.s",
    "u.k", "u.n", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "approx", "est", "fig", "vol", "mt", "ft",
}  # fmt: skip

# "'s foreign ministry" after a country's name.
_POSSESSIVE_BODY_RE = re.compile(r"(?:['’]s)?\s+((?:[a-z-]+\s+){0,3}(?:" + "|".join(sorted(_ORG_WORDS)) + r"))\b")
_WORD_RE = re.compile(r"[^\W_]+(?:['’\-.][^\W_]+)*(?:['’]s?)?", re.UNICODE)
_OPEN_D = "“„«"
_CLOSE_D = "”»"
_HTML_QUOTE_RE = re.compile(r"&(?:quot|ldquo|rdquo|#8220|#8221|#34|#x22);", re.IGNORECASE)
_MAX_DOCUMENT = 5_000_000  # characters; beyond this only the start is read
_MAX_SENTENCE = 2_000  # characters; real sentences are far shorter


# ---------------------------------------------------------------------------------------------
# Entities
# ---------------------------------------------------------------------------------------------


@dataclass
class _Entity:
    name: str
    kind: str
    title: str = ""
    affiliation: str = ""
    parent: str = ""
    aliases: list[str] = field(default_factory=list)
    nouns: set[str] = field(default_factory=set)
    surname: str = ""

    def add_alias(self, alias: str) -> None:
        alias = " ".join(alias.split()).strip(" ,;:")
        if alias and alias not in self.aliases:
            self.aliases.append(alias)

    def speaker(self) -> Speaker:
        aliases = tuple(a for a in self.aliases if a != self.name)
        return Speaker(self.name, self.kind, self.title, self.affiliation, aliases, self.parent)


@dataclass
class _Mention:
    pos: int
    entity: _Entity
    subject: bool  # not in an object position ("asked Putin", "to Putin")
    paragraph: int


@dataclass
class _Found:
    entity: _Entity
    text: str
    start: int
    end: int
    mode: str


def _words(s: str) -> list[str]:
    return _WORD_RE.findall(s)


def _cap(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _clean_possessive(word: str) -> str:
    return re.sub(r"['’]s?$", "", word)


@functools.lru_cache(maxsize=4096)
def _country_in(text: str) -> str:
    """The country a phrase names or implies (by name, demonym, capital or institution), else ''."""
    lowered = text.lower()
    for key, (_body, country) in _INSTITUTIONS.items():
        if re.search(rf"\b{re.escape(key)}\b", lowered):
            return country
    # Longest names first so "South Korean" wins over "Korean".
    for table in (_COUNTRY_BY_NAME, _COUNTRY_BY_DEMONYM, _COUNTRY_BY_CAPITAL):
        for key in sorted(table, key=len, reverse=True):
            if key in ("us", "u.s.", "uk") and not re.search(rf"(?<![\w.]){re.escape(key)}(?![\w])", text.lower()):
                continue
            pattern = rf"(?<![\w]){re.escape(key)}(?:['’]s)?(?![\w])"
            if key in ("us", "uk"):
                if re.search(rf"(?<![\w]){key.upper()}(?![\w])", text):
                    return table[key]
                continue
            if re.search(pattern, lowered):
                return table[key]
    return ""


def _looks_like_person_name(tokens: list[str]) -> bool:
    """Two to four capitalised words that are not a body, a place, a date or a title."""
    core = [t for t in tokens if t.lower() not in _NAME_PARTICLES]
    if not 2 <= len(core) <= 4:
        return False
    if core[0].lower().rstrip(".") in _NOT_NAME_START:
        return False
    for t in core:
        bare = _clean_possessive(t)
        low = bare.lower()
        if not _cap(bare) or low in _ORG_WORDS or low in _PLACE_WORDS or low in _CALENDAR:
            return False
        if low in _COUNTRY_BY_NAME or low in _COUNTRY_BY_DEMONYM or low in _PERSON_TITLE_WORDS:
            return False
        if len(bare) > 1 and bare.isupper() and not re.fullmatch(r"[A-Z]\.?", bare):
            return False
        if any(ch.isdigit() for ch in bare):
            return False
    return True


# ---------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------


@dataclass
class _Sentence:
    start: int
    end: int
    paragraph: int


class _Document:
    def __init__(self, text: str):
        self.text = text
        self.entities: list[_Entity] = []
        self.by_name: dict[str, _Entity] = {}
        self.mentions: list[_Mention] = []
        self.quotes: list[tuple[int, int, bool]] = []  # (open mark, end after close mark, closed)
        self.sentences: list[_Sentence] = []
        self.found: list[_Found] = []
        self.consumed: set[int] = set()  # starts of verbs already used to attribute a quote
        self.paragraph_spans: list[tuple[int, int]] = []

    # -- layout -----------------------------------------------------------------------------

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

    def mentions_before(self, pos: int):
        """Mentions before `pos`, nearest first."""
        i = bisect.bisect_left(self.mentions, pos, key=lambda m: m.pos)
        return reversed(self.mentions[max(0, i - 400) : i])

    # -- entities ----------------------------------------------------------------------------

    def register(self, entity: _Entity) -> _Entity:
        key = entity.name.lower()
        if key in self.by_name:
            return self.by_name[key]
        self.entities.append(entity)
        self.by_name[key] = entity
        return entity

    def mention(self, entity: _Entity, pos: int, surface: str, subject: bool = True) -> None:
        entity.add_alias(_split_appositions(surface)[0])
        # Kept in document order: speakers are resolved after the name scan, out of order.
        bisect.insort(self.mentions, _Mention(pos, entity, subject, self.paragraph_of(pos)), key=lambda m: m.pos)

    def scan_names(self) -> None:
        """Register every named person and body the article's paragraphs mention, in order."""
        for sentence in self.sentences:
            s = self.text[sentence.start : sentence.end]
            for run_start, run_end in _capitalised_runs(s):
                phrase = s[run_start:run_end]
                tokens = phrase.split()
                before = s[:run_start]
                prev_word = (_words(before[-40:]) or [""])[-1].lower()
                abs_pos = sentence.start + run_start
                if self.in_quote(abs_pos):
                    continue
                # Strip leading title words and demonyms: "Belarussian President Alexander Lukashenko".
                lead = _title_prefix_length(tokens)
                while lead < len(tokens) - 1 and (
                    _clean_possessive(tokens[lead]).lower().rstrip(".") in _PERSON_TITLE_WORDS
                    or tokens[lead].lower() in _COUNTRY_BY_DEMONYM
                    or tokens[lead].lower() in _NOT_NAME_START
                    or _clean_possessive(tokens[lead]).lower() in _COUNTRY_BY_NAME
                    or tokens[lead].isupper()
                ):
                    lead += 1
                name_tokens = tokens[lead:]
                if _looks_like_person_name(name_tokens) and prev_word not in {"the", "a", "an"} | (
                    set() if lead else {"of", "at"}
                ):
                    name = " ".join(_clean_possessive(t) if i == len(name_tokens) - 1 else t
                                    for i, t in enumerate(name_tokens))  # fmt: skip
                    entity = self.person(name)
                    title_words = s[max(0, run_start - 80) : run_start] if not lead else ""
                    title = " ".join(tokens[:lead])
                    if lead == 0 and title_words:
                        title = _lowercase_title_before(title_words)
                    self.enrich_person(entity, title, s[run_end:], s[:run_start])
                    subject = prev_word not in _OBJECT_CUES
                    self.mention(entity, abs_pos + phrase.index(name_tokens[0]), name, subject)
                    continue
                poss_body = _POSSESSIVE_BODY_RE.match(s, run_end)
                if (
                    len(tokens) == 1
                    and poss_body
                    and re.search(r"['’]s?$", tokens[0])
                    and _clean_possessive(tokens[0]).lower() in _COUNTRY_BY_NAME
                ):
                    entity = self.resolve(phrase + " " + poss_body.group(1), abs_pos)
                    if entity is not None:
                        self.mention(entity, abs_pos, phrase + " " + poss_body.group(1), prev_word not in _OBJECT_CUES)
                        continue
                body = self.body_from_run(tokens, before)
                if body is not None:
                    surface = " ".join(t for t in tokens if t.lower() not in _NOT_NAME_START) or phrase
                    self.mention(body, abs_pos, _clean_possessive(surface), prev_word not in _OBJECT_CUES)
                elif len(tokens) == 1:
                    # A surname alone ("Danilov said") refers to a person named in full earlier.
                    bare = _clean_possessive(tokens[0])
                    for entity in reversed(self.entities):
                        if entity.kind == "person" and entity.surname == bare:
                            self.mention(entity, abs_pos, bare, prev_word not in _OBJECT_CUES)
                            break

    def person(self, name: str) -> _Entity:
        key = name.lower()
        if key in self.by_name:
            return self.by_name[key]
        surname = _clean_possessive(name.split()[-1])
        entity = _Entity(name=name, kind="person", surname=surname)
        entity.add_alias(name)
        entity.add_alias(surname)
        return self.register(entity)

    def enrich_person(self, entity: _Entity, title: str, after: str, before: str) -> None:
        """Take a title and an affiliation from the words around a person's name."""
        title = title.strip(" ,")
        appos = re.match(r"^,\s*((?:the|a|an)\s+)?([^,]{3,160}?)\s*,", after)
        if not title and appos and not re.match(r"(?:who|which|whose|speaking|addressing|in|for|\d)", appos.group(2)):
            candidate = appos.group(2)
            if any(w.lower() in _PERSON_TITLE_WORDS for w in _words(candidate)):
                title = candidate
        tail = re.match(r"^\s+(?:of|at|from)\s+((?:the\s+)?(?:[A-Z][\w&'’.-]*\s*){1,5})", after)
        if tail and not title:
            title = ""
        if title and not entity.title:
            entity.title = _normalise_title(title)
            for word in _words(title):
                entity.nouns.add(_clean_possessive(word).lower())
        if not entity.affiliation:
            country = _country_in(title) if title else ""
            org = ""
            if tail:
                org = tail.group(1).strip()
                org = re.sub(r"^the\s+", "", org).strip()
            if not country and not org and title:
                caps = [w for w in title.split() if _cap(w) and w.lower() not in _PERSON_TITLE_WORDS]
                if caps:
                    org = _clean_possessive(" ".join(caps))
                    known = self.find_body(org)
                    if known is not None:
                        org = known.name
            if not country and not org:
                country = _KNOWN_LEADERS.get(entity.name.lower(), "")
            entity.affiliation = country or org
            if entity.affiliation and not entity.parent:
                state_title = any(w.lower() in _STATE_TITLES for w in _words(entity.title))
                if country and state_title:
                    entity.parent = country
                elif org:
                    entity.parent = org

    def find_body(self, name: str) -> _Entity | None:
        low = name.lower()
        for entity in reversed(self.entities):
            if entity.kind == "person":
                continue
            if entity.name.lower() == low or low in (a.lower() for a in entity.aliases):
                return entity
            first = entity.name.split()[0].lower()
            if len(entity.name.split()) > 1 and first == low and low not in _COUNTRY_BY_NAME:
                return entity
        return None

    def body_from_run(self, tokens: list[str], before: str) -> _Entity | None:
        """A body named by a capitalised run ("National Bank of Poland", "UNICEF", "Pentagon")."""
        words = [_clean_possessive(t) for t in tokens]
        while words and words[0].lower() in _NOT_NAME_START and not words[0].isupper():
            words = words[1:]
        if not words:
            return None
        name = " ".join(words)
        low = name.lower()
        descriptor = _descriptor_before(before)
        if low in _COUNTRY_BY_NAME or low in _COUNTRY_BY_CAPITAL:
            country = _COUNTRY_BY_NAME.get(low) or _COUNTRY_BY_CAPITAL[low]
            return self.government(country, name)
        if low in _COUNTRY_BY_DEMONYM or low in _CALENDAR:
            return None
        if low in _INSTITUTIONS:
            body, country = _INSTITUTIONS[low]
            entity = self.register(_Entity(name=body, kind="office", affiliation=country, parent=country))
            entity.add_alias(name)
            return entity
        known = self.find_body(name)
        if known is not None:
            return known
        is_org = any(w.lower() in _ORG_WORDS for w in words) or (
            len(words[0]) > 1 and words[0].isupper() and not words[0].endswith(".")
        )
        if low in _OUTLETS:
            entity = self.register(_Entity(name=name, kind="outlet"))
            entity.nouns |= {"agency", "outlet", "broadcaster", "newspaper", "channel"}
            entity.add_alias(name)
            return entity
        if not is_org and not descriptor:
            return None
        if any(w.lower() in _PLACE_WORDS for w in words) and not any(w.lower() in _ORG_WORDS for w in words):
            return None
        kind = _body_kind(words, descriptor)
        country = _country_in(name)
        entity = self.register(_Entity(name=name, kind=kind, affiliation=country if country != name else ""))
        entity.add_alias(name)
        _add_body_nouns(entity, words, descriptor)
        return entity

    def government(self, country: str, surface: str) -> _Entity:
        entity = self.by_name.get(country.lower())
        if entity is None:
            entity = self.register(_Entity(name=country, kind="government", affiliation=country))
            entity.nouns |= {"country", "government", "state", "authorities"}
        entity.add_alias(surface)
        return entity

    # -- resolution --------------------------------------------------------------------------

    def resolve(self, phrase: str, pos: int) -> _Entity | None:
        """The entity a speaker phrase names, or None when it does not name a speaker."""
        phrase = " ".join(phrase.split()).strip(" ,;:—–-")
        phrase = _DISCOURSE_START.sub("", phrase).strip(" ,")
        phrase = _DISCOURSE_START.sub("", phrase).strip(" ,")
        if not phrase or len(phrase) > 220 or any(q in phrase for q in '"“”'):
            return None
        head, appositions = _split_appositions(phrase)
        head = re.sub(r"\s+(?:himself|herself|itself|themselves)$", "", head)
        # "the EU's monitoring mission in Armenia": the place is where it works, not who it is.
        located = re.fullmatch(r"(.*\b(?:[a-z]{3,}|[A-Z]{2,}))\s+in\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?", head)
        if located and len(_words(located.group(1))) >= 2 and not _looks_like_person_name(head.split()):
            head = located.group(1)
        head = re.sub(r"^(?:Prof|Dr|Mr|Mrs|Ms)\.?\s+(?=[A-Z])", "", head)
        entity = self._resolve_head(head, pos, appositions)
        if entity is None:
            return None
        entity.add_alias(head)
        return entity

    def _resolve_head(self, head: str, pos: int, appositions: list[str]) -> _Entity | None:
        low = head.lower()
        words = _words(head)
        if not words or len(words) > 14:
            return None
        first = words[0].lower()
        # "Its president, Dr. Elena Marin": the name is in the apposition.
        for appos in appositions:
            appos_name = re.sub(r"^(?:Prof|Dr|Mr|Mrs|Ms)\.?\s+", "", appos)
            if _looks_like_person_name(appos_name.split()) and not _looks_like_person_name(words):
                entity = self.person(appos_name)
                title = re.sub(r"^(?:its|their|the)\s+", "", head, flags=re.IGNORECASE)
                org = self.antecedent_body(pos) if first in {"its", "their"} else None
                if not entity.title:
                    entity.title = title + (f" of {org.name}" if org else "")
                if org and not entity.affiliation:
                    entity.affiliation = org.name
                    entity.parent = org.name
                return entity
        if low in {"he", "she"}:
            return self.antecedent_person(pos)
        if low in {"they", "it"}:
            return self.antecedent_body(pos)
        if low in {"i", "we", "you", "this", "that", "which", "who", "one"}:
            return None
        # "Volodymyr Zelenskyy's office", "the office of ..."
        office = re.fullmatch(r"(?:the\s+)?(.+?)['’]s?\s+office", head, flags=re.IGNORECASE) or re.fullmatch(
            r"(?:the\s+)?office\s+of\s+(.+)", head, flags=re.IGNORECASE
        )
        if office:
            owner = self.resolve_owner(office.group(1), pos)
            if owner is not None and owner.kind == "person":
                name = f"Office of {owner.name}"
                entity = self.by_name.get(name.lower()) or self.register(
                    _Entity(name=name, kind="office", affiliation=owner.affiliation, parent=owner.affiliation)
                )
                entity.nouns |= {"office"}
                return entity
        # Unnamed people: "a senior Pentagon official", "A senior official at the environment ministry".
        anon = self.resolve_unnamed(head, pos)
        if anon is not None:
            return anon
        # "X's health ministry", "the bank's monetary policy council"
        poss = re.fullmatch(r"(?:the\s+)?(.+?)['’]s?\s+([a-z][a-z\s-]+)", head)
        if poss and any(w in _ORG_WORDS for w in poss.group(2).split()):
            owner_text, body_text = poss.group(1), poss.group(2)
            country = _COUNTRY_BY_NAME.get(owner_text.lower())
            if country:
                name = f"{country}'s {body_text}"
                entity = self.by_name.get(name.lower()) or self.register(
                    _Entity(name=name, kind="office", affiliation=country, parent=country)
                )
                entity.nouns |= set(body_text.split())
                entity.add_alias(f"{_demonym(country)} {body_text}")
                return entity
            owner = self.resolve_owner(owner_text, pos)
            if owner is not None and owner.kind != "person":
                name = f"{body_text[0].upper()}{body_text[1:]} of {_with_article(owner.name)}"
                entity = self.by_name.get(name.lower()) or self.register(
                    _Entity(
                        name=name,
                        kind=owner.kind,
                        affiliation=owner.affiliation or owner.name,
                        parent=owner.name,
                    )
                )
                entity.nouns |= set(body_text.split())
                return entity
        # A named person, possibly behind a title: "Belarussian President Alexander Lukashenko".
        person = self.person_in(head, pos, appositions)
        if person is not None:
            return person
        # "the Belarussian President", "the official", "the minister", "the club".
        definite = re.fullmatch(r"(?:the|this|that)\s+([\w\s'’-]+)", head, flags=re.IGNORECASE)
        named = definite and any(
            _cap(w) and w.lower() not in _COUNTRY_BY_DEMONYM and w.lower() not in _PERSON_TITLE_WORDS
            for w in definite.group(1).split()
        )
        if named:
            body = self.body_phrase(head, pos)
            if body is not None:
                return body
        if definite:
            found = self.antecedent_description(definite.group(1), pos)
            if found is not None:
                return found
        # A body: "Romania's health ministry", "The Turkish Red Crescent", "UNICEF", "Kiev".
        body = self.body_phrase(head, pos)
        if body is not None:
            return body
        return None

    def resolve_owner(self, text: str, pos: int) -> _Entity | None:
        text = text.strip()
        if text.lower() in {"his", "her"}:
            return self.antecedent_person(pos)
        if text.lower() in {"its", "their", "the company", "the club"}:
            return self.antecedent_body(pos)
        found = self.person_in(text, pos, [])
        if found is not None:
            return found
        definite = re.fullmatch(r"(?:the)\s+([\w\s'’-]+)", text, flags=re.IGNORECASE)
        if definite:
            return self.antecedent_description(definite.group(1), pos)
        return self.body_phrase(text, pos)

    def person_in(self, head: str, pos: int, appositions: list[str]) -> _Entity | None:
        """The person a phrase names: a full name (after any title), or a surname seen before."""
        tail = re.search(r"\s+(?:of|at|from)\s+(?:the\s+)?([A-Z].*)$", head)
        core = head[: tail.start()] if tail else head
        tokens = core.split()
        # the longest run of capitalised tokens at the end
        i = len(tokens)
        while i > 0 and (_cap(tokens[i - 1]) or tokens[i - 1].lower() in _NAME_PARTICLES):
            i -= 1
        name_tokens = tokens[i:]
        name_tokens = name_tokens[_title_prefix_length(name_tokens) :]
        while name_tokens and (
            _clean_possessive(name_tokens[0]).lower().rstrip(".") in _PERSON_TITLE_WORDS
            or name_tokens[0].lower() in _COUNTRY_BY_DEMONYM
            or name_tokens[0].lower() in _NOT_NAME_START
            or (name_tokens[0].isupper() and len(name_tokens[0]) > 1)
        ):
            name_tokens = name_tokens[1:]
        title = " ".join(tokens[: len(tokens) - len(name_tokens)])
        title = re.sub(r"^(?:the|a|an)\s+", "", title, flags=re.IGNORECASE)
        if _looks_like_person_name(name_tokens):
            entity = self.person(" ".join(name_tokens))
            after = (", " + ", ".join(appositions) + ",") if appositions else ""
            if tail:
                after = " of " + tail.group(1) + after
            self.enrich_person(entity, title, after, "")
            return entity
        if len(name_tokens) == 1:
            bare = _clean_possessive(name_tokens[0])
            for entity in reversed(self.entities):
                if entity.kind == "person" and (entity.surname == bare or entity.name == bare):
                    return entity
            # A person known by one name, behind a person's title: "coach Smith".
            if (
                title
                and title.split()[-1].lower() in _PERSON_TITLE_WORDS - {"official"}
                and bare.lower() not in _COUNTRY_BY_NAME
                and bare.lower() not in _OUTLETS
            ):
                entity = self.person(bare)
                self.enrich_person(entity, title, "", "")
                return entity
        return None

    def resolve_unnamed(self, head: str, pos: int) -> _Entity | None:
        source = re.fullmatch(
            r"(?:a|an|one|two|three|several)\s+(?:senior\s+)?(person|people|sources?|insiders?)\s+"
            r"((?:familiar with|close to|with knowledge of|briefed on|aware of|involved in)\s+.+)",
            head,
            flags=re.IGNORECASE,
        )
        if source:
            noun = "Person" if source.group(1).lower() in {"person", "people"} else "Source"
            name = f"{noun} {source.group(2)}"
            entity = self.by_name.get(name.lower()) or self.register(_Entity(name=name, kind="unknown"))
            entity.nouns |= {"source", "person"}
            return entity
        m = re.fullmatch(
            r"(?:(?:a|an|one|two|three|several|some|the|its|their)\s+)?((?:[\w'’.-]+\s+){0,4}?)"
            r"(officials?|sources?|diplomats?|aides?|person|people|insiders?|officers?|"
            r"spokes(?:person|man|woman|people)|representatives?|"
            r"analysts?|meteorologists|economists?|experts|scientists|researchers|forecasters|staff|"
            r"doctors|engineers|seismologists)"
            r"(?:\s+(?:at|from|with|of|for|in)\s+(?:the\s+)?(.+?))?",
            head,
            flags=re.IGNORECASE,
        )
        if not m:
            return None
        modifiers, noun, org_text = m.group(1).strip(), m.group(2).lower(), (m.group(3) or "").strip()
        mod_words = [w for w in modifiers.split() if w.lower() not in {
            "senior", "top", "high-ranking", "high", "ranking", "junior", "former", "anonymous",
            "unnamed", "government", "other", "local", "regional", "two", "three", "several",
            "military", "defence", "defense", "security",
        }]  # fmt: skip
        # "a person familiar with the council's discussions", "a source close to ..."
        if org_text and noun in {"person", "people", "source", "sources", "insider", "insiders"}:
            name = f"{noun[0].upper()}{noun[1:]} {head[m.end(2) :].strip()}"
            name = re.sub(r"^People\b", "Person", name)
            entity = self.by_name.get(name.lower()) or self.register(_Entity(name=name, kind="unknown"))
            entity.nouns |= {"source", "person"}
            return entity
        org_entity = None
        country = ""
        if org_text:
            org_entity = self.body_phrase("the " + org_text, pos) or self.resolve_owner(org_text, pos)
            capitalised = re.fullmatch(r"[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4}", org_text)
            if org_entity is None and capitalised and org_text.lower() not in _COUNTRY_BY_DEMONYM:
                org_entity = self.register(_Entity(name=org_text, kind="organisation"))
                org_entity.add_alias(org_text)
        elif mod_words:
            joined = " ".join(mod_words)
            country = _COUNTRY_BY_DEMONYM.get(joined.lower()) or _COUNTRY_BY_NAME.get(joined.lower(), "")
            if not country:
                org_entity = self.body_phrase(joined, pos)
        elif re.match(r"(?:its|their)\s", head, flags=re.IGNORECASE):
            org_entity = self.antecedent_body(pos)
        if noun in _EXPERTS and org_entity is not None:
            return org_entity
        if noun.startswith("spokes") or noun.startswith("representative"):
            return org_entity
        if noun not in {
            "official",
            "officials",
            "diplomat",
            "diplomats",
            "aide",
            "aides",
            "officer",
            "officers",
        }:
            return None
        if org_entity is not None:
            base = org_entity.name if org_entity.kind != "office" or not mod_words else " ".join(mod_words)
            if org_entity.name in {b for b, _ in _INSTITUTIONS.values()}:
                base = next(k for k, (b, _) in _INSTITUTIONS.items() if b == org_entity.name).title()
                if mod_words:
                    base = " ".join(mod_words)
            affiliation = org_entity.affiliation or (org_entity.name if org_entity.kind == "government" else "")
            parent = org_entity.name if org_entity.kind in {"office", "organisation"} else affiliation
            if org_text and org_entity.kind != "government":
                base = org_text[0].upper() + org_text[1:]
        elif country:
            base = _demonym(country)
            affiliation = parent = country
        else:
            return None
        name = f"{base[0].upper()}{base[1:]} official"
        entity = self.by_name.get(name.lower()) or self.register(
            _Entity(name=name, kind="office", affiliation=affiliation, parent=parent)
        )
        entity.nouns |= {"official", "officials", "source", "diplomat"}
        return entity

    def body_phrase(self, text: str, pos: int) -> _Entity | None:
        """A body named by a phrase: "the national civil protection department", "Coldiretti"."""
        text = text.strip(" ,")
        text = re.sub(r"\s+(?:on|in|at)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$", "", text)
        agent = re.match(
            r"(?:data|figures|a statement|a report|statistics|a survey|estimates)\s+"
            r"(?:published|released|issued|compiled)\s+by\s+(.+)",
            text,
            flags=re.IGNORECASE,
        )
        if agent:
            text = agent.group(1)
        det = re.match(r"(?:the|a|an)\s+", text, flags=re.IGNORECASE)
        bare = text[det.end() :] if det else text
        bare = re.sub(r"^(?:country['’]s|nation['’]s)\s+", "", bare)
        words = bare.split()
        if not words:
            return None
        low = bare.lower()
        if low in _BARE_BODIES:
            entity = self.by_name.get(low) or self.register(_Entity(name=bare.capitalize(), kind=_BARE_BODIES[low]))
            entity.nouns.add(low)
            return entity
        if low in _COUNTRY_BY_NAME or low in _COUNTRY_BY_CAPITAL:
            return self.government(_COUNTRY_BY_NAME.get(low) or _COUNTRY_BY_CAPITAL[low], bare)
        if low in _INSTITUTIONS:
            body, country = _INSTITUTIONS[low]
            entity = self.register(_Entity(name=body, kind="office", affiliation=country, parent=country))
            entity.add_alias(bare)
            return entity
        if low in _OUTLETS:
            entity = self.by_name.get(low) or self.register(_Entity(name=bare, kind="outlet"))
            return entity
        # "observer mission from the Organisation for ... (OSCE)": the body's own unit.
        unit = re.fullmatch(r"([a-z][a-z\s-]*?)\s+(?:from|of|at)\s+(?:the\s+)?([A-Z].*?)(?:\s+\(([A-Z]{2,})\))?", bare)
        if unit and unit.group(1).split()[-1] in {"mission", "delegation", "team", "office", "unit", "panel"}:
            owner = self.body_phrase(unit.group(2), pos)
            if owner is not None:
                if unit.group(3):
                    owner.add_alias(unit.group(3))
                short = unit.group(3) or owner.name
                name = f"{short} {unit.group(1)}"
                entity = self.by_name.get(name.lower()) or self.register(
                    _Entity(name=name, kind=owner.kind, affiliation=owner.affiliation, parent=owner.name)
                )
                entity.nouns |= set(unit.group(1).split())
                return entity
        # A full body name: "Organisation for Security and Co-operation in Europe (OSCE)".
        full = re.fullmatch(r"([A-Z][^()]*?)(?:\s+\(([A-Z]{2,})\))?", bare)
        if (
            full
            and " " in full.group(1)
            and any(w.lower() in _ORG_WORDS for w in full.group(1).split())
            and all(_cap(w) or w in {"of", "for", "and", "in", "on", "the", "&"} for w in full.group(1).split())
        ):
            name = full.group(1)
            entity = self.find_body(name) or self.register(_Entity(name=name, kind=_body_kind(name.split(), "")))
            entity.add_alias(name)
            if full.group(2):
                entity.add_alias(full.group(2))
            _add_body_nouns(entity, name.split(), "")
            return entity
        # "Farmers' association Coldiretti", "vaccine maker Medivax", "disaster agency AFAD"
        caps_tail = []
        for w in reversed(words):
            if _cap(w) or w in {"of", "and", "for", "&"}:
                caps_tail.insert(0, w)
            else:
                break
        while caps_tail and caps_tail[0] in {"of", "and", "for", "&"}:
            caps_tail = caps_tail[1:]
        descriptor = " ".join(words[: len(words) - len(caps_tail)])
        if caps_tail:
            name = " ".join(caps_tail)
            name = re.sub(r"\s*\([^)]*\)$", "", name)
            known = self.find_body(name)
            if known is not None:
                _add_body_nouns(known, [], descriptor)
                return known
            entity = self.body_from_run(caps_tail, descriptor + " " if descriptor else "the ")
            if entity is not None and entity.kind != "person":
                _add_body_nouns(entity, [], descriptor)
                return entity
            return None
        # A name and the sort of body it is: "the IF Metall union" is IF Metall.
        sort = re.fullmatch(r"((?:[A-Z][\w&'’.-]*\s+)+?[A-Z][\w&'’.-]*)\s+([a-z][a-z ]*)", bare)
        if (
            sort
            and sort.group(2).split()[-1] in _DESCRIPTORS
            and not re.search(r"['’]s?$", sort.group(1))
            and (" " in sort.group(1) or sort.group(1).isupper())
        ):
            entity = self.find_body(sort.group(1)) or self.register(
                _Entity(name=sort.group(1), kind=_body_kind(sort.group(1).split(), sort.group(2)))
            )
            entity.add_alias(sort.group(1))
            _add_body_nouns(entity, sort.group(1).split(), sort.group(2))
            return entity
        # An uncapitalised body: "the national civil protection department", "the electoral commission".
        if det and det.group(0).lower().startswith("the") and words[-1].lower() in _ORG_WORDS | {"authority"}:
            known = self.antecedent_description(bare, pos)
            if known is not None:
                return known
            name = bare[0].upper() + bare[1:]
            entity = self.by_name.get(name.lower()) or self.register(_Entity(name=name, kind=_body_kind(words, "")))
            _add_body_nouns(entity, words, "")
            country = _country_in(name)
            if country:
                entity.affiliation = country
            return entity
        if len(words) <= 6 and any(w.lower() in _ORG_WORDS for w in words) and _cap(words[0]):
            name = bare
            entity = self.by_name.get(name.lower()) or self.register(_Entity(name=name, kind=_body_kind(words, "")))
            _add_body_nouns(entity, words, "")
            return entity
        return None

    def antecedent_person(self, pos: int) -> _Entity | None:
        paragraph = self.paragraph_of(pos)
        for mention in self.mentions_before(pos):
            if paragraph - mention.paragraph > 2:
                break
            if mention.entity.kind == "person" and mention.subject:
                return mention.entity
        return None

    def antecedent_body(self, pos: int) -> _Entity | None:
        paragraph = self.paragraph_of(pos)
        for mention in self.mentions_before(pos):
            if paragraph - mention.paragraph > 2:
                break
            if mention.entity.kind in {"organisation", "office", "government", "outlet"} and mention.subject:
                return mention.entity
        return None

    def antecedent_description(self, description: str, pos: int) -> _Entity | None:
        """The latest entity before `pos` that "the <description>" can refer to."""
        words = [w.lower() for w in _words(description)]
        if not words:
            return None
        noun = _clean_possessive(words[-1])
        modifiers = words[:-1]
        country = ""
        for w in modifiers:
            country = country or _COUNTRY_BY_DEMONYM.get(w, "") or _COUNTRY_BY_NAME.get(w, "")
        seen: set[int] = set()
        for mention in self.mentions_before(pos):
            if id(mention.entity) in seen:
                continue
            seen.add(id(mention.entity))
            entity = mention.entity
            nouns = entity.nouns | {w.lower() for w in _words(entity.title)}
            if entity.kind == "person" and noun not in _PERSON_TITLE_WORDS:
                continue
            if entity.kind != "person":
                nouns |= {w.lower() for w in _words(entity.name)}
            if noun not in nouns and not (noun.endswith("s") and noun[:-1] in nouns):
                continue
            if country and entity.affiliation and entity.affiliation != country:
                continue
            other = [m for m in modifiers if m not in _COUNTRY_BY_DEMONYM and m not in nouns]
            if other and entity.kind != "person":
                continue
            return entity
        return None

    # -- claims -------------------------------------------------------------------------------

    def add(self, entity: _Entity, text: str, start: int, end: int, mode: str, surface: str = "") -> _Found | None:
        text = _clean_claim_text(text, entity, mode)
        if not text or len(_words(text)) < 2 or start >= end:
            return None
        found = _Found(entity, text, start, end, mode)
        self.found.append(found)
        return found


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
    if core[-1] in ".!?…;:,":
        return False
    return len(line.split()) <= 25


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
    return quotes


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


def _capitalised_runs(s: str) -> list[tuple[int, int]]:
    """Runs of capitalised words (with name particles and "of"/"and" inside body names)."""
    runs = []
    tokens = list(re.finditer(r"[^\W_][\w'’.\-]*", s))
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not _cap(tok.group(0)):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens):
            nxt = tokens[j + 1]
            gap = s[tokens[j].end() : nxt.start()]
            if gap.strip() not in {"", "(", ")"} and gap.strip() != ") (":
                break
            word = nxt.group(0)
            if _cap(word) or (word in {"of", "and", "for"} and j + 2 < len(tokens) and _cap(tokens[j + 2].group(0))):
                j += 1
                continue
            if word.lower() in _NAME_PARTICLES and j + 2 < len(tokens) and _cap(tokens[j + 2].group(0)):
                j += 1
                continue
            break
        run_end = tokens[j].end()
        text = s[tok.start() : run_end].rstrip(".")
        runs.append((tok.start(), tok.start() + len(text)))
        i = j + 1
    return runs


def _title_prefix_length(tokens: list[str]) -> int:
    """How many leading tokens of a capitalised run are a title: "Interior Minister" in
    "Interior Minister Raúl Medina"."""
    last = 0
    for i, t in enumerate(tokens[:-1]):
        low = _clean_possessive(t).lower().rstrip(".")
        if low in _PERSON_TITLE_WORDS or low in _COUNTRY_BY_DEMONYM:
            last = i + 1
    return last


def _lowercase_title_before(before: str) -> str:
    """The title words right before a name: "regional governor", "union negotiator"."""
    words = before.rstrip().split()
    taken: list[str] = []
    for w in reversed(words):
        bare = _clean_possessive(w).lower().strip(",")
        if w.endswith(",") or bare in {"the", "a", "an", "said", "told"} or w[-1] in '.:;"”':
            break
        if not (_cap(w) or bare in _PERSON_TITLE_WORDS or bare in {
            "regional", "civil", "protection", "market", "foreign", "policy", "union", "party",
            "defence", "defense", "interior", "finance", "health", "labour", "labor", "prime",
            "chief", "executive", "deputy", "vice", "ministry", "national", "state", "federal",
            "former", "acting", "interim", "senior", "club", "team", "general", "economy",
        }):  # fmt: skip
            break
        taken.insert(0, w)
        if len(taken) >= 6:
            break
    return " ".join(taken)


_DESCRIPTORS = _ORG_WORDS | _COMPANY_WORDS | {
    "association", "agency", "broadcaster", "newspaper", "daily", "outlet", "charity", "watchdog",
    "regulator", "insurer", "chain", "startup", "giant", "conglomerate", "body", "organisation",
}  # fmt: skip


def _descriptor_before(before: str) -> str:
    """The common noun that introduces a name: "vaccine maker" Medivax, "disaster agency" AFAD."""
    words = before.rstrip().split()
    taken = []
    for w in reversed(words[-3:]):
        if w[-1:] in ",.;:" or _cap(w) or w.lower() in _PREPOSITIONS:
            break
        taken.insert(0, w)
    if not taken or _clean_possessive(taken[-1]).lower() not in _DESCRIPTORS:
        return ""
    return " ".join(taken)


def _normalise_title(title: str) -> str:
    title = " ".join(title.split()).strip(" ,")
    title = re.sub(r"^(?:the|a|an)\s+", "", title, flags=re.IGNORECASE)
    words = title.split()
    if len(words) >= 2:
        country = _COUNTRY_BY_DEMONYM.get(words[0].lower()) or _COUNTRY_BY_NAME.get(_clean_possessive(words[0]).lower())
        if country and all(w.lower() in _PERSON_TITLE_WORDS | {"prime", "foreign", "defence", "defense"}
                           for w in words[1:]):  # fmt: skip
            return f"{' '.join(words[1:])} of {country}"
    return title


def _with_article(name: str) -> str:
    """ "National Bank of Poland" -> "the National Bank of Poland"; "Medivax" stays as it is."""
    words = name.split()
    if len(words) > 1 and (" of " in name or words[-1].lower() in _ORG_WORDS):
        return f"the {name}"
    return name


def _demonym(country: str) -> str:
    demonyms = _COUNTRIES.get(country, ((country,), (), ()))[0]
    return demonyms[0] if demonyms else country


_OFFICE_WORDS = {
    "ministry", "department", "police", "agency", "authority", "office", "service", "army", "navy",
    "forces", "guard", "commission", "directorate", "bureau", "court", "prosecutor",
}  # fmt: skip


def _body_kind(words: list[str], descriptor: str) -> str:
    lows = {w.lower() for w in words} | set(descriptor.lower().split())
    if lows & _OFFICE_WORDS:
        return "office"
    if lows & {"government", "administration", "cabinet"}:
        return "government"
    if lows & {"tv", "radio", "news", "times", "post", "journal", "broadcaster", "newspaper", "channel"}:
        return "outlet"
    return "organisation"


def _add_body_nouns(entity: _Entity, words: list[str], descriptor: str) -> None:
    lows = {_clean_possessive(w).lower() for w in words} | {_clean_possessive(w).lower() for w in descriptor.split()}
    entity.nouns |= lows & (_ORG_WORDS | _COMPANY_WORDS | {"agency", "association", "union", "authority"})
    if lows & _COMPANY_WORDS:
        entity.nouns |= {"company", "firm", "group"}
    if lows & _CLUB_WORDS:
        entity.nouns |= {"club", "team", "side"}
    if lows & {"union", "metall"}:
        entity.nouns.add("union")


def _split_appositions(phrase: str) -> tuple[str, list[str]]:
    """ "Oleksiy Danilov, the secretary of ..., " -> ("Oleksiy Danilov", ["the secretary of ..."])."""
    parts = [p.strip() for p in _split_outside_parens(phrase, ",")]
    parts = [p for p in parts if p]
    if not parts:
        return "", []
    return parts[0], parts[1:]


def _split_outside_parens(s: str, sep: str) -> list[str]:
    out, depth, cur = [], 0, []
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == sep and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


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
    def __init__(self, text: str):
        self.doc = _Document(text)
        self.pending_verb = (0, 0)

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
                self.doc.consumed.add(self.pending_verb[0])
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
            self.doc.consumed.add(offset + m.start())
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
        self.doc.consumed.add(offset + m.start())
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
            self.doc.add(entity, clause, start, end, mode)

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
        self.doc.add(entity, joined, parts[0][0], parts[-1][1], "quote")

    def continue_quote(self, parts: list[tuple[int, int]], sentence: _Sentence) -> None:
        doc = self.doc
        if not doc.found:
            return
        last = doc.found[-1]
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
            doc.add(last.entity, piece, parts[0][0], parts[-1][1], "quote")

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
                doc.add(entity, s[c_start:c_end], sentence.start + c_start, sentence.start + c_end, "reported")
                taken_until = max(taken_until, c_end)
            elif s[m.start() - 2 : m.start()] == ", ":
                src_end = _first_of(s, m.end(), ",.;")
                source = s[m.end() : src_end]
                entity = doc.resolve(source, sentence.start + m.end())
                if entity is None:
                    continue
                c_start = _clause_start_before(s, m.start() - 2)
                clause = s[c_start : m.start() - 2]
                doc.add(entity, clause, sentence.start + c_start, sentence.start + m.start() - 2, "reported")
                doc.mention(entity, sentence.start + m.end(), source)
                taken_until = max(taken_until, src_end)
        for m in _VERB_RE.finditer(s):
            v_start = sentence.start + m.start()
            verb = m.group(1)
            if m.start() < taken_until or doc.in_quote(v_start) or (verb in _QUOTE_ONLY_VERBS and verb != "wrote"):
                continue
            if v_start in doc.consumed:
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
                doc.add(speaker, s[start:end], sentence.start + start, sentence.start + end, "reported")
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
            doc.add(speaker, text, sentence.start + m.start("cause"), sentence.start + end, "reported")

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
        self.doc.add(entity, clause, sentence.start + c_start, sentence.start + clause_end, "reported")
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
        self.doc.add(entity, clause, sentence.start + start_rel, sentence.start + end_rel, mode)
        # "... and that CLAUSE": another claim of the same speaker.
        nxt = re.match(r",?\s+and\s+that\s+", s[end_rel:])
        if nxt:
            c2 = end_rel + nxt.end()
            e2 = _clause_end(s, c2)
            self.doc.add(entity, s[c2:e2], sentence.start + c2, sentence.start + e2, "reported")
            end_rel = e2
        return end_rel

    def _quote_claimed(self, pos: int) -> bool:
        return any(f.start <= pos + 1 < f.end or f.start == pos for f in self.doc.found[-20:])

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
            body = re.sub(r"\b(?:allegedly|reportedly|purportedly|supposedly)\s+", "", m.group("body"))
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
            doc.add(actor, clause, start, end, "reported")

    # -- output ------------------------------------------------------------------------------

    def finish(self) -> list[Claim]:
        found = sorted(self.doc.found, key=lambda f: (f.start, -(f.end - f.start)))
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


def extract_claims(text: str) -> list[Claim]:
    """Every claim a source makes in `text`, in document order; [] when there is none.

    Never raises: odd input (empty, huge, unbalanced quotation marks) gives what can be read.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    text = text[:_MAX_DOCUMENT]
    try:
        return _Extractor(text).run()
    except Exception:  # a bad document must not stop an ingest run
        logger.exception("claim extraction failed on a document of %d characters", len(text))
        return []
