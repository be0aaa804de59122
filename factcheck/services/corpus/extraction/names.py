"""Who a speaker phrase names, read from the parse: people and bodies an article mentions, and
what "he", "the spokesman", "the company" or a surname alone refers back to.

Every named person (a PERSON entity, or a run of proper nouns a title or a speech verb marks as a
person) and body (ORG, GPE entities, seats of power such as "the Pentagon") is registered with
its mentions in document order. A subject phrase is then resolved, in this order:

1. a pronoun: the nearest earlier speaker or subject of the right sort (a person for he/she, a
   body or a group for it/they);
2. a person's name (with title and apposition taken apart: "Rear Adm. John Kirby, the Pentagon
   press secretary"); a surname alone is the person named in full earlier;
3. a spokesperson, representative or statement of a body: the body (no one is named);
4. unnamed people ("a senior U.S. official", "two sources close to the family", "witnesses"):
   a description of them;
5. "the minister", "the company", "the airline": the latest entity that noun describes;
6. a body's name ("the Syrian Observatory for Human Rights", "Russia", "Calcutta police").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from factcheck.services.corpus.extraction.claims import Speaker
from factcheck.services.corpus.extraction.lexicon import (
    _COMPANY_WORDS,
    _COUNTRY_BY_CAPITAL,
    _COUNTRY_BY_DEMONYM,
    _COUNTRY_BY_NAME,
    _INSTITUTIONS,
    _KNOWN_LEADERS,
    _ORG_WORDS,
    _OUTLETS,
    _PERSON_TITLE_WORDS,
    _country_in,
    _normalise_title,
)

# Nouns for people who speak without being named: the description is the speaker.
UNNAMED = {
    "official", "officials", "source", "sources", "diplomat", "diplomats", "aide", "aides", "insider",
    "insiders", "officer", "officers", "witness", "witnesses", "resident", "residents", "person", "people",
    "expert", "experts", "analyst", "analysts", "scientist", "scientists", "researcher", "researchers",
    "doctor", "doctors", "investigator", "investigators", "prosecutor", "prosecutors", "activist",
    "activists", "observer", "observers", "critic", "critics", "user", "users", "fan", "fans", "friend",
    "friends", "neighbour", "neighbours", "neighbor", "neighbors", "villager", "villagers", "student",
    "students", "worker", "workers", "employee", "employees", "member", "members", "relative", "relatives",
    "family", "parents", "commentators", "reporters", "journalists", "militants", "fighters", "rebels",
    "protesters", "survivors", "victims", "passengers", "locals", "authorities", "engineers", "staff",
    "lawmakers", "legislators", "ministers", "leaders", "representatives", "spokespeople", "supporters",
    "customers", "customer", "participants", "medics", "paramedics", "firefighters",
    "rescuers", "soldiers", "troops", "commanders", "police", "policemen", "detectives", "agents",
}  # fmt: skip
# Unnamed people who speak for a body: all of one body's are one office speaker ("Pentagon official").
OFFICIALS = {"official", "officer", "diplomat", "aide"}
# People who speak for the body they work at, when it is named ("analysts at Nordea").
EXPERTS = {"analyst", "economist", "expert", "researcher", "scientist", "meteorologist", "forecaster", "engineer"}
# Nouns for one who speaks for a body: with the body named, the body is the speaker.
SPOKES = {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "representative", "representatives", "press"}
# Nouns for a text that speaks: a statement of a body is the body's.
DOCUMENTS = {
    "statement", "statements", "report", "reports", "study", "letter", "tweet", "post", "message", "memo",
    "document", "documents", "filing", "release", "announcement", "communique", "video", "footage",
    "website", "blog", "account", "page", "survey", "poll", "analysis", "paper", "article", "story",
    "investigation", "inquiry", "review", "complaint", "lawsuit", "indictment", "notice", "bulletin",
    "data", "statistics",
}  # fmt: skip
# Nouns by which a body is referred back to ("the company said").
BODY_NOUNS = _ORG_WORDS | {
    "company", "firm", "airline", "carrier", "maker", "group", "organisation", "organization", "agency",
    "newspaper", "paper", "broadcaster", "channel", "network", "outlet", "site", "website", "magazine",
    "tabloid", "daily", "station", "team", "club", "side", "government", "administration", "regime",
    "ministry", "department", "office", "embassy", "military", "army", "police", "force", "forces",
    "militia", "movement", "charity", "watchdog", "regulator", "retailer", "manufacturer", "giant",
    "studio", "label", "band", "league", "federation", "union", "council", "court", "service",
}  # fmt: skip
NEWS_WORDS = {
    "times", "post", "mail", "news", "journal", "telegraph", "guardian", "independent", "mirror", "sun",
    "herald", "tribune", "express", "gazette", "observer", "examiner", "chronicle", "standard", "star",
    "daily", "today", "press", "cnn", "bbc", "reuters", "afp", "ap", "nbc", "cbs", "abc", "fox", "msnbc",
    "tmz", "buzzfeed", "gawker", "huffington", "vice", "wired", "verge", "mashable", "techcrunch", "engadget",
    "bloomberg", "economist", "politico", "slate", "salon", "atlantic", "newsweek", "time", "magazine",
    "tv", "radio", "television", "channel", "network", "agency", "wire", "tass", "xinhua", "yonhap",
    "globe", "inquirer", "courier", "dispatch", "sentinel", "kcna", "kbs", "sinmun", "ilbo", "shimbun",
    "spiegel", "pravda", "izvestia",
}  # fmt: skip
NOT_PEOPLE = {"god", "allah", "twitter", "facebook", "instagram", "youtube", "reddit", "vine", "tumblr", "snapchat"}
# Subjects of a speech verb that are not speakers: "the move suggests", "the figures show".
NOT_SPEAKERS = {
    "move", "decision", "data", "figure", "figures", "evidence", "image", "images", "photo", "photos",
    "picture", "pictures", "footage", "clip", "result", "results", "fact", "situation", "incident",
    "attack", "death", "case", "news", "rumour", "rumor", "speculation", "story", "headline", "title",
    "caption", "message", "sign", "signs", "number", "numbers", "change", "development", "event",
    "research", "record", "records", "scene", "time", "day", "year", "week", "way", "thing", "things",
    # the plurals, and more things that cannot speak ("airstrikes suggest", "the iPhone 6 saga")
    "moves", "decisions", "facts", "situations", "incidents", "attacks", "deaths", "cases",
    "rumours", "rumors", "stories", "headlines", "messages", "changes", "developments", "events",
    "information", "saga", "hashtag", "hashtags", "airstrike", "airstrikes", "internet", "world",
}  # fmt: skip
# Places where things are posted, not who posts them.
PLATFORMS = {"twitter", "facebook", "instagram", "youtube", "reddit", "vine", "tumblr", "snapchat", "weibo", "whatsapp"}
HONORIFIC = re.compile(
    r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Rev|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Maj|Adm|Cmdr)\.?$"
)
POSSESSIVE = {"'s", "’s", "'", "’"}


@dataclass
class Entity:
    name: str
    kind: str  # person | organisation | office | government | outlet | unknown
    title: str = ""
    affiliation: str = ""
    aliases: list[str] = field(default_factory=list)
    nouns: set[str] = field(default_factory=set)
    parent: str = ""

    @property
    def surname(self) -> str:
        return self.name.split()[-1] if self.kind == "person" else ""

    def add_alias(self, alias: str) -> None:
        alias = " ".join(alias.split()).strip(" ,;:")
        if alias and alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)

    def speaker(self) -> Speaker:
        parent = self.parent or (self.affiliation if self.kind in {"person", "office"} else "")
        return Speaker(self.name, self.kind, self.title, self.affiliation, tuple(self.aliases), parent)


def initials(name: str) -> str:
    """ "North Korea Intellectuals Solidarity" -> "NKIS"; "Syrian Observatory for Human Rights" -> "SOHR"."""
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in {"of", "for", "the", "and", "on", "in"}]
    return "".join(w[0].upper() for w in words) if len(words) >= 2 else ""


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s-]", "", name.casefold()).replace("-", " ").split())


CLUB_WORDS = {"athletic", "united", "city", "fc", "club", "rovers", "wanderers", "albion", "town", "county"}
# Nouns that say what sort of body a name is: "the IF Metall union" is IF Metall.
DESCRIPTORS = {
    "union", "news", "group", "company", "firm", "party", "club", "team", "agency", "newspaper", "paper", "channel",
    "broadcaster", "maker", "carmaker", "airline", "carrier", "network", "website", "site", "magazine",
    "tabloid", "daily", "charity", "watchdog", "regulator", "retailer", "giant", "bank", "lender", "insurer",
}  # fmt: skip


# A state body is named with its state: "Iraq's Interior Ministry", "the Gaza-based Ministry of Interior".
STATE_BODIES = {
    "ministry", "department", "office", "police", "army", "military", "embassy", "government", "council",
    "court", "parliament", "administration", "authority", "authorities", "force", "forces", "navy", "command",
}  # fmt: skip


def body_name(tokens) -> tuple[str, set[str]]:
    """A body's name from its noun phrase, and the nouns that describe it: the proper name when
    descriptors go with it ("the IF Metall union" is IF Metall, "Danish drugmaker Nordvik Pharma"
    is Nordvik Pharma), the whole phrase otherwise ("the Po river authority", "Armenia's defence
    ministry"). A trailing "(OSCE)" comes off the name."""
    tokens = [t for t in tokens if t.dep_ != "det"]
    # "the bank's monetary policy council": a common-noun owner is not part of the name
    owners = [t for t in tokens if t.dep_ == "poss" and t.pos_ == "NOUN"]
    for owner in owners:
        tokens = [t for t in tokens if t.i not in {owner.i, *(c.i for c in owner.children)}]
    while tokens and tokens[-1].text in {")", "(", ","}:
        tokens = tokens[:-1]
    if "(" in [t.text for t in tokens]:
        tokens = tokens[: [t.text for t in tokens].index("(")]
    text = text_of(tokens).strip()

    def proper_word(t) -> bool:
        return t.pos_ == "PROPN" or t.ent_type_ in {"ORG", "FAC"} or (t.is_upper and len(t) > 1)

    # "Seoul-based think tank X", "South Korea's Yonhap news agency": the place describes a body
    # with a name of its own (X, Yonhap). A ministry or a police force is named with its place:
    # "Armenia's defence ministry", "Iraq's Interior Ministry", "Gaza-based Ministry of Interior".
    based = {t.i for t in tokens for b in [t, t.head] if b.dep_ == "amod" and b.lower_ == "based"}
    owner = {t.i for t in tokens if t.dep_ == "poss" and t.ent_type_ == "GPE" for t in t.subtree}
    own_name = [t for t in tokens if proper_word(t) and t.text[:1].isupper() and t.i not in based | owner]
    if (owner or based) and own_name and not any(t.lower_ in STATE_BODIES for t in own_name):
        tokens = [t for t in tokens if t.i not in owner and t.text not in POSSESSIVE]
        text, possessed = text_of(tokens).strip(), False
    else:
        based, possessed = set(), bool(owner)
    proper = [t for t in tokens if proper_word(t) and t.i not in based]
    descriptors = {t.lower_ for t in tokens if t.pos_ == "NOUN" and t.lower_ in DESCRIPTORS | BODY_NOUNS}
    if proper and not possessed:
        first, last = proper[0].i, proper[-1].i
        inner = [t for t in tokens if first <= t.i <= last]
        before = [t for t in tokens if t.i < first]
        after = [t for t in tokens if t.i > last]
        proper_inside = all(proper_word(t) or t.lower_ in {"of", "for", "and", "the", "&", "-"} for t in inner)
        # descriptors before the name ("vaccine maker Medivax") or one sort-noun after it ("IF Metall union")
        # "Danish drugmaker Nordvik Pharma": a nationality before a common noun describes; "Saudi
        # Arabian Airlines" has no common noun before the name, so "Saudi" is part of it.
        sort_noun = any(t.pos_ == "NOUN" and t.text[:1].islower() for t in before)
        describing = all(
            t.i in based
            or (
                t.pos_ in {"NOUN", "ADJ", "PART", "DET", "PRON", "VERB"}
                and (t.text[:1].islower() or t.dep_ == "poss" or (t.ent_type_ == "NORP" and sort_noun))
            )
            for t in before
        ) and (not after or all(t.pos_ == "NOUN" and t.lower_ in DESCRIPTORS for t in after))
        if proper_inside and describing and (before or after):
            descriptors |= {t.lower_ for t in [*before, *after] if t.pos_ == "NOUN"}
            text = text_of(inner)
    return strip_article(text.removesuffix("'s").removesuffix("’s")), descriptors


def strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def is_outlet_name(name: str) -> bool:
    words = _key(name).split()
    if words and words[0] in _PERSON_TITLE_WORDS and len(words) > 2:
        return False  # "Economist Piotr Zawadzki" is a person with a title
    return " ".join(words) in _OUTLETS or (any(w in NEWS_WORDS for w in words) and len(words) <= 5)


@dataclass
class _Mention:
    pos: int
    entity: Entity
    speaker: bool
    salient: bool = False  # the subject of its sentence's main verb


class Registry:
    """The entities of one document and their mentions, in document order."""

    def __init__(self):
        self.entities: list[Entity] = []
        self.by_key: dict[str, Entity] = {}
        self.mentions: list[_Mention] = []

    def _register(self, name: str, kind: str) -> Entity:
        key = _key(name)
        entity = self.by_key.get(key)
        if entity is None:
            entity = Entity(name=name, kind=kind)
            self.entities.append(entity)
            self.by_key[key] = entity
        return entity

    def person(self, name: str, *, title: str = "") -> Entity:
        """The person of that name: one named in full before when this is a surname or a first name
        alone ("Kirby", "Stan"), else a new one. A name the entity tagger took for a body becomes
        a person once a title, a speech verb or an apposition shows it is one."""
        entity = self.known_as(name) if len(name.split()) == 1 else None
        entity = entity or self.by_key.get(_key(name)) or self._longer_name(name)
        if entity is not None and entity.kind in {"organisation", "outlet", "government"} and not is_outlet_name(name):
            entity.kind = "person"
        if entity is None:
            entity = self._register(name, "person")
        if len(entity.name.split()) > 1:
            entity.add_alias(entity.name.split()[-1])
        entity.affiliation = entity.affiliation or _KNOWN_LEADERS.get(entity.name.lower(), "")
        if title:
            self.enrich(entity, title)
        return entity

    def _longer_name(self, name: str) -> Entity | None:
        """ "Se Pyong" after "So Se Pyong", "Bakr al-Baghdadi" after "Abu Bakr al-Baghdadi": the
        person named in full before, when only one fits."""
        if len(name.split()) < 2:
            return None
        tail = " " + _key(name)
        fits = [e for e in self.entities if e.kind == "person" and _key(e.name).endswith(tail)]
        return fits[0] if len(fits) == 1 else None

    def known_as(self, word: str) -> Entity | None:
        """The person a single name refers to: a surname first, else a first name if only one fits."""
        people = [
            e
            for e in self.entities
            if len(e.name.split()) > 1 and (e.kind == "person" or (e.kind == "organisation" and not e.nouns))
        ]
        by_surname = [e for e in people if _key(e.name.split()[-1]) == _key(word)]
        if by_surname:
            return by_surname[-1]
        by_first = [e for e in people if _key(e.name.split()[0]) == _key(word)]
        return by_first[0] if len(by_first) == 1 else None

    def enrich(self, entity: Entity, title: str) -> None:
        title = " ".join(title.split()).strip(" ,")
        if not title or entity.title:
            return
        entity.title = _normalise_title(title)
        entity.nouns |= {w.lower().strip(".,") for w in title.split()}
        if not entity.affiliation:
            at = re.search(r"\b(?:at|of|for|from)\s+(?:the\s+)?([A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})", title)
            entity.affiliation = (
                _country_in(title) or (at.group(1) if at else "") or _KNOWN_LEADERS.get(entity.name.lower(), "")
            )
        if len(title.split()) <= 3:
            entity.add_alias(f"{title} {entity.name}")
        words = title.split()
        if len(words) >= 2 and words[0].lower() in _COUNTRY_BY_DEMONYM:
            entity.add_alias(f"the {title}")  # "the Belarussian President" refers back to him

    def body(self, name: str, *, kind: str = "") -> Entity:
        name = strip_article(name)
        name = name[:1].upper() + name[1:]
        low = name.lower()
        if low in _INSTITUTIONS:
            body, country = _INSTITUTIONS[low]
            entity = self._register(body, "office")
            entity.affiliation = country
            entity.add_alias(name)
            return entity
        country = _COUNTRY_BY_NAME.get(low) or _COUNTRY_BY_CAPITAL.get(low)
        if country:
            entity = self._register(country, "government")
            entity.affiliation = country
            entity.nouns |= {"country", "government", "state", "authorities"}
            entity.add_alias(name)
            return entity
        kind = kind or ("outlet" if is_outlet_name(name) else "organisation")
        spelled_out = self.spelled_out(name)
        if spelled_out is not None:  # "NKIS" after "North Korea Intellectuals Solidarity"
            spelled_out.add_alias(name)
            return spelled_out
        entity = self._register(name, kind)
        for other in self.entities:  # the full name after its acronym: the acronym is an alias
            if other is not entity and other.kind in {"organisation", "outlet"} and initials(name) == other.name:
                entity.add_alias(other.name)
        # "Yonhap news agency" is also "Yonhap", as other articles call it
        bare = re.sub(r"(?:\s+(?:news|press|wire))?\s+(?:agency|newspaper|daily|website|site|network)$", "", name)
        if bare != name and bare[:1].isupper():
            entity.add_alias(bare)
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", name)}
        entity.nouns |= words & BODY_NOUNS
        if words & CLUB_WORDS:
            entity.nouns |= {"club", "team", "side"}
        if words & _COMPANY_WORDS:
            entity.nouns |= {"company", "firm", "group"}
        if kind == "outlet":
            entity.nouns |= {"newspaper", "paper", "outlet", "site", "website", "broadcaster", "channel", "network"}
        if not entity.affiliation:
            country = _country_in(name)
            entity.affiliation = country if country and country != name else ""
        return entity

    def spelled_out(self, acronym: str) -> Entity | None:
        """The body an acronym stands for, when the article names it in full."""
        if not re.fullmatch(r"[A-Z]{2,6}", acronym) or acronym.lower() in _COUNTRY_BY_NAME:
            return None
        bodies = (e for e in self.entities if e.kind in {"organisation", "outlet", "office"})
        return next((e for e in bodies if initials(e.name) == acronym), None)

    def description(self, text: str, *, kind: str = "unknown") -> Entity:
        """Someone described, not named ("a senior Pentagon official"); "the official" refers back."""
        entity = self._register(text, kind)
        words = re.findall(r"[A-Za-z]+", text.lower())
        if words:
            entity.nouns.add(words[-1])
            entity.nouns |= {w for w in words if w in UNNAMED or w in _PERSON_TITLE_WORDS}
        return entity

    def mention(self, entity: Entity, pos: int, *, speaker: bool = False, salient: bool = False) -> None:
        bisect.insort(self.mentions, _Mention(pos, entity, speaker, salient), key=lambda m: m.pos)

    def before(self, pos: int, *, within: int = 1500):
        i = bisect.bisect_left(self.mentions, pos, key=lambda m: m.pos)
        for mention in reversed(self.mentions[max(0, i - 300) : i]):
            if pos - mention.pos > within:
                break
            yield mention

    def antecedent(self, pos: int, kinds: set[str], *, plural: bool | None = None) -> Entity | None:
        """The nearest earlier speaker of one of the kinds, else the nearest such mention that was
        its sentence's subject ("Jess was selected as Laa Laa and Po had fun below. She said": Jess),
        else the nearest such mention."""
        salient = fallback = None
        for mention in self.before(pos):
            entity = mention.entity
            if entity.kind not in kinds:
                continue
            if plural is not None and entity.kind == "unknown" and _is_plural(entity.name) != plural:
                continue
            if mention.speaker:
                return entity
            if mention.salient:
                salient = salient or entity
            fallback = fallback or entity
        return salient or fallback

    def described(self, noun: str, pos: int) -> Entity | None:
        """The latest entity that "the <noun>" can refer to."""
        noun = noun.lower()
        for mention in self.before(pos, within=4000):
            entity = mention.entity
            nouns = entity.nouns | {w.lower() for w in entity.name.split()} if entity.kind != "person" else entity.nouns
            if noun in nouns or (noun.endswith("s") and noun[:-1] in nouns):
                return entity
        return None


def _is_plural(text: str) -> bool:
    last = text.split()[-1].lower() if text.split() else ""
    return (last.endswith("s") and not last.endswith("ss")) or last in {"people", "police", "staff", "family"}


# ---------------------------------------------------------------------------------------------
# Reading a noun phrase


def phrase_tokens(head) -> list:
    """The tokens of a subject's noun phrase: the head and its modifiers, without relative clauses,
    appositions, participle clauses or trailing punctuation."""
    keep = []
    for child in head.children:
        if child.dep_ in {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "parataxis"}:
            continue
        keep.extend(child.subtree)
    tokens = sorted([*keep, head], key=lambda t: t.i)
    dash = [t.i for t in tokens if t.text in {"—", "–", "--"} and t.i < head.i]
    if dash:  # "MANAGUA, Nicaragua (AP) — Nicaragua's government": the dateline goes
        tokens = [t for t in tokens if t.i > dash[-1]]
    # a leading punctuation mark, "and", "what" ("after what sources said"), a date ("Earlier this
    # month reports surfaced claiming"): not the speaker's name
    while tokens and (
        tokens[0].is_punct or tokens[0].dep_ == "cc" or tokens[0].tag_ in {"WDT", "WP"} or tokens[0].ent_type_ == "DATE"
    ):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].text in POSSESSIVE):
        tokens = tokens[:-1]
    return tokens


def text_of(tokens) -> str:
    out, last = "", None
    for t in tokens:
        if last is not None and t.i != last + 1 and not out.endswith(" "):
            out += " "  # a token left out between ("user, with the handle" without its comma)
        out += t.text + t.whitespace_
        last = t.i
    return " ".join(out.split()).strip(" ,")


def appositions(head) -> list[str]:
    """The phrases in apposition to a head ("Oleksiy Danilov, the secretary of the ... (NSDC) of Ukraine")."""
    out = []
    for child in head.children:
        if child.dep_ == "appos":
            tokens = sorted(child.subtree, key=lambda t: t.i)
            while tokens and tokens[-1].text in {",", ";", "—", "–"}:
                tokens = tokens[:-1]
            out.append(text_of(tokens))
    return out


def name_words(tokens) -> list[str]:
    """The words of a name as written: "Lt.", "al-Jabbouri", "Kwan-il" stay whole."""
    return [w for w in text_of(t for t in tokens if t.text not in POSSESSIVE).split() if w not in POSSESSIVE]


def is_title_word(word: str) -> bool:
    return (
        word.lower().strip(".") in _PERSON_TITLE_WORDS
        or bool(HONORIFIC.match(word))
        or word.lower() in _COUNTRY_BY_DEMONYM
        or (
            word[:1].islower()
            and word.lower() not in PARTICLES
            and not re.match(r"^(?:al|el|ad|ibn|bin|abu)-", word.lower())
        )
    )


def person_name(tokens) -> tuple[str, str]:
    """(name, title) from a run of tokens that names a person: the title comes off the front, up
    to its last title word ("Interior Minister Raúl Medina", "Air Chief Marshal Alex Badeh")."""
    words = name_words(tokens)
    last = max((i for i, w in enumerate(words[:-1]) if w.lower().strip(".") in _PERSON_TITLE_WORDS), default=-1)
    title = words[: last + 1]
    words = words[last + 1 :]
    while len(words) > 1 and is_title_word(words[0]):
        title.append(words.pop(0))
    return " ".join(words), " ".join(title)


PARTICLES = {
    "de",
    "da",
    "di",
    "van",
    "von",
    "der",
    "den",
    "bin",
    "al",
    "el",
    "ibn",
    "abu",
    "le",
    "la",
    "du",
    "dos",
    "del",
}


def name_run(head) -> list:
    """The proper nouns that end at `head` (titles included, taken off later), with the hyphens and
    particles inside a name: "Hamish de Bretton-Gordon", "Choe Kwan-il"."""
    doc, start = head.doc, head.i
    while start > 0:
        prev = doc[start - 1]
        inside = prev.text in {"-", "‑"} or prev.lower_ in PARTICLES
        if prev.pos_ == "PROPN" or (inside and start - 2 >= 0 and doc[start - 2].pos_ == "PROPN"):
            start -= 1
            continue
        break
    end = head.i + 1
    while end + 1 < len(doc) and doc[end].text in {"-", "‑"} and doc[end + 1].pos_ == "PROPN":
        end += 2
    return list(doc[start:end])


def looks_like_name(tokens) -> bool:
    """One to five capitalised words ("al-" and name particles allowed), no digits, no platform,
    no word that makes it a body ("Nordvik Pharma", "Malaysia Airlines")."""
    words = name_words(tokens)
    if not words or len(words) > 6:
        return False
    if any(any(ch.isdigit() for ch in w) or w.lower() in NOT_PEOPLE for w in words):
        return False
    if any(w.lower().strip(".,") in _ORG_WORDS | _COMPANY_WORDS for w in words):
        return False
    return all(
        w[:1].isupper() or w.lower() in PARTICLES or re.match(r"^(?:al|el|ad|ibn|bin|abu)-\w", w.lower()) or w == "-"
        for w in words
    )


ORG_ENTS = {"ORG", "GPE", "NORP", "FAC", "LOC"}
