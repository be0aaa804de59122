"""Generated news-style claim pairs that teach the scorer what NLI captions do not.

Each frame is one kind of news event with slots. A contradiction changes exactly one thing about the
same, anchored event (a denial, a hedge, a flipped verb, another number, another perpetrator or
place); a compatible pair keeps the event (paraphrase, elaboration, consequence, another aspect) or
moves to another event on the same topic (other actor, place or date), which is the hard negative:
there, negations and opposite verbs must not count.

Templates use `{slot}` names; `clause` forms have no final full stop so that they can be embedded
("officials denied that ..."). All sentences are invented; names are drawn from small lists.
"""

import random
from dataclasses import dataclass

from factcheck.lab.news_pairs.frames import FRAMES, Frame, _draw
from factcheck.lab.news_pairs.vocabulary import ANTONYM_SWAPS, COUNTRIES, DENIERS, MONTHS, SAYERS, _other_number

NUMBER_WORDS = {
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    12: "twelve",
    20: "twenty",
}


def _fill(template: str, values: dict) -> str:
    return template.format(**values)


def _cap(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


def _sentence(clause: str, rng: random.Random, attribute: float = 0.4) -> str:
    """An assertion, with an attribution half the time (attributions never change the label)."""
    if rng.random() < attribute:
        style = rng.random()
        if style < 0.5:
            return f"{_cap(clause)}, {rng.choice(SAYERS)}."
        if style < 0.75:
            return f'"{_cap(clause)}," {rng.choice(SAYERS)}.'
        return f"{_cap(rng.choice(SAYERS))} that {clause}."
    return _cap(clause) + "."


def _denial(clause: str, rng: random.Random) -> str:
    return (
        _cap(
            rng.choice(
                [
                    f"{rng.choice(DENIERS)} denied that {clause}",
                    f"{rng.choice(DENIERS)} denied reports that {clause}",
                    f"there is no truth to reports that {clause}",
                    f"{rng.choice(DENIERS)} dismissed claims that {clause} as fake news",
                    f"{rng.choice(DENIERS)} rejected allegations that {clause}",
                    f"it is false that {clause}, {rng.choice(DENIERS)} said",
                    f"{rng.choice(DENIERS)} called reports that {clause} a fabrication",
                ]
            )
        )
        + "."
    )


def _hedge(clause: str, rng: random.Random) -> str:
    return (
        _cap(
            rng.choice(
                [
                    f"there is no indication that {clause}",
                    f"we have seen no evidence that {clause}",
                    f"there are no signs that {clause}",
                    f"{rng.choice(DENIERS)} sees no signs that {clause}",
                    f"{rng.choice(DENIERS)} said there was no evidence that {clause}",
                    f"we are not aware that {clause}",
                    f"{rng.choice(DENIERS)} said it was not aware that {clause}",
                    f"{rng.choice(DENIERS)} said it had no information that {clause}",
                    f"we have no indication that {clause}",
                ]
            )
        )
        + "."
    )


def _replace_slot(rng: random.Random, frame: Frame, values: dict, slot: str) -> dict:
    other = dict(values)
    for _ in range(50):
        fresh = frame.slots[slot](rng, values)
        if fresh != values[slot]:
            other[slot] = fresh
            return other
    return other


def _change_number(rng: random.Random, value) -> str:
    text = str(value)
    if "." in text:
        a = text.split(".")[0]
        while True:
            new = f"{max(1, int(a) + rng.choice([-3, -2, -1, 1, 2, 3]))}.{rng.randint(0, 9)}"
            if new != text:
                return new
    if text.isdigit():
        return str(_other_number(rng, int(text)))
    # a date such as "14 June": move the day or the month
    day, month = text.split(" ", 1)
    if rng.random() < 0.5:
        return f"{(int(day) + rng.randint(3, 20)) % 28 + 1} {month}"
    return f"{day} {rng.choice([m for m in MONTHS if m != month])}"


@dataclass
class GeneratedPair:
    text_a: str
    text_b: str
    label: int
    kind: str


def _one_frame_pairs(rng: random.Random, frame: Frame) -> list[GeneratedPair]:
    v = _draw(rng, frame)
    pos = _fill(rng.choice(frame.pos), v)
    base = _sentence(pos, rng)
    out: list[GeneratedPair] = []

    def add(a, b, label, kind):
        out.append(GeneratedPair(a, b, label, kind))

    # Contradictions of the same, anchored event.
    add(base, _sentence(_fill(rng.choice(frame.neg), v), rng), 1, "negation")
    add(base, _denial(_fill(rng.choice(frame.pos), v), rng), 1, "denial")
    hedge_src = frame.hedge_clause or frame.pos
    add(base, _hedge(_fill(rng.choice(hedge_src), v), rng), 1, "hedge")
    if frame.anto:
        add(base, _sentence(_fill(rng.choice(frame.anto), v), rng), 1, "antonymy")
    for slot in frame.numeric:
        changed = dict(v)
        changed[slot] = _change_number(rng, v[slot])
        add(base, _sentence(_fill(rng.choice(frame.pos), changed), rng), 1, "numeric")
    for slot in frame.swap:
        add(
            base,
            _sentence(_fill(rng.choice(frame.pos), _replace_slot(rng, frame, v, slot)), rng),
            1,
            "entity_swap",
        )
    for clash in frame.clash:
        add(base, _sentence(_fill(clash, v), rng), 1, "world_knowledge")

    # Compatible: the same event told otherwise, or another event on the same topic.
    para = [t for t in frame.pos if t != pos] or frame.pos
    add(base, _sentence(_fill(rng.choice(para), v), rng), 0, "paraphrase")
    # Two sides that both say "it did not happen" agree, however differently they say it.
    negated = _sentence(_fill(rng.choice(frame.neg), v), rng)
    add(_hedge(_fill(rng.choice(hedge_src), v), rng), negated, 0, "paraphrase")
    add(_denial(_fill(rng.choice(frame.pos), v), rng), negated, 0, "paraphrase")
    for t in frame.elab:
        add(base, _sentence(_fill(t, v), rng), 0, "elaboration")
    for t in frame.cons:
        add(base, _sentence(_fill(t, v), rng), 0, "consequence")
    for t in frame.aside:
        add(base, _sentence(_fill(t, v), rng), 0, "partial_overlap")
    # A denial or hedge of a different claim on the same event is no clash either.
    if frame.aside:
        add(
            _denial(_fill(rng.choice(frame.pos), v), rng),
            _sentence(_fill(frame.aside[0], v), rng),
            0,
            "partial_overlap",
        )
    for slot in frame.ident:
        other = _replace_slot(rng, frame, v, slot)
        # The other event may even go the other way: still no clash, it is another event.
        flavour = rng.random()
        if flavour < 0.35 and frame.anto:
            text = _fill(rng.choice(frame.anto), other)
        elif flavour < 0.6:
            text = _fill(rng.choice(frame.neg), other)
        elif flavour < 0.7:
            text = _hedge(_fill(rng.choice(hedge_src), other), rng)
            add(base, text, 0, "same_topic_other_event")
            continue
        else:
            text = _fill(rng.choice(frame.pos), other)
        add(base, _sentence(text, rng), 0, "same_topic_other_event")
    return out


def generate_news_pairs(*, seed: int, rounds: int) -> list[GeneratedPair]:
    """`rounds` passes over every frame; each pass draws fresh slot values. Pairs in one order."""
    rng = random.Random(seed)
    pairs: list[GeneratedPair] = []
    for _ in range(rounds):
        for frame in FRAMES:
            pairs.extend(_one_frame_pairs(rng, frame))
    return pairs


__all__ = ["ANTONYM_SWAPS", "COUNTRIES", "FRAMES", "GeneratedPair", "generate_news_pairs"]
