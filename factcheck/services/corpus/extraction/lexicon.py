"""Word lists: countries and their demonyms and capitals, seats of power, outlets, titles, body words,
speech verbs; and the word-level tests built on them."""

from __future__ import annotations

import functools
import re

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

# Ranks as abbreviated before a name ("Det. James Patterson", "Supt. Anna Lee"): titles, not
# sentence ends (the parser keeps them one token: parse.py).
RANKS = {"det", "supt", "insp", "sgt", "capt", "maj", "cpl", "pvt", "adm", "brig", "cmdr", "rev"}
_PERSON_TITLE_WORDS = {
    "president", "minister", "secretary", "chancellor", "governor", "mayor", "senator",
    "representative", "general", "colonel", "admiral", "commander", "chief", "executive", "ceo",
    "chairman", "chairwoman", "chair", "director", "spokesman", "spokeswoman", "spokesperson",
    "ambassador", "envoy", "king", "queen", "prince", "pope", "judge", "prosecutor", "attorney",
    "coach", "manager", "captain", "striker", "midfielder", "defender", "goalkeeper", "player",
    "professor", "economist", "analyst", "negotiator", "leader", "head", "deputy", "lawmaker",
    "officer", "official", "founder", "owner", "teacher", "doctor", "nurse", "seismologist",
    "scientist", "researcher", "expert", "premier", "speaker", "adviser", "advisor", "aide", "marshal",
    "diplomat", "commissioner", "inspector", "superintendent", "sheriff", "rapporteur", "dr",
    "prof", "mr", "mrs", "ms", "sir", "dame", "lord", "lady", "gen", "col", "sen", "rep", "gov", "lt",
} | RANKS  # fmt: skip
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
} | RANKS  # fmt: skip

# "'s foreign ministry" after a country's name.
_POSSESSIVE_BODY_RE = re.compile(r"(?:['’]s)?\s+((?:[a-z-]+\s+){0,3}(?:" + "|".join(sorted(_ORG_WORDS)) + r"))\b")
_WORD_RE = re.compile(r"[^\W_]+(?:['’\-.][^\W_]+)*(?:['’]s?)?", re.UNICODE)
_OPEN_D = "“„«"
_CLOSE_D = "”»"
_HTML_QUOTE_RE = re.compile(r"&(?:quot|ldquo|rdquo|#8220|#8221|#34|#x22);", re.IGNORECASE)
_MAX_DOCUMENT = 5_000_000  # characters; beyond this only the start is read
_MAX_SENTENCE = 2_000  # characters; real sentences are far shorter


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
