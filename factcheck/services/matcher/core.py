"""What a statement is about, without what it does with it: its core proposition, its names, and
whether it says anything checkable at all.

"There is no indication that Belarusian troops are entering Ukraine" and "Belarusian troops are
entering Ukraine" have one core; a hedge or a denial is how each holds it. Two statements speak of
the same event when their cores do (or they share a name and are close), never because both
hedge. "We cannot confirm these reports" has no core of its own: it is contentless.
"""

import re

from factcheck.services.matcher.lexicon import AFFIRMING_NEGATIONS
from factcheck.services.matcher.same_words import text_key

# Frames that hold a claim without being it, taken off the front.
FRAMES = re.compile(
    r"^\W*(?:"
    r"it\s+is\s+(?:not\s+true|untrue|false|unclear|not\s+clear)\s+(?:that|whether)\s+"
    r"|there\s+(?:is|was|are|were)\s+no\s+(?:\w+\s+)?(?:indications?|evidence|signs?|proof|reason\s+to\s+believe)\s+(?:that|of)\s+"
    r"|(?:we|i|they|he|she|it)\s+(?:have|has|had|do|does|did)\s+(?:not|n't|no)\s+(?:\w+\s+)?(?:seen|information|indication|evidence)\s+(?:that|of)?\s*"
    r"|(?:we|i|they|he|she|it)?\s*(?:cannot|can\s+not|could\s+not|can't|couldn't|are\s+unable\s+to|were\s+unable\s+to)\s+(?:yet\s+)?(?:confirm|verify|say)\s+(?:that|whether|if)?\s*"
    r"|(?:denies|dismisses|rejects|refutes|disputes)\s+(?:the\s+)?(?:reports?|claims?|allegations?|rumou?rs?)?\s*(?:that)?\s*"
    r"|(?:reports?|claims?|allegations?|rumou?rs?)\s+that\s+"
    r")",
    re.IGNORECASE,
)
# "The US administration sees no signs that X", "Police found no evidence that X", "The company
# denied reports that X": the core is X.
NO_SIGN_OF = re.compile(
    r"\b(?:(?:sees?|saw|seen|see|found|finds?|has|have|had|there\s+(?:is|was|are|were))\s+no\s+(?:\w+\s+)?"
    r"(?:signs?|indications?|evidence|proof)"
    r"|(?:denied|denies|denying|dismissed|dismissing|rejected|rejecting|refuted|disputed)\s+(?:the\s+)?"
    r"(?:\w+\s+)?(?:reports?|claims?|allegations?|rumou?rs?|suggestions?))\s+(?:that|of)\s+(.+)",
    re.IGNORECASE,
)
NEGATION_WORDS = re.compile(
    r"\b(?:not\s+a\s+single|not|never|no\s+longer|n't)\b\s*|(?<!\w)(?:no)\s+(?=[a-z])", re.IGNORECASE
)
HEDGE_WORDS = re.compile(
    r"\b(?:allegedly|reportedly|purportedly|supposedly|apparently|possibly|probably)\s+", re.IGNORECASE
)
STOP = {
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "and", "or", "is", "are", "was", "were", "be", "been",
    "has", "have", "had", "that", "this", "it", "its", "by", "with", "from", "as", "will", "would", "he", "she",
    "they", "we", "i", "you", "his", "her", "their", "our", "there", "which", "who", "what", "do", "does", "did",
    "any", "all", "about", "into", "over", "after", "said", "says", "so", "but", "if", "can", "could", "may",
}  # fmt: skip
# Words that point at something said elsewhere without saying it: "these reports", "the matter".
REFERENTS = {
    "report", "reports", "rumour", "rumours", "rumor", "rumors", "claim", "claims", "story", "stories",
    "speculation", "matter", "matters", "information", "comment", "comments", "allegation", "allegations",
    "them", "these", "those", "case", "issue", "details", "media", "question", "questions", "aware",
    "confirm", "verify", "know", "currently", "time", "moment", "stage", "point", "position",
}  # fmt: skip
NO_COMMENT = re.compile(
    r"\b(?:no\s+comment|(?:do|does|did|will|would)\s+not\s+comment|declined?\s+to\s+comment|"
    r"(?:not|never)\s+comment\s+on|would\s+not\s+(?:discuss|elaborate)|(?:we|i)\s+(?:are|am)\s+aware\s+of)",
    re.IGNORECASE,
)
NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+)*")
NUMBER = re.compile(r"\b\d[\d,.]*\b")


def core_text(text: str) -> str:
    """The statement's claim without the frame, hedge and negation that hold it."""
    core = AFFIRMING_NEGATIONS.sub(" ", text)
    inner = NO_SIGN_OF.search(core)
    if inner:
        core = inner.group(1)
    for _ in range(3):
        stripped = FRAMES.sub("", core)
        if stripped == core:
            break
        core = stripped
    core = HEDGE_WORDS.sub("", core)
    core = NEGATION_WORDS.sub("", core)
    core = " ".join(core.split()).strip(" ,;:.")
    if not core or text_key(core) == text_key(text):
        return text  # nothing held the claim: the core is the statement
    return core[:1].upper() + core[1:] + "."


def content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z][a-z'’-]+|\d+", text.lower()) if w not in STOP]


def is_contentless(text: str) -> bool:
    """Whether a statement says nothing checkable of its own: "No comment", "We are aware of the
    reports", "We cannot confirm these reports", "does not comment on rumours"."""
    core = core_text(text)
    words = [w for w in content_words(core) if w not in REFERENTS]
    if NO_COMMENT.search(text) and len(words) <= 3:
        return True
    return len(words) <= 1


def names_in(text: str) -> set[str]:
    """Capitalised names (not the first word of a sentence) and numbers: what an event is tied to."""
    found = {m.group(0).lower() for m in NAME.finditer(text)}
    found |= set(NUMBER.findall(text))
    return {f for f in found if f not in STOP}
