"""Who speaks: the people and bodies an article names, and what a speaker phrase refers to.

Surnames, pronouns, "the minister", "the Belarussian President", "the club", "X's office" and
unnamed officials are resolved against the entities registered so far, nearest mention first.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from factcheck.services.corpus.extraction.claims import Speaker
from factcheck.services.corpus.extraction.layout import _Layout
from factcheck.services.corpus.extraction.lexicon import (
    _BARE_BODIES,
    _CALENDAR,
    _CLUB_WORDS,
    _COMPANY_WORDS,
    _COUNTRIES,
    _COUNTRY_BY_CAPITAL,
    _COUNTRY_BY_DEMONYM,
    _COUNTRY_BY_NAME,
    _DISCOURSE_START,
    _EXPERTS,
    _INSTITUTIONS,
    _KNOWN_LEADERS,
    _NAME_PARTICLES,
    _NOT_NAME_START,
    _OBJECT_CUES,
    _ORG_WORDS,
    _OUTLETS,
    _PERSON_TITLE_WORDS,
    _PLACE_WORDS,
    _POSSESSIVE_BODY_RE,
    _PREPOSITIONS,
    _STATE_TITLES,
    _cap,
    _clean_possessive,
    _country_in,
    _looks_like_person_name,
    _normalise_title,
    _words,
)


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


class _Document(_Layout):
    """The layout plus the people and bodies the article names, and the mentions of each."""

    def __init__(self, text: str):
        super().__init__(text)
        self.entities: list[_Entity] = []
        self.by_name: dict[str, _Entity] = {}
        self.mentions: list[_Mention] = []

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
