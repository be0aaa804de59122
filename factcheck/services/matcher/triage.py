"""The cheap stages between the nearest-neighbour search and the cross-encoder.

Most candidate pairs are decided here, in microseconds each, so that the scorer reads only pairs
that can be a clash:

1. **Copies**: two statements of two copies of one story (wire copies) never pair: the same two
   statements meet inside one of the copies.
2. **Same words**: identical statements once normalised, or vectors at SAME_WORDS_COSINE and up
   with the same reading (both affirm, both deny or both hedge), are not a clash but "the same
   words attributed to two sources" (a SameWords link).
3. **Both withhold**: two statements that extraction read as a denial or a hedge each agree that
   something is not so, or not known ("It is not true that anyone in Mosul had Ebola" and
   "Denies reports that two cases of Ebola were diagnosed in Mosul"): no clash (on the real-news benchmark it
   decided 312 candidates and lost no gold clash).
4. **Same document**: two sources in one article are scored: the article put them side by side,
   and it says what a bare "We cannot confirm that" refers to.
5. **Contentless**: across documents, a statement with nothing checkable of its own ("We cannot
   confirm these reports") never forms a clash.
6. **Same event**: across documents, the two statements' cores (frame, hedge and negation taken
   off) must be close (CORE_GATE), or share a name or a number and be close enough (NAMED_GATE).
   A hedge or a denial alone never relates two statements: the core does not keep them.
7. **Other story**: across documents, the two articles must also tell one story (`stories.py`:
   the TF-IDF cosine of their words from STORY_GATE up): a shared topic word ("Ebola" in a
   turkey-farm hoax and in a Mosul hospital rumour) does not make two events one.

The gates were chosen on the search's candidates on the real-news benchmark (16,597 pairs of the
332 FNC-1 bodies) and the 44 of them that join two sides of a working-part gold clash
(`lab/gold/clashes_working.jsonl`; the sealed part is only reported): gates 0.45 / 0.30 pass
8,339 candidates and 40 of the 44; 0.40 passes 11,256 and 43; 0.50 passes 5,987 and 36. The gold
pairs' cosines (0.39-0.82) overlap everything else's, so no gate is both cheap and lossless.
"""

from collections import Counter
from dataclasses import dataclass, field

from factcheck.services.matcher.core import core_text, is_contentless, names_in
from factcheck.services.matcher.lexicon import read
from factcheck.services.matcher.same_words import SAME_WORDS_COSINE, text_key
from factcheck.services.matcher.stories import STORY_GATE, StoryLink

# Two statements that both deny or hedge agree that something is not so, or not known.
WITHHOLDING = {"denial", "hedge"}
CORE_GATE = 0.45
NAMED_GATE = 0.30


@dataclass
class Statement:
    """What the stages read of one statement."""

    text: str
    document: int | None
    story: int | None  # the story's first document, for statements of a stored document
    key: str = ""
    core: str = ""
    contentless: bool = False
    names: set[str] = field(default_factory=set)
    reading: str = ""  # what the statement does with its claim (lexicon.read): affirm, deny, hedge
    stance: str = ""  # the stance extraction stored (a StatementStance value)

    @classmethod
    def of(cls, text: str, document: int | None, story: int | None, stance: str = "") -> "Statement":
        core, contentless, names = core_text(text), is_contentless(text), names_in(text)
        return cls(text, document, story, text_key(text), core, contentless, names, read(text).kind, stance)


@dataclass
class Triage:
    to_score: dict[tuple[int, int], float] = field(default_factory=dict)
    same_words: dict[tuple[int, int], float] = field(default_factory=dict)
    skipped: Counter = field(default_factory=Counter)


def other_story(documents: tuple[int, int] | None, stories: dict[tuple[int, int], StoryLink]) -> bool:
    link = stories.get(documents) if documents is not None else None
    return link is not None and link.similarity < STORY_GATE


def related(cosine: float, core_cosine: float | None, shared_names: set[str]) -> bool:
    """Whether two statements speak of one event: close cores, or a shared name and close enough."""
    closeness = max(cosine, core_cosine if core_cosine is not None else cosine)
    return closeness >= CORE_GATE or (bool(shared_names) and closeness >= NAMED_GATE)


def document_pair(key: tuple[int, int], statements: dict[int, Statement]) -> tuple[int, int] | None:
    """The (lower id, higher id) pair of the two documents a candidate pair joins, if they differ."""
    first, second = statements.get(key[0]), statements.get(key[1])
    if first is None or second is None or None in (first.document, second.document):
        return None
    if first.document == second.document:
        return None
    return min(first.document, second.document), max(first.document, second.document)


def document_pairs(pairs, statements: dict[int, Statement]) -> set[tuple[int, int]]:
    """The pairs of different documents the candidate pairs join."""
    return {found for key in pairs if (found := document_pair(key, statements)) is not None}


def triage(
    pairs: dict[tuple[int, int], float],
    statements: dict[int, Statement],
    core_cosines: dict[tuple[int, int], float],
    stories: dict[tuple[int, int], StoryLink] | None = None,
) -> Triage:
    """Decide each candidate pair. `stories` holds the story links of document pairs
    (`document_pairs`, `stories.story_links`); a pair of two documents it lacks is not
    gated on its story."""
    stories = stories or {}
    out = Triage()
    for key, cosine in pairs.items():
        a, b = statements.get(key[0]), statements.get(key[1])
        if a is None or b is None:
            continue
        if a.story is not None and a.story == b.story and a.document != b.document:
            out.skipped["copies"] += 1
        elif a.key == b.key or (cosine >= SAME_WORDS_COSINE and a.reading == b.reading):
            out.same_words[key] = cosine
            out.skipped["same words"] += 1
        elif a.stance in WITHHOLDING and b.stance in WITHHOLDING:
            out.skipped["both withhold"] += 1
        elif a.document is not None and a.document == b.document:
            out.to_score[key] = cosine
        elif a.contentless or b.contentless:
            out.skipped["contentless"] += 1
        elif not related(cosine, core_cosines.get(key), a.names & b.names):
            out.skipped["other event"] += 1
        elif other_story(document_pair(key, statements), stories):
            out.skipped["other story"] += 1
        else:
            out.to_score[key] = cosine
    return out
