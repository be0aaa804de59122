"""Why two statements were paired, in words an editor reads: what they share, each side's stance,
the core claims they hold, where they were found. The model's name and raw numbers come after."""

import re
from dataclasses import dataclass, field

from factcheck.services.matcher.core import core_text
from factcheck.services.matcher.cues import stance as read_stance

# What each stance does with its claim, as a verb after the speaker's name.
STANCE_VERBS = {"assertion": "asserts", "denial": "denies", "hedge": "withholds judgement on"}
PROPER = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:of\s+|the\s+|al-|bin\s+)?[A-Z][\w'’-]*)*")
NUMBER = re.compile(r"\b\d[\d,.]*(?:\s?(?:%|per\s?cent|million|billion|bn|m))?")
MONTH = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
NOT_NAMES = {
    "The", "A", "An", "It", "He", "She", "They", "We", "I", "This", "That", "There", "But", "And", "In", "On",
    "At", "If", "No", "Not", "Our", "His", "Her", "Their", "Mr", "Ms", "Mrs", "Dr", "So", "As", "For", "All",
}  # fmt: skip


@dataclass
class Side:
    speaker: str
    stance: str  # a Stance value
    verb: str
    core: str


@dataclass
class Why:
    shared: list[str] = field(default_factory=list)  # names, places, numbers and dates in both
    sides: list[Side] = field(default_factory=list)
    same_document: bool = False
    copies: int = 0  # other pairs of the same two texts (copies of one report)
    story_words: list[str] = field(default_factory=list)  # what two articles share most (stories.py)
    story_similarity: float | None = None

    @property
    def story(self) -> str:
        """How far the two articles tell one story, for a pair of two articles scored with it."""
        if self.story_similarity is None:
            return ""
        shared = f" (words both use most: {join(self.story_words)})" if self.story_words else ""
        return f"Their articles tell one story{shared}; story similarity {self.story_similarity:.2f}."

    @property
    def about(self) -> str:
        if not self.shared:
            return "They share no name, place, number or date; the matcher found their wording close."
        return f"Both speak of {join(self.shared)}."


def join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def mentions(text: str) -> dict[str, str]:
    """Names, numbers and dates in a text, keyed by their lower-case form."""
    found = {}
    for match in PROPER.finditer(text):
        words = [w for w in match.group(0).split() if w not in NOT_NAMES]
        if words:
            phrase = " ".join(words)
            found.setdefault(phrase.casefold(), phrase)
    for pattern in (NUMBER, MONTH):
        for match in pattern.finditer(text):
            found.setdefault(match.group(0).casefold(), match.group(0))
    return found


def same_name(one: str, other: str) -> bool:
    """One name in two forms: equal, one inside the other ("Kirby" / "John Kirby"), or a place and
    its adjective ("Belarus" / "Belarusian", "Ukraine" / "Ukrainian")."""
    if one == other or re.search(rf"\b{re.escape(one)}\b", other) or re.search(rf"\b{re.escape(other)}\b", one):
        return True
    if " " in one or " " in other or not (one.isalpha() and other.isalpha()):
        return False
    common = next((i for i, (x, y) in enumerate(zip(one, other, strict=False)) if x != y), min(len(one), len(other)))
    return common >= 5 and common >= 0.8 * min(len(one), len(other))


def shared_mentions(text_a: str, text_b: str) -> list[str]:
    """What both texts name, in the shorter of its two forms."""
    a, b = mentions(text_a), mentions(text_b)
    shared = []
    for key, phrase in a.items():
        other = next((o for o in b if same_name(key, o)), None)
        if other is not None:
            shared.append(phrase if len(key) <= len(other) else b[other])
    return list(dict.fromkeys(shared))[:6]


def side(statement, stance: str = "") -> Side:
    stance = stance or read_stance(statement.text)
    return Side(statement.source.name, stance, STANCE_VERBS.get(stance, "says"), core_text(statement.text))


def why_paired(pair) -> Why:
    cues = pair.cues or {}
    story = cues.get("story") if isinstance(cues.get("story"), dict) else {}
    a, b = pair.statement_a, pair.statement_b
    return Why(
        shared=shared_mentions(a.text, b.text),
        sides=[side(a, cues.get("stance_a", "")), side(b, cues.get("stance_b", ""))],
        same_document=a.document_id is not None and a.document_id == b.document_id,
        copies=len(pair.repeats.all()),
        story_words=list(story.get("words", [])),
        story_similarity=story.get("similarity"),
    )
