"""Where a statement stands on a proposition: affirms, denies, hedges, or is only related.

A statement is first read on its own, from its words (`lexicon.read`, the reading the pair
scorer uses too): a hedge withholds judgement, a denial says the contrary, a condition speaks of
what might happen (so it is only related), anything else affirms.

That reading is then turned relative to the proposition: a proposition worded as a denial
("Belarus is not in the war") flips affirms and denies. Two more signals refine it:

- a clash: a statement that reads as plain affirmation but is paired as a contradiction with the
  proposition's anchor (the statement its title was taken from) denies it — "the water is safe"
  against "E. coli was found" has no negation word, but the scorer saw the clash;
- the scorer's stance for the statement in its pairs ("assertion" | "denial" | "hedge") raises
  the confidence when it agrees and lowers it when it does not.

How close a statement is to the rest of the proposition (cosine to the others' centroid) scales
the confidence. It does not decide the stance: on the labelled sets a cut-off ("far means only
related") caught no statement an editor marked related and lost one that affirms.
"""

from dataclasses import dataclass

import numpy as np

from factcheck.models import PropositionStance as Stance
from factcheck.services.matcher.lexicon import read

# From this contradiction score, a pair with the anchor counts as a clash that makes a plain
# assertion a denial (the scorer's calibrated "likely clash" band starts at 0.5).
CLASH_FROM = 0.5


@dataclass(frozen=True)
class StanceCall:
    stance: str  # a PropositionStance value
    confidence: float
    cues: tuple[str, ...] = ()


def polarity(title: str) -> int:
    """+1 for a proposition worded as a claim or a question, -1 for one worded as a denial."""
    return -1 if read(title).kind == "deny" else 1


SCORER_TO_READING = {"assertion": "affirm", "denial": "deny", "hedge": "hedge"}


def stance_toward(
    *,
    text: str,
    title: str,
    relatedness: float | None = None,
    clash_with_anchor: float | None = None,
    is_anchor: bool = False,
    scorer_stances: tuple[str, ...] = (),
) -> StanceCall:
    """The stance of `text` on the proposition titled `title`, with a confidence from 0 to 1.

    relatedness: cosine between the statement and the centroid of the proposition's other
    statements (None when unknown). clash_with_anchor: the contradiction score of the pair this
    statement forms with the anchor, if any. scorer_stances: the scorer's reading of this
    statement in each of its pairs inside the proposition.
    """
    reading = read(text)
    kind, cues, confidence = reading.kind, reading.cues, reading.strength
    if kind == "guess":
        kind = "hedge"  # "is likely to announce redundancies" does not commit to the proposition
    if is_anchor:
        kind, confidence = ("affirm" if kind in {"affirm", "conditional"} else kind), max(confidence, 0.8)
    elif kind == "affirm" and not cues and clash_with_anchor is not None and clash_with_anchor >= CLASH_FROM:
        kind, cues, confidence = "deny", ("clashes with the anchor",), 0.5 + 0.4 * clash_with_anchor
    if scorer_stances and kind != "conditional":
        said = [SCORER_TO_READING.get(s) for s in scorer_stances if s in SCORER_TO_READING]
        if said:
            agree = sum(1 for s in said if s == kind) / len(said)
            confidence += 0.1 if agree >= 0.5 else -0.1
    if relatedness is not None and not is_anchor:
        confidence *= min(1.0, 0.5 + max(0.0, relatedness))
    if kind == "conditional":
        return StanceCall(Stance.RELATED, _clip(confidence), cues)
    if kind == "hedge":
        return StanceCall(Stance.HEDGES, _clip(confidence), cues)
    affirms = (kind == "affirm") == (polarity(title) > 0)
    return StanceCall(Stance.AFFIRMS if affirms else Stance.DENIES, _clip(confidence), cues)


def _clip(value: float) -> float:
    return round(min(0.99, max(0.05, value)), 3)


@dataclass(frozen=True)
class PairSignal:
    """A stored pair between two statements of one proposition, as the stance reading uses it."""

    a: int
    b: int
    contradiction: float
    stance_a: str = ""
    stance_b: str = ""


def relatedness_to_others(vectors: dict[int, np.ndarray]) -> dict[int, float]:
    """Each statement's cosine to the (normalised) centroid of the other statements."""
    if len(vectors) < 2:
        return {}
    total = np.sum(list(vectors.values()), axis=0)
    related = {}
    for pk, vector in vectors.items():
        others = total - vector
        norm = float(np.linalg.norm(others))
        related[pk] = float(vector @ others) / norm if norm else 0.0
    return related


def stances_in(
    *,
    title: str,
    texts: dict[int, str],
    vectors: dict[int, np.ndarray],
    anchor: int | None,
    pairs: list[PairSignal],
) -> dict[int, StanceCall]:
    """The stance of every statement (id -> text) on the proposition, from the signals above."""
    related = relatedness_to_others({pk: v for pk, v in vectors.items() if pk in texts})
    scorer: dict[int, list[str]] = {pk: [] for pk in texts}
    with_anchor: dict[int, float] = {}
    for pair in pairs:
        if pair.a not in texts or pair.b not in texts:
            continue
        scorer[pair.a].append(pair.stance_a)
        scorer[pair.b].append(pair.stance_b)
        if anchor in (pair.a, pair.b):
            other = pair.b if pair.a == anchor else pair.a
            with_anchor[other] = max(with_anchor.get(other, 0.0), pair.contradiction)
    return {
        pk: stance_toward(
            text=text,
            title=title,
            relatedness=related.get(pk),
            clash_with_anchor=with_anchor.get(pk),
            is_anchor=pk == anchor,
            scorer_stances=tuple(s for s in scorer[pk] if s),
        )
        for pk, text in texts.items()
    }
