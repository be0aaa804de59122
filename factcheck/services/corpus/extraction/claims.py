"""What extraction gives: claims, each with its speaker, its words and the span it came from."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Speaker:
    name: str
    kind: str  # a SourceKind value: person, office, government, organisation, outlet, unknown
    title: str = ""
    affiliation: str = ""
    aliases: tuple[str, ...] = ()
    parent: str = ""


@dataclass(frozen=True)
class Claim:
    speaker: Speaker
    text: str
    start: int
    end: int
    mode: str  # "quote" | "reported"
    stance: str = "assertion"  # a StatementStance value: assertion, denial, hedge, contentless
    channel: str = ""  # the outlet that relayed the speaker's words ("told CNN"), if any
