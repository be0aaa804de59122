"""Article sets from tests/data/propositions_gold.json made into real rows with the factories."""

import json
from datetime import date
from pathlib import Path

from factcheck.models import Source, Statement
from tests.factories import make_source, make_statement

GOLD = Path(__file__).parent / "data" / "propositions_gold.json"
SEED = "seed: Ukraine threatens Belarus"


def article_set(name: str) -> dict:
    return next(entry for entry in json.loads(GOLD.read_text())["sets"] if entry["name"] == name)


def make_article_set(name: str = SEED) -> dict[str, Statement]:
    """The set's sources (with the office or state each speaks for) and statements; key -> statement."""
    sources: dict[str, Source] = {}

    def source(name: str, **fields) -> Source:
        if name not in sources:
            sources[name] = Source.objects.filter(name=name).first() or make_source(name=name, **fields)
        return sources[name]

    made = {}
    for entry in article_set(name)["statements"]:
        parent = source(entry["parent"], kind="government") if entry.get("parent") else None
        speaker = source(entry["source"], kind=entry["kind"], affiliation=entry["affiliation"], parent=parent)
        made[entry["key"]] = make_statement(
            source=speaker, text=entry["text"], said_on=date.fromisoformat(entry["said_on"])
        )
    return made
