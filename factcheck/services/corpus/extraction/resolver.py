"""Who a frame's subject is: the parse's subject phrase resolved to a person or body of the document.

`Resolver.resolve` reads, in order: nobody ("no one said": no speaker), pronouns (through the
document's `names.Registry`), a dateline, a person's name, a name in apposition, "one of the
officials", "the minister" or "the company" met before, offices ("the White House said"), a
mission's body, a body's spokespeople and documents ("a ministry statement"), unnamed officials,
bodies by name or noun, and a described person ("the woman"). In the "rules" modes the older
regex reading (`speakers._Document`) is asked first or as a fallback.
"""

from __future__ import annotations

import re

from factcheck.services.corpus.extraction import names
from factcheck.services.corpus.extraction.lexicon import _PERSON_TITLE_WORDS

NOBODY = {"nobody", "noone", "everyone", "everybody", "anyone", "anybody", "someone", "somebody", "none", "nothing"}
# "with the handle '24/7 rants'", "under the username X": the name the phrase gives
HANDLE = re.compile(r"\b(?:handle|username|user name|screen name)\s+['‘\"“]?(@?\w[^'’\"”,]{0,40}?)['’\"”]?$")
BODIES = {"organisation", "office", "government", "outlet"}  # entity kinds that are no person


class Resolver:
    """Resolves a frame's subject to an entity, with the document's registry."""

    def __init__(self, registry: names.Registry):
        self.registry = registry

    def register_entities(self, doc, offset: int) -> None:
        """Every named person and body of a paragraph, as a mention at its place."""
        for ent in doc.ents:
            pos = offset + ent.start_char
            salient = ent.root.dep_ in {"nsubj", "nsubjpass"} and ent.root.head.dep_ == "ROOT"
            if ent.label_ == "PERSON":
                tokens = [*self._name_start(ent), *(t for t in ent if t.text not in names.POSSESSIVE)]
                if names.looks_like_name(tokens):
                    name, title = names.person_name(tokens)
                    title = title or self._title_before(ent)
                    self.registry.mention(self.registry.person(name, title=title), pos, salient=salient)
            elif ent.label_ == "ORG" and self._may_be_person(ent.root) and names.looks_like_name(list(ent)):
                # the tagger's "organisation" with a person's title in apposition: a person
                name, title = names.person_name([t for t in ent if t.text not in names.POSSESSIVE])
                person = self.registry.person(name, title=title or self._apposition(ent.root))
                self.registry.mention(person, pos, salient=salient)
            elif ent.label_ in {"ORG", "GPE"}:
                text = names.strip_article(ent.text.removesuffix("'s").removesuffix("’s"))
                if text and not text.isdigit():
                    body = self.registry.body(text)
                    # "the disaster agency AFAD", "vaccine maker Medivax": what "the agency" will mean
                    before = ent.doc[max(0, ent.start - 3) : ent.start]
                    body.nouns |= {t.lower_ for t in before if t.pos_ == "NOUN" and t.lower_ in names.BODY_NOUNS}
                    self.registry.mention(body, pos, salient=salient)

    def _name_start(self, ent) -> list:
        """A capitalised word the tagger left out of a name mid-sentence ("but So Se Pyong", the
        family name read as "so"), never a title, a place or a body."""
        if ent.start == 0:
            return []
        before = ent.doc[ent.start - 1]
        mid_sentence = before.i > before.sent.start and not ent.doc[before.i - 1].is_punct
        plain = not before.ent_type_ and before.pos_ in {"ADV", "PROPN", "SCONJ", "CCONJ"}
        if mid_sentence and plain and before.text[:1].isupper() and before.text.isalpha():
            return [] if names.is_title_word(before.text) else [before]
        return []

    def _title_before(self, ent) -> str:
        """The title words right before a name: "Belarussian President", "Health Minister"."""
        taken: list = []
        token = ent[0]
        for prev in reversed(list(token.doc[max(0, token.i - 6) : token.i])):
            attached = prev.head.i >= ent.start or any(prev.head.i == t.i for t in taken)
            if prev.dep_ in {"compound", "amod", "nmod"} and attached and not prev.is_punct:
                taken.insert(0, prev)
            else:
                break
        words = [t.text for t in taken]
        # only a title if it holds a title word ("Health Minister"), not any modifier ("Economist")
        if not any(w.lower().strip(".") in _PERSON_TITLE_WORDS for w in words):
            return " ".join(words) if all(t.pos_ == "PROPN" for t in taken) else ""
        return " ".join(words)

    # Experiment switch: which resolver speaks first ("parse", "rules", "parse-then-rules").
    MODE = "parse"

    def attach_rules(self, text: str) -> None:
        from factcheck.services.corpus.extraction.speakers import _Document

        self.rules = _Document(text)
        self.rules.layout()
        self.rules.scan_names()
        self.adopted: dict[int, names.Entity] = {}

    def _by_rules(self, head, pos: int) -> names.Entity | None:
        if getattr(self, "rules", None) is None or head is None:
            return None
        tokens = [t for t in head.subtree if t.dep_ not in {"relcl"} and not (t.dep_ == "acl" and t.head.i == head.i)]
        tokens = [t for t in tokens if abs(t.i - head.i) < 40]
        phrase = names.text_of(sorted(tokens, key=lambda t: t.i))
        old = self.rules.resolve(phrase, pos)
        if old is None:
            return None
        entity = self.adopted.get(id(old))
        if entity is None:
            entity = self.registry._register(old.name, old.kind)
            entity.title = entity.title or old.title
            entity.affiliation = entity.affiliation or old.affiliation
            for alias in old.aliases:
                entity.add_alias(alias)
            entity.nouns |= old.nouns
            self.adopted[id(old)] = entity
        return entity

    def resolve(self, head, pos: int) -> names.Entity | None:
        if self.MODE == "rules":
            return self._by_rules(head, pos) or self._resolve(head, pos)
        entity = self._resolve(head, pos)
        if entity is None and self.MODE == "parse-then-rules":
            return self._by_rules(head, pos)
        return entity

    def _resolve(self, head, pos: int) -> names.Entity | None:
        if head is None:
            return None
        text = head.text.lower()
        if text in NOBODY or any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
            return None  # "no one had reported", "nobody said", "no local authority has confirmed": no speaker
        if head.pos_ == "PRON" or text in {"he", "she", "they", "it", "we", "i", "who"}:
            return self._pronoun(text, pos)
        if len(head.text) > 3 and head.text.isupper() and head.ent_type_ in {"GPE", "LOC", ""} and head.i == 0:
            return None  # a dateline ("MANAGUA, Nicaragua (AP) —"), not a speaker
        tokens = names.phrase_tokens(head)
        if not tokens:
            return None
        if self._a_thing(head):
            return None
        if len(tokens) == 1 and head.text[:1].isupper() and head.pos_ != "PROPN":
            known = self.registry.known_as(head.text)  # "Price said ..." with "Price" tagged a noun
            if known is not None and known.kind == "person":
                return known
        person = self._person(head, tokens) or self._handle(tokens)
        if person is not None:
            return person
        named = self._named_in_apposition(head)
        if named is not None:
            return named
        if text in {"one", "some", "many", "several", "two", "three", "most", "all", "none"}:
            group = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            member = next((c for c in group.children if c.dep_ == "pobj"), None) if group is not None else None
            if member is not None:
                resolved = self._resolve(member, pos)
                if resolved is not None and resolved.kind == "unknown":
                    return self.registry.description(names.text_of(tokens), kind="unknown")
                return resolved
        noun = head.lemma_.lower()
        lower = head.text.lower()
        definite = tokens[0].lower_ in {"the", "this", "that"} and len(tokens) <= 4
        if definite and (head.pos_ != "PROPN" or names.is_title_word(head.text)):
            # "the official", "the Belarussian President", "the company": someone met before
            described = self.registry.described(noun, pos)
            if described is not None:
                return described
            if lower in _PERSON_TITLE_WORDS and lower not in names.UNNAMED:
                return None  # "the minister" with no minister before: who it is cannot be known
        office = self._office_of(head, pos)
        if office is not None:
            return office
        if lower in {"mission", "delegation", "team", "panel", "unit", "monitors"}:
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in {"from", "of"}), None)
            owner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if owner is not None and (owner.pos_ == "PROPN" or owner.ent_type_ == "ORG"):
                return self._body(names.phrase_tokens(owner))
        body = self._owner(head, tokens)
        document = noun in names.DOCUMENTS or lower in names.DOCUMENTS  # the lemma of "data" is "datum"
        media = [t for t in tokens if t.i < head.i and t.lower_ in {"media", "press"}]
        named = media and any(t.ent_type_ or t.pos_ == "PROPN" for t in tokens if t.i < media[-1].i)
        if document and named:  # "according to UK media reports": the media, not the country
            return self.registry.description(
                names.text_of([t for t in tokens if t.i <= media[-1].i and t.dep_ != "det"]), kind="unknown"
            )
        if lower in names.SPOKES or noun in names.SPOKES or (document and body is not None):
            return body or self._described_body(head, pos) or self.registry.antecedent(pos, BODIES)
        if lower in names.UNNAMED or noun in names.UNNAMED:
            return self._unnamed(head, tokens, body)
        if document:
            return self._document(head, tokens, pos)
        if lower in names.PLATFORMS:
            return None
        if head.ent_type_ in {"ORG", "GPE", "FAC", "NORP"} or head.pos_ == "PROPN":
            body = self._body(tokens)
            if body is not None and body.name[:1].isupper():
                return body
        if noun in names.BODY_NOUNS:
            bare = len(tokens) <= 2 and tokens[0].lower_ in {"the", "its", "their"}
            described = self.registry.described(noun, pos) if bare else None
            if described is not None:
                return described
            return self._body(tokens)
        # "the abbess denied": a noun the tagger took for an adjective, with its article.
        mistagged = (
            head.pos_ == "ADJ" and head.dep_ in {"nsubj", "nsubjpass"} and head.i > 0 and head.nbor(-1).dep_ == "det"
        )
        if (head.pos_ == "NOUN" or mistagged) and noun not in names.NOT_SPEAKERS:
            # Someone described, not named: "the woman", "a boy who was almost shocked", "the narrator".
            return self.registry.description(names.text_of(tokens), kind="unknown")
        return None

    def _body(self, tokens) -> names.Entity | None:
        name, descriptors = names.body_name(tokens)
        if not name:
            return None
        body = self.registry.body(name[0].upper() + name[1:])
        body.nouns |= descriptors
        return body

    def _named_in_apposition(self, head) -> names.Entity | None:
        """ "the head of Nigeria's military, Air Chief Marshal Alex Badeh," or "Nikolai's classmate,
        Vika Balandina,": the name in apposition is the speaker, the description its title."""
        if head.pos_ == "PROPN":
            return None
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                tokens = names.name_run(child)
                if names.looks_like_name(tokens):
                    name, title = names.person_name(tokens)
                    description = names.text_of(names.phrase_tokens(head))
                    return self.registry.person(name, title=" ".join(x for x in (title, description) if x))
        return None

    def _office_of(self, head, pos: int) -> names.Entity | None:
        """ "Volodymyr Zelenskyy's office", "the president's office": the Office of that person."""
        if head.lower_ != "office":
            return None
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        person = self._resolve(owner, pos) if owner is not None else None
        if person is not None and person.kind == "organisation" and not person.nouns and len(person.name.split()) > 1:
            person = self.registry.person(person.name)  # "Volodymyr Zelenskyy's office": a person's
        if person is None or person.kind != "person":
            return None
        office = self.registry.description(f"Office of {person.name}", kind="office")
        office.affiliation = office.affiliation or person.affiliation
        office.parent = office.parent or person.affiliation
        office.add_alias(f"{person.name}'s office")
        office.nouns.add("office")
        return office

    def _document(self, head, tokens, pos: int) -> names.Entity | None:
        """A text with no owner named: "the statement" is the last body's that spoke; "an Iraqi
        intelligence report" is described; bare "reports say" has no source."""
        determiner = next((t.lower_ for t in tokens if t.dep_ == "det"), "")
        plural = head.tag_ in {"NNS", "NNPS"}
        if determiner in {"the", "this", "that"} and not plural:
            return self.registry.antecedent(pos, BODIES)
        modifiers = [
            t
            for t in tokens
            if t.dep_ in {"amod", "compound", "nmod"}
            and t.lower_ not in {"new", "recent", "latest", "earlier", "other"}
        ]
        if not modifiers or (determiner == "the" and plural):
            return None
        return self.registry.description(names.text_of(tokens), kind="unknown")

    def _pronoun(self, text: str, pos: int) -> names.Entity | None:
        text = {"him": "he", "her": "she", "them": "they", "us": "we"}.get(text, text)  # "quoted him saying"
        if text in {"he", "she"}:
            return self.registry.antecedent(pos, {"person"})
        if text in {"it"}:
            return self.registry.antecedent(pos, BODIES)
        if text in {"they", "we"}:
            return self.registry.antecedent(pos, BODIES | {"unknown"})
        return None

    def _person(self, head, tokens) -> names.Entity | None:
        """A person the phrase names: a PERSON entity, or proper nouns a title marks as a person."""
        if head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and self._may_be_person(head)):
            contiguous = names.name_run(head)
            if not contiguous or not names.looks_like_name(contiguous):
                return None
            name, title = names.person_name(contiguous)
            if not name or name.lower() in names.NOT_PEOPLE or names.is_title_word(name):
                return None  # "the Belarussian President": a description, resolved below
            before = [t for t in tokens if t.i < contiguous[0].i and t.dep_ not in {"det", "poss"}]
            title = " ".join(x for x in [names.text_of(before), title] if x).strip()
            known = (self.registry.known_as(name) if len(name.split()) == 1 else None) or self.registry.by_key.get(
                names._key(name)
            )
            single = len(name.split()) == 1
            if head.ent_type_ != "PERSON" and not title and not known and single:
                surname_known = any(e.kind == "person" and e.surname == name for e in self.registry.entities)
                if not surname_known:
                    return None
            if known is not None and known.kind != "person":
                return None
            entity = self.registry.person(name, title=title or self._apposition(head))
            if not entity.title:
                self.registry.enrich(entity, self._apposition(head))
            entity.affiliation = entity.affiliation or self._affiliation_of(head)
            return entity
        return None

    @staticmethod
    def _a_thing(head) -> bool:
        """ "News of alleged death", "a rash of rumors that have popped up": a thing the tagger
        read as a name, or a quantity of things, cannot speak."""
        if head.pos_ == "PROPN" and head.lower_ in names.NOT_SPEAKERS and not head.ent_type_:
            return True  # a capital the tagger took for a name ("News of alleged death")
        if head.lower_ in {"rash", "spate", "flurry", "wave", "series", "string"}:
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            things = [c for c in of.children if c.dep_ == "pobj"] if of is not None else []
            return any(t.lower_ in names.NOT_SPEAKERS for t in things)
        return False

    def _handle(self, tokens) -> names.Entity | None:
        """ "One YouTube user, with the handle ClemtheRanter": the name the phrase gives."""
        match = HANDLE.search(names.text_of(tokens))
        return self.registry.person(match.group(1).strip()) if match else None

    def _may_be_person(self, head) -> bool:
        """A proper noun the tagger did not call a person may still be one: a surname seen in
        full before, or a name with a person's title in apposition ("Oleksiy Danilov, the
        secretary of the council"). Never a country, an outlet or a body's name."""
        if head.ent_type_ in {"GPE", "NORP"}:
            # the tagger takes some surnames for places ("Zelenskyy's office"): a person named before
            return len(names.name_run(head)) == 1 and self.registry.known_as(head.text) is not None
        run = names.name_run(head)
        name, title = names.person_name(run)
        words = name.split()
        if not words or any(w.lower() in names.BODY_NOUNS or w.lower() in names.NEWS_WORDS for w in words):
            return False
        if head.ent_type_ != "ORG" or title:
            return True  # "Economist Piotr Zawadzki": a title before it makes a person
        if len(words) == 1 and self.registry.known_as(words[0]) is not None:
            return True
        return any(
            w.strip(",.").lower() in _PERSON_TITLE_WORDS for text in names.appositions(head) for w in text.split()[:4]
        )

    def _apposition(self, head) -> str:
        for text in names.appositions(head):
            words = text.split()
            if 0 < len(words) <= 20 and not any(w[0].isdigit() for w in words):
                return names.strip_article(text)
        return ""

    def _affiliation_of(self, head) -> str:
        """ "Monika Lis of Bank Pekao", "Tomas Berg, chief economist at Nordbank": where a person is."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "at", "from"}:
                source = next((c for c in child.children if c.dep_ == "pobj" and c.pos_ == "PROPN"), None)
                if source is not None:
                    name, _ = names.body_name(list(source.subtree))
                    return name
        return ""

    def _described_body(self, head, pos: int) -> names.Entity | None:
        """ "a police spokesman", "the ministry's spokeswoman": the police or the ministry met
        before ("Ganganagar police"), not whichever body was named last."""
        for child in head.children:
            noun = child.lower_
            if child.dep_ in {"compound", "poss"} and child.text[:1].islower() and noun in names.BODY_NOUNS:
                return self.registry.described(noun, pos)
        return None

    def _owner(self, head, tokens) -> names.Entity | None:
        """The body a spokesperson, official or statement belongs to: "the ministry's spokesman",
        "a spokesman for the ministry", "a Pentagon official", "a statement from Malaysia Airlines"."""
        candidates = []
        for t in tokens:
            if t.i == head.i:
                continue
            if t.ent_type_ in {"ORG", "GPE", "FAC"} or (t.pos_ == "PROPN" and t.dep_ in {"compound", "poss", "pobj"}):
                candidates.append(t)
        for child in head.children:  # "data published by the statistics office", "a statement from the ministry"
            if child.dep_ == "prep" and child.lower_ in {"from", "by"} and head.lemma_.lower() in names.DOCUMENTS:
                source = next((c for c in child.children if c.dep_ == "pobj"), None)
                if source is not None:
                    return self._resolve(source, source.idx)
            if child.dep_ == "acl":
                for agent in child.children:
                    if agent.dep_ == "agent":
                        source = next((c for c in agent.children if c.dep_ == "pobj"), None)
                        if source is not None:
                            return self._resolve(source, source.idx)
        if not candidates:
            return None
        ent = next((e for e in head.doc.ents if e.start <= candidates[0].i < e.end), None)
        text = ent.text if ent is not None else names.text_of([t for t in candidates if t.pos_ == "PROPN"])
        if ent is None and all(t.text[:1].islower() for t in candidates):
            # "a Canadian foreign ministry spokesman": a common noun the tagger took for a name;
            # the body is the whole phrase before the spokesman, its nationality included
            text = names.text_of([t for t in tokens if t.i < head.i and t.dep_ != "det"])
        text = names.strip_article(text.removesuffix("'s").removesuffix("’s"))
        return self.registry.body(text) if text else None

    def _official_of(self, head, tokens, body) -> names.Entity | None:
        """ "a senior Pentagon official", "two U.S. officials", "a senior Azerbaijani official":
        one office speaker per body and number ("Pentagon official", "US officials"), the body its
        parent."""
        modifier = next(
            (
                t
                for t in tokens
                if t.i < head.i and t.dep_ in {"compound", "amod", "nmod"} and (t.ent_type_ or t.pos_ == "PROPN")
            ),
            None,
        )
        at = next(
            (t for t in head.children if t.dep_ == "prep" and t.lower_ in {"at", "from", "with", "in", "of"}), None
        )
        workplace = next((c for c in at.children if c.dep_ == "pobj"), None) if at is not None else None
        if modifier is None and body is None and workplace is not None and workplace.lemma_.lower() in names.BODY_NOUNS:
            body = self._body(names.phrase_tokens(workplace))
        # "two U.S. officials" are not "a U.S. official": the number is kept, nothing else
        noun = "officials" if head.tag_ == "NNS" else "official"
        if modifier is None and body is not None and workplace is not None:
            # "a senior official at the environment ministry": the ministry's official
            entity = self.registry.description(f"{body.name} {noun}", kind="office")
            entity.affiliation = entity.affiliation or body.affiliation
            entity.parent = entity.parent or body.name
            entity.nouns |= {"official", "officials", "source"}
            return entity
        if modifier is None:
            return None
        word = modifier.text.replace(".", "") if modifier.text.upper() == modifier.text else modifier.text
        if modifier.ent_type_ == "ORG":  # "a World Health Organization (WHO) official": the body's whole name
            named = [t for t in tokens if t.i < head.i and t.ent_type_ == "ORG" and t.ent_iob_ in {"B", "I"}]
            run = [t for t in named if t.i >= modifier.i and t.sent == modifier.sent and not t.is_punct]
            word = names.text_of(run) or word
        country = names._COUNTRY_BY_DEMONYM.get(modifier.lower_) or names._COUNTRY_BY_NAME.get(word.lower(), "")
        if body is None and not country:
            return None
        entity = self.registry.description(f"{word} {noun}", kind="office")
        if body is not None:
            entity.affiliation = (
                entity.affiliation or body.affiliation or (body.name if body.kind == "government" else "")
            )
            if body.kind != "government":
                entity.parent = entity.parent or body.name
        entity.affiliation = entity.affiliation or country
        entity.nouns |= {"official", "officials", "source", "diplomat"}
        return entity

    def _unnamed(self, head, tokens, body) -> names.Entity:
        """ "a senior U.S. official", "two sources close to the family", "witnesses"; experts at a
        body speak for it ("analysts at Nordea")."""
        if (
            head.lemma_.lower() in names.EXPERTS
            and body is not None
            and any(t.dep_ == "prep" and t.lower_ in {"at", "from", "with"} and t.head.i == head.i for t in tokens)
        ):
            return body
        if head.lemma_.lower() in names.OFFICIALS:
            office = self._official_of(head, tokens, body)
            if office is not None:
                return office
        kept = tokens
        description = names.text_of(kept)
        description = (
            description[0].lower() + description[1:]
            if description[:1].isupper() and tokens[0].pos_ != "PROPN"
            else description
        )
        lower = head.text.lower()
        if (
            lower in {"police", "prosecutors", "investigators", "authorities"}
            and body is not None
            and body.kind != "outlet"
        ):
            entity = self.registry.description(
                f"{body.name} {lower}" if lower != "authorities" else f"{body.name} authorities", kind="office"
            )
        else:
            entity = self.registry.description(description, kind="unknown")
            short = [t for t in kept if t.dep_ not in {"det", "nummod", "amod", "poss", "case"} or t.ent_type_]
            if short and len(short) < len(kept):
                entity.add_alias(names.text_of(short))
            entity.add_alias(names.strip_article(description))
            if body is not None:
                entity.add_alias(f"{body.name} {head.lemma_.lower()}")
        if body is not None and not entity.affiliation:
            entity.affiliation = body.affiliation or (body.name if body.kind == "government" else "")
        return entity
