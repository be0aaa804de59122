"""Realistic synthetic data for benchmarks: sentences of real news bodies as statements.

The sentences come from the FNC-1 article bodies in the shared data folder, read at run time
(never stored in the repository). Where that folder is missing, sentences are assembled from a
small built-in vocabulary so the generator still works.
"""

import csv
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction

from factcheck.models import (
    ClaimPair,
    Document,
    Review,
    Source,
    SourceAlias,
    Statement,
    Verdict,
    content_hash,
    normalize_name,
)

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
FIRST_NAMES = ["Anna", "Oleksiy", "Maria", "John", "Fatima", "Li", "Carlos", "Amara", "Ivan", "Sofia", "Kenji", "Leila"]
LAST_NAMES = ["Kovalenko", "Smith", "Garcia", "Okafor", "Chen", "Novak", "Haddad", "Rossi", "Sato", "Petrov", "Dubois"]
OFFICES = [
    "Ministry of Defence",
    "Health Ministry",
    "Police",
    "White House",
    "Kremlin",
    "NATO",
    "UN agency",
    "City Hall",
]
COUNTRIES = ["Ukraine", "Belarus", "US", "Russia", "France", "Nigeria", "China", "Brazil", "India", "Germany"]
FALLBACK_SUBJECTS = ["The ministry", "Officials", "The army", "The company", "Police", "The mayor", "Witnesses"]
FALLBACK_VERBS = ["confirmed", "denied", "reported", "said", "warned", "announced"]
FALLBACK_OBJECTS = [
    "that troops had crossed the border",
    "that the plant would close in May",
    "that 40 people were injured",
    "that talks would resume next week",
    "that prices rose by 3 percent",
    "that no missiles were fired",
]


def shared_data_folder() -> Path:
    return Path(settings.FACTCHECK_SHARED_DATA)


def real_sentences(limit: int = 200_000) -> list[str]:
    bodies = shared_data_folder() / "fnc1" / "train_bodies.csv"
    if not bodies.exists():
        return []
    sentences = []
    with bodies.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for sentence in SENTENCE.split(" ".join(row["articleBody"].split())):
                if 40 <= len(sentence) <= 300:
                    sentences.append(sentence)
                    if len(sentences) >= limit:
                        return sentences
    return sentences


def sentence_stream(rng: random.Random) -> Iterator[str]:
    """Endless sentences; a repeated sentence gets a small edit so texts rarely repeat exactly."""
    pool = real_sentences()
    rounds = 0
    while True:
        if pool:
            order = list(range(len(pool)))
            rng.shuffle(order)
            for i in order:
                yield pool[i] if rounds == 0 else vary(pool[i], rng, rounds)
        else:
            for _ in range(10_000):
                yield (
                    f"{rng.choice(FALLBACK_SUBJECTS)} {rng.choice(FALLBACK_VERBS)} {rng.choice(FALLBACK_OBJECTS)}"
                    f" on day {rng.randint(1, 365)}."
                )
        rounds += 1


def vary(sentence: str, rng: random.Random, rounds: int) -> str:
    numbers = re.findall(r"\d+", sentence)
    if numbers:
        target = rng.choice(numbers)
        return sentence.replace(target, str(int(target) + rounds), 1)
    return f"{rng.choice(['Officials said', 'Reports said', 'It was said'])} {sentence[0].lower()}{sentence[1:]}"


def make_sources(count: int, rng: random.Random) -> list[Source]:
    sources = []
    for n in range(count):
        if n % 4 == 3:
            name, kind = f"{rng.choice(OFFICES)} {n}", Source.Kind.OFFICE
        else:
            name, kind = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n}", Source.Kind.PERSON
        sources.append(Source(name=name, kind=kind, affiliation=rng.choice(COUNTRIES)))
    sources = Source.objects.bulk_create(sources, batch_size=2000)
    SourceAlias.objects.bulk_create(
        [SourceAlias(source=s, name=s.name, normalized=normalize_name(s.name)) for s in sources],
        batch_size=2000,
        ignore_conflicts=True,  # a second run with the same seed makes the same names
    )
    return sources


def generate(
    *, statements: int, pairs: int, seed: int = 13, progress: Callable[[str, int], None] = lambda s, n: None
) -> dict:
    """Fill the database with `statements` statements in documents of 20, and `pairs` scored pairs."""
    rng = random.Random(seed)
    sentences = sentence_stream(rng)
    per_document = 20
    sizes = [per_document] * (statements // per_document) + (
        [statements % per_document] if statements % per_document else []
    )
    statement_ids: list[int] = []
    source_of: list[int] = []
    with transaction.atomic():
        sources = make_sources(max(10, statements // 100), rng)
        for first in range(0, len(sizes), 500):
            texts_per_document = [[next(sentences) for _ in range(size)] for size in sizes[first : first + 500]]
            documents = Document.objects.bulk_create(
                [
                    Document(
                        title=texts[0][:120],
                        outlet=rng.choice(["Wire", "Daily", "Herald", "Observer"]),
                        published=f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                        text="\n".join(texts),
                        content_hash=content_hash("\n".join(texts) + f"\0{seed}:{first}:{n}"),
                        origin=f"synthetic:{seed}",
                    )
                    for n, texts in enumerate(texts_per_document)
                ]
            )
            rows = []
            for document, texts in zip(documents, texts_per_document, strict=True):
                offset = 0
                for text in texts:
                    rows.append(
                        Statement(
                            source=rng.choice(sources),
                            document=document,
                            text=text,
                            mode=rng.choice(["quote", "reported"]),
                            start=offset,
                            end=offset + len(text),
                            said_on=document.published,
                        )
                    )
                    offset += len(text) + 1
            created = Statement.objects.bulk_create(rows, batch_size=2000)
            statement_ids.extend(s.pk for s in created)
            source_of.extend(s.source_id for s in created)
            progress("statements", len(created))
        made_pairs = make_pairs(pairs, statement_ids, source_of, rng, progress)
    # Settle the tables as autovacuum would, later: fresh statistics for the planner (plans made
    # on the empty tables' take seconds instead of milliseconds) and, on PostgreSQL, the
    # visibility map that lets counts read the indexes alone. VACUUM runs outside transactions.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return {"sources": len(sources), "statements": len(statement_ids), "pairs": made_pairs}


def make_pairs(count, statement_ids, source_of, rng, progress) -> int:
    if count <= 0 or len(statement_ids) < 2:
        return 0
    user, _ = get_user_model().objects.get_or_create(username="synthetic-editor")
    user.groups.add(Group.objects.get_or_create(name="editors")[0])  # gone after a test's flush
    # The statements were made just now, so no pair holds them yet (and a lookup with a million
    # ids would pass SQLite's limit on query parameters).
    seen: set[tuple[int, int]] = set()
    kinds = [k for k in ClaimPair.Kind.values if k]
    made = 0
    attempts = 0
    while made < count and attempts < count * 20:
        batch, reviews = [], []
        while len(batch) < min(5000, count - made) and attempts < count * 20:
            attempts += 1
            i, j = rng.randrange(len(statement_ids)), rng.randrange(len(statement_ids))
            if source_of[i] == source_of[j]:
                continue
            a, b = sorted((statement_ids[i], statement_ids[j]))
            if (a, b) in seen:
                continue
            seen.add((a, b))
            contradiction = round(rng.betavariate(1.2, 3.0), 4)
            status = rng.choices([*Verdict.values, "candidate"], weights=[5, 5, 2, 88])[0]
            batch.append(
                ClaimPair(
                    statement_a_id=a,
                    statement_b_id=b,
                    similarity=round(rng.uniform(0.3, 0.95), 4),
                    contradiction=contradiction,
                    kind=rng.choice(kinds) if contradiction > 0.3 else "",
                    status=status,
                    scorer_version="synthetic",
                    embedding_model="synthetic",
                    cues={"a": [], "b": [], "fired": [], "stance_a": "assertion", "stance_b": "denial"},
                )
            )
        created = ClaimPair.objects.bulk_create(batch, batch_size=2000)
        reviews = [
            Review(pair=p, verdict=p.status, user=user, note="synthetic") for p in created if p.status != "candidate"
        ]
        Review.objects.bulk_create(reviews, batch_size=2000)
        made += len(created)
        progress("pairs", len(created))
    return made
