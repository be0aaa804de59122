"""How the automatic propositions compare with the ones an editor would make.

The labelled file (tests/data/propositions_gold.json) holds article sets: statements with their
sources, and the propositions an editor makes of them, with each statement's stance. Each set is
run through the same steps as `propose_propositions` — real embeddings, the installed scorer for
the pairs, the same clustering, anchor and stance reading — without touching the database.

Cluster agreement, over the statements of a set:
- pairwise precision: of the statement pairs the matcher put together, the share the editor did;
- pairwise recall: of the pairs the editor put together, the share the matcher did;
- purity: share of statements in automatic propositions that sit with their cluster's majority
  editor proposition (a statement the editor left out counts as impure);
- completeness: share of statements in editor propositions that sit in the automatic
  proposition holding most of their editor proposition;
- found: editor propositions matched by an automatic one with Jaccard overlap ≥ 0.5.
"""

import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings

from factcheck.services.matcher import embeddings, stance
from factcheck.services.matcher.scoring import get_scorer
from factcheck.services.propositions.clustering import ClusterSettings, central_statement, cluster_vectors

GOLD = Path(settings.BASE_DIR) / "tests" / "data" / "propositions_gold.json"


@dataclass
class Agreement:
    together_both: int = 0
    together_auto: int = 0
    together_editor: int = 0
    pure: int = 0
    in_auto: int = 0
    complete: int = 0
    in_editor: int = 0
    found: int = 0
    editor_propositions: int = 0
    auto_propositions: int = 0

    def __add__(self, other: "Agreement") -> "Agreement":
        return Agreement(*(a + b for a, b in zip(self.__dict__.values(), other.__dict__.values(), strict=True)))

    @property
    def precision(self) -> float:
        return self.together_both / self.together_auto if self.together_auto else 1.0

    @property
    def recall(self) -> float:
        return self.together_both / self.together_editor if self.together_editor else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def purity(self) -> float:
        return self.pure / self.in_auto if self.in_auto else 1.0

    @property
    def completeness(self) -> float:
        return self.complete / self.in_editor if self.in_editor else 1.0

    def line(self) -> str:
        return (
            f"pairwise P {self.precision:.2f} R {self.recall:.2f} F1 {self.f1:.2f} · purity {self.purity:.2f} "
            f"· completeness {self.completeness:.2f} · found {self.found}/{self.editor_propositions} "
            f"(automatic: {self.auto_propositions})"
        )


def cluster_agreement(auto: list[set], editor: list[set]) -> Agreement:
    """Agreement of automatic clusters with an editor's (statements in neither are left out)."""

    def pairs(groups):
        return {frozenset(p) for group in groups for p in itertools.combinations(sorted(group), 2)}

    auto_pairs, editor_pairs = pairs(auto), pairs(editor)
    result = Agreement(
        together_both=len(auto_pairs & editor_pairs),
        together_auto=len(auto_pairs),
        together_editor=len(editor_pairs),
        editor_propositions=len(editor),
        auto_propositions=len(auto),
    )
    for group in auto:
        result.pure += max((len(group & e) for e in editor), default=0)
        result.in_auto += len(group)
    for group in editor:
        result.complete += max((len(group & a) for a in auto), default=0)
        result.in_editor += len(group)
        if any(len(group & a) / len(group | a) >= 0.5 for a in auto):
            result.found += 1
    return result


@dataclass
class SetResult:
    name: str
    agreement: Agreement
    auto: list[dict] = field(default_factory=list)  # {"title", "members": {key: stance}}
    stance_right: int = 0  # automatic stance = editor's, on statements both put in one proposition
    stance_total: int = 0
    gold_title_right: int = 0  # stance read against the editor's title and members
    gold_title_total: int = 0


def evaluate_set(entry: dict, *, config: ClusterSettings, use_pairs: bool = True) -> SetResult:
    statements = entry["statements"]
    keys = [s["key"] for s in statements]
    ids = np.arange(1, len(statements) + 1, dtype=np.int64)
    key_of = dict(zip(ids.tolist(), keys, strict=True))
    id_of = {k: i for i, k in key_of.items()}
    texts = {i: s["text"] for i, s in zip(ids.tolist(), statements, strict=True)}
    source_names = sorted({s["source"] for s in statements})
    sources = np.array([source_names.index(s["source"]) for s in statements], dtype=np.int64)
    vectors = embeddings.encode([s["text"] for s in statements])
    vector_of = dict(zip(ids.tolist(), vectors, strict=True))
    source_of = dict(zip(ids.tolist(), sources.tolist(), strict=True))

    signals: list[stance.PairSignal] = []
    if use_pairs:
        candidates = [
            (a, b, float(vector_of[a] @ vector_of[b]))
            for a, b in itertools.combinations(ids.tolist(), 2)
            if sources[a - 1] != sources[b - 1] and float(vector_of[a] @ vector_of[b]) >= config.min_similarity
        ]
        scores = get_scorer().score([(texts[a], texts[b]) for a, b, _ in candidates], [s for _, _, s in candidates])
        signals = [
            stance.PairSignal(a, b, score.contradiction, score.stance_a, score.stance_b)
            for (a, b, _), score in zip(candidates, scores, strict=True)
            if score.contradiction >= settings.FACTCHECK_MIN_CONTRADICTION
        ]
    clashes = {(p.a, p.b): p.contradiction for p in signals}
    clusters = cluster_vectors(ids=ids, sources=sources, vectors=vectors, clashes=clashes, config=config)
    clusters = [c for c in clusters if len({sources[i - 1] for i in c}) >= config.min_sources]

    editor = [{id_of[k] for k in p["stances"]} for p in entry["propositions"]]
    result = SetResult(entry["name"], cluster_agreement([set(c) for c in clusters], editor))
    auto_stances: dict[int, dict[int, str]] = {}
    for number, cluster in enumerate(clusters):
        member_texts = {i: texts[i] for i in cluster}
        anchor = central_statement(cluster, vectors=vector_of, texts=member_texts, sources=source_of, clashes=clashes)
        calls = stance.stances_in(
            title=texts[anchor], texts=member_texts, vectors=vector_of, anchor=anchor, pairs=signals
        )
        auto_stances[number] = {i: call.stance for i, call in calls.items()}
        result.auto.append({"title": texts[anchor], "members": {key_of[i]: c.stance for i, c in calls.items()}})
    for proposition, members in zip(entry["propositions"], editor, strict=True):
        overlaps = [(len(members & set(c)) / len(members | set(c)), n) for n, c in enumerate(clusters)]
        best = max(overlaps, default=(0, None))
        if best[0] >= 0.5:
            for i in members & set(clusters[best[1]]):
                result.stance_total += 1
                result.stance_right += auto_stances[best[1]][i] == proposition["stances"][key_of[i]]
        member_texts = {i: texts[i] for i in members}
        calls = stance.stances_in(
            title=proposition["title"],
            texts=member_texts,
            vectors=vector_of,
            anchor=central_statement(
                members, vectors=vector_of, texts=member_texts, sources=source_of, clashes=clashes
            ),
            pairs=signals,
        )
        for i in members:
            result.gold_title_total += 1
            result.gold_title_right += calls[i].stance == proposition["stances"][key_of[i]]
    return result


def stance_cases(path: Path = GOLD) -> tuple[int, int, list[str]]:
    """The stance rules on the separate stance cases, words only: (right, total, the misses)."""
    cases = json.loads(path.read_text())["stance_cases"]["cases"]
    misses = []
    for case in cases:
        call = stance.stance_toward(text=case["text"], title=case["title"])
        if call.stance != case["stance"]:
            misses.append(f"{case['stance']} read as {call.stance}: {case['text']} ({case['title']})")
    return len(cases) - len(misses), len(cases), misses


def evaluate(path: Path = GOLD, *, config: ClusterSettings | None = None, use_pairs: bool = True) -> list[SetResult]:
    config = config or ClusterSettings.current()
    return [evaluate_set(entry, config=config, use_pairs=use_pairs) for entry in json.loads(path.read_text())["sets"]]
