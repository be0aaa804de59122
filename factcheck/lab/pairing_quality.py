"""How well the matcher pairs real clashes: the real-news benchmark and the clash gold set.

The benchmark is the 332 FNC-1 dev bodies (`realnews.benchmark_articles`), ingested as a newcomer
would ingest them; the gold set (`lab/gold/clashes_*.jsonl`, made by reading those articles, never
the matcher's output) lists real cross-source clashes with the span of each side and of its
copies. A gold clash is **recalled** when a stored pair joins a statement of one side with a
statement of the other; a statement stands for a side when their spans overlap by at least half of
the shorter one, in the same article.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from factcheck.lab.realnews import GOLD, article, benchmark_articles

PARTS = ("working", "sealed")
MIN_SHARE = 0.5


def read_clashes(part: str) -> list[dict]:
    path = GOLD / f"clashes_{part}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ingest_benchmark(*, progress=None) -> int:
    """Store every benchmark body as a document (headline = a related FNC-1 headline); returns how
    many were new."""
    from factcheck.services.corpus.files import ParsedDocument
    from factcheck.services.corpus.ingest import ingest_document

    created = 0
    for a in benchmark_articles():
        _, new, _ = ingest_document(
            parsed=ParsedDocument(title=a.headline or f"FNC-1 body {a.body_id}", text=a.text, origin=a.key)
        )
        created += new
        if progress:
            progress(1)
    return created


@dataclass
class Recall:
    part: str
    clashes: int = 0
    recalled: int = 0
    clear: int = 0
    clear_recalled: int = 0
    missed: list[dict] = field(default_factory=list)

    def line(self) -> str:
        share = self.recalled / self.clashes if self.clashes else 0.0
        clear = self.clear_recalled / self.clear if self.clear else 0.0
        return (
            f"part={self.part} clashes={self.clashes} recalled={self.recalled} recall={share:.3f} "
            f"clear={self.clear} clear_recall={clear:.3f}"
        )


def _side_statements(side: dict, statements_by_origin: dict[str, list]) -> set[int]:
    found = set()
    for span in [side, *side.get("copies", [])]:
        for pk, start, end in statements_by_origin.get(span["key"], []):
            overlap = min(end, span["end"]) - max(start, span["start"])
            if overlap > 0 and overlap >= MIN_SHARE * min(end - start, span["end"] - span["start"]):
                found.add(pk)
    return found


def clash_recall(part: str, *, min_contradiction: float) -> Recall:
    """The share of the part's gold clashes that a stored pair (from `min_contradiction` up) joins."""
    from django.db.models import Q

    from factcheck.models import ClaimPair, Statement

    by_origin: dict[str, list] = defaultdict(list)
    for pk, origin, start, end in Statement.objects.filter(start__isnull=False).values_list(
        "pk", "document__origin", "start", "end"
    ):
        by_origin[origin].append((pk, start, end))
    report = Recall(part)
    for clash in read_clashes(part):
        report.clashes += 1
        report.clear += clash["strength"] == "clear"
        a, b = _side_statements(clash["a"], by_origin), _side_statements(clash["b"], by_origin)
        hit = (
            bool(a and b)
            and ClaimPair.objects.filter(contradiction__gte=min_contradiction)
            .filter(Q(statement_a__in=a, statement_b__in=b) | Q(statement_a__in=b, statement_b__in=a))
            .exists()
        )
        if hit:
            report.recalled += 1
            report.clear_recalled += clash["strength"] == "clear"
        elif part == "working":
            report.missed.append({**clash, "found_a": sorted(a), "found_b": sorted(b)})
    return report


def top_pairs(n: int = 50):
    from factcheck.models import ClaimPair

    return list(
        ClaimPair.objects.select_related("statement_a__source", "statement_b__source", "statement_a__document")
        .filter(duplicate_of__isnull=True)
        .order_by("-contradiction", "-pk")[:n]
    )


def top_list_problems(pairs) -> dict:
    """Identical texts and repeated text pairs among the listed pairs (both must be zero)."""
    from factcheck.services.matcher.same_words import text_key

    identical = sum(1 for p in pairs if text_key(p.statement_a.text) == text_key(p.statement_b.text))
    seen, repeated = set(), 0
    for p in pairs:
        key = frozenset((text_key(p.statement_a.text), text_key(p.statement_b.text)))
        repeated += key in seen
        seen.add(key)
    return {"identical": identical, "repeated": repeated}


def describe(pair) -> str:
    a, b = pair.statement_a, pair.statement_b
    origin = lambda s: s.document.origin if s.document else "-"  # noqa: E731
    return (
        f"pair {pair.pk} score={pair.contradiction:.3f} cosine={pair.similarity or 0:.2f} kind={pair.kind or '-'}\n"
        f"  A [{a.source.name}] ({origin(a)}): {a.text}\n"
        f"  B [{b.source.name}] ({origin(b)}): {b.text}"
    )


def article_text(key: str) -> str:
    return article(key).text


def funnel(part: str, *, min_contradiction: float) -> Counter:
    """Where each gold clash of a part is lost, counted by the first stage that loses it:
    not extracted, one source on both sides, not a candidate, decided by a stage, scored under
    the threshold, stored. Run after `match` on the benchmark."""
    import numpy as np
    from django.db.models import Q

    from factcheck.models import ClaimPair, Statement
    from factcheck.services.matcher import triage
    from factcheck.services.matcher.matching import (
        MatchSettings,
        document_candidates,
        pair_cosines,
        stage_statements,
    )
    from factcheck.services.matcher.scoring import get_scorer
    from factcheck.services.matcher.search import open_index
    from factcheck.services.matcher.stories import story_links

    config = MatchSettings.current()
    by_origin: dict[str, list] = defaultdict(list)
    rows = Statement.objects.filter(start__isnull=False).values_list("pk", "document__origin", "start", "end")
    for pk, origin, start, end in rows:
        by_origin[origin].append((pk, start, end))
    source_of = dict(Statement.objects.values_list("pk", "source_id"))
    index = open_index(model_name=config.embedding_model, engine="exact")
    core_index = open_index(model_name=config.core_model, engine="exact")
    counts: Counter = Counter()
    for clash in read_clashes(part):
        a, b = _side_statements(clash["a"], by_origin), _side_statements(clash["b"], by_origin)
        keys = {(min(x, y), max(x, y)) for x in a for y in b if x != y}
        stored = ClaimPair.objects.filter(contradiction__gte=min_contradiction).filter(
            Q(statement_a__in=a, statement_b__in=b) | Q(statement_a__in=b, statement_b__in=a)
        )
        if not a or not b:
            counts["not extracted"] += 1
        elif not any(source_of[x] != source_of[y] for x, y in keys):
            counts["one source"] += 1
        elif stored.exists():
            counts["stored"] += 1
        else:
            keys = {key for key in keys if source_of[key[0]] != source_of[key[1]]}
            ids = np.array(sorted({pk for key in keys for pk in key}), dtype=np.int64)
            raw = index.neighbours(ids, config.neighbours).pairs(ids)
            core = core_index.neighbours(ids, config.neighbours).pairs(ids)
            found = {k for k, sim in raw.items() if sim >= config.min_similarity}
            found |= {k for k, sim in core.items() if sim >= triage.CORE_GATE}
            found |= set(document_candidates(statement_ids=ids.tolist(), config=config))
            cosines = pair_cosines(config.embedding_model, keys)
            candidates = {key: cosines.get(key, 0.0) for key in keys if key in found}
            if not candidates:
                counts["not a candidate"] += 1
                continue
            statements = stage_statements(ids.tolist())
            stories = story_links(triage.document_pairs(candidates, statements))
            decided = triage.triage(candidates, statements, pair_cosines(config.core_model, candidates), stories)
            if not decided.to_score:
                counts[f"stage: {decided.skipped.most_common(1)[0][0]}"] += 1
                continue
            texts = dict(Statement.objects.filter(pk__in=ids.tolist()).values_list("pk", "text"))
            scores = get_scorer().score([(texts[x], texts[y]) for x, y in decided.to_score])
            best = max(s.contradiction for s in scores)
            counts["scored under threshold"] += 1
            counts["  of which under 0.1"] += best < 0.1
    return counts
