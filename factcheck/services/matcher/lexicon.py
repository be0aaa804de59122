"""How a sentence holds its own claim, read from its words: the one hedge, denial and negation lexicon.

Both the pair scorer (`cues.py`: each side's stance, the cue features, the words a page marks) and
the proposition stances (`stance.py`) read a sentence through `read()`:

- a hedge ("no indication", "no evidence", "nothing suggests", "no link has been established",
  "cannot confirm", "not aware", "could not be verified", "unclear") withholds judgement;
- a report word ("allegedly", "reportedly") is the writer's distance from a claim that its
  speaker makes: the speaker asserts (all six statements with one in the real-news gold's
  working part are labelled assertions);
- a denial says the contrary: strong denial words ("denies", "false", "not a single", "never")
  or an odd number of plain negations ("not", "no", "nobody"); two negations cancel ("it is not
  true that no ..."), and some phrases with a negation word affirm ("no doubt", "not only") or
  count something ("they had no beds");
- a condition or readiness ("if necessary", "ready to", "would") speaks of what might happen;
- a guess ("may", "likely") claims less firmly: an assertion of its speaker's, no commitment
  toward a proposition;
- anything else affirms what it says.
"""

import re
from dataclasses import dataclass


def _words(*patterns: str) -> re.Pattern:
    return re.compile("|".join(rf"(?:{p})" for p in patterns), re.IGNORECASE)


# Checked first: these contain "no"/"not" that must not also count as denials.
HEDGES = _words(
    r"\bno\s+(?:clear\s+|direct\s+|firm\s+|credible\s+|hard\s+|concrete\s+|independent\s+|such\s+)?"
    r"(?:indications?|evidence|signs?(?:\s+of)?|proof|confirmation|information|data|reports|reason\s+to\s+believe)\b",
    r"\b(?:not|never)\s+(?:yet\s+)?(?:been\s+)?(?:able\s+to\s+)?(?:be\s+)?(?:independently\s+)?(?:confirm|verif)\w*",
    r"\b(?:cannot|can\s+not|can't|could\s+not|couldn't|unable\s+to|impossible\s+to)\s+(?:yet\s+)?(?:be\s+)?"
    r"(?:independently\s+)?(?:confirm|verif|say|tell|determine)\w*",
    r"\b(?:has|have|had|was|were|is|are|am)\s+not\s+been\s+(?:told|informed)\b",
    r"\bnot\s+(?:aware|informed)\b",
    r"\b(?:have|has|had)\s*(?:not|n't)\s+seen\b",
    r"\b(?:see|sees|saw|seen)\s+no\b",
    r"\bnothing\s+to\s+(?:suggest|indicate|show)\b",
    r"\bnothing\s+(?:yet\s+|so\s+far\s+)?(?:suggests|indicates|shows|points\s+to|links)\b",
    r"\bno\s+(?:\w+\s+)?(?:links?|connections?)\s+(?:has|have|had)\s+(?:yet\s+|so\s+far\s+)?been\s+"
    r"(?:established|found|proven|shown|made)\b",
    r"\b(?:unaware|unclear|not\s+clear|unconfirmed|unverified|uncertain|remains\s+to\s+be\s+seen)\b",
    r"\btoo\s+early\s+to\s+(?:say|tell)\b",
)
WEAK_HEDGES = _words(r"\b(?:may|might|possibly|perhaps|probably|likely|unlikely|apparently)\b")
# Phrases with a negation word that affirm, removed before denials and negations are counted.
AFFIRMING_NEGATIONS = _words(
    r"\bno\s+doubt\b",
    r"\bnot\s+only\b",
    r"\bnothing\s+but\b",
    r"\bwithout\s+doubt\b",
)
# "They had no beds", "a city with no power": a quantity (none of something), not a denial;
# but "had no role in", "have no plans to" deny what others say.
QUANTITY_NO = _words(
    r"\b(?:has|have|had|having|with|without|got)\s+(?:(?:almost|virtually|still|now)\s+)?no\b"
    r"(?!\s+(?:\w+\s+)?(?:one|longer|role|part|involvement|knowledge|contact|connection|links?|ties|plans?|"
    r"intention|intent|hand|responsibility|truth|basis|idea|reason|record)\b)",
)
DENIALS = _words(
    r"\bnot\s+a\s+single\b",
    r"\bnone\s+of\b",
    r"\bnever\b",
    r"\b(?:deny|denies|denied|denying|denial)\b",
    r"\b(?:refute[sd]?|rebuffed|debunked)\b",
    r"\b(?:rejects?|rejected)\s+(?:claims|reports|allegations)\b",
    # "dismissed the reports", "dismissed it as nonsense"; not "dismissed the coach" (sacked).
    r"\b(?:dismiss|dismissed|dismisses|dismissing)\s+(?:the\s+|these\s+|those\s+|such\s+|all\s+)?"
    r"(?:claims?|reports?|allegations?|accusations?|rumou?rs?|suggestions?|speculation)\b",
    r"\b(?:dismiss|dismissed|dismisses|dismissing)\s+(?:it|them|this|that)\s+as\b",
    r"\bno\s+truth\b",
    r"\bnot\s+true\b",
    r"\b(?:false|falsely|untrue|fake|baseless|groundless|unfounded|fabricated|fabrication)\b",
    r"\b(?:nonsense|misinformation|hoax)\b",
    r"\b(?:a|an|the|complete|total|outright|pure|blatant)\s+lies?\b",  # not "the town lies on the river"
)
NEGATIONS = _words(
    r"\bnot\b",
    r"\b\w+n't\b",
    r"\bcannot\b",
    r"\bno\b",
    r"\bnobody\b",
    r"\bno\s+one\b",
    r"\bnothing\b",
    r"\bneither\b",
    r"\bnor\b",
    r"\bnone\b",
    r"\bnowhere\b",
)
CONDITIONALS = _words(
    r"^\W*if\b",
    r"\bif\s+(?:necessary|needed|required|deemed\s+necessary|need\s+be|asked|ordered)\b",
    r"\b(?:ready|prepared|willing)\s+(?:to|for)\b",
    r"\bwould\b",
)


@dataclass(frozen=True)
class Reading:
    """A text on its own: what it does with its claim, the words that show it, and how clearly.

    `hedges`, `denials` and `negations` are every hit of each list (the pair scorer's cues);
    `cues` are the words the kind was read from.
    """

    kind: str  # "affirm" | "deny" | "hedge" | "conditional" | "guess"
    cues: tuple[str, ...] = ()
    strength: float = 0.7
    hedges: tuple[str, ...] = ()
    denials: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()


def _found(pattern: re.Pattern, text: str) -> list[str]:
    return [" ".join(match.group(0).lower().split()) for match in pattern.finditer(text)]


def read(text: str) -> Reading:
    """The stance a text takes toward its own claim, from its words."""
    text = text.replace("’", "'")
    hedges = _found(HEDGES, text)
    rest = QUANTITY_NO.sub(" ", AFFIRMING_NEGATIONS.sub(" ", text))
    strong = _found(DENIALS, rest)
    plain = _found(NEGATIONS, DENIALS.sub(" ", HEDGES.sub(" ", rest)))
    hits = {"hedges": tuple(hedges), "denials": tuple(strong), "negations": tuple(_found(NEGATIONS, rest))}
    if hedges:
        return Reading("hedge", tuple(hedges), 0.85, **hits)
    denials = strong + plain
    # Denial words of one denial do not cancel ("dismissed the reports as baseless"); a plain
    # negation turns a denial around ("it is not true that no troops ...").
    if (len(plain) + bool(strong)) % 2 == 1:
        return Reading("deny", tuple(denials), 0.9 if strong else 0.75, **hits)
    conditions = _found(CONDITIONALS, rest)
    if conditions:
        return Reading("conditional", tuple(c.strip() for c in conditions), 0.6, **hits)
    weak = _found(WEAK_HEDGES, rest)
    if weak:
        # "Apple may have a fight on its hands", "most likely a prank": a guess. Its speaker still
        # claims something (of the 19 found statements of the real-news gold's working part that
        # hedged only so, none was labelled a hedge), so the scorer and extraction read it as an
        # assertion; toward a proposition it does not commit, so it hedges there (stance.py).
        return Reading("guess", tuple(weak), 0.6, **hits)
    if denials:
        # An even number of denials: "it is not true that no troops ..." affirms, less clearly.
        return Reading("affirm", tuple(denials), 0.5, **hits)
    return Reading("affirm", (), 0.7, **hits)
