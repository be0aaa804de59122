"""Whether two documents tell one story: the cosine of their words weighted by TF-IDF.

Two articles about one event share its rare words (names, places, the thing that happened);
two articles that only share a topic word ("Ebola" in a turkey-farm hoax and in a Mosul hospital
rumour) share little else. A statement of one and a statement of the other are then not a clash
however close their sentences are: the pairing stages drop such pairs (`triage.py`, "other
story") before the scorer reads them.

The weights: each text's words (English stop words out, the first TEXT_CHARS characters), term
frequency damped (1 + log tf), inverse document frequency from the documents stored (an evenly
spaced sample of up to IDF_SAMPLE of them, so the cost does not grow with the corpus; a word no
sampled document holds weighs most). The figures are scikit-learn's TfidfVectorizer with
`sublinear_tf=True`, computed here so that the document frequencies can be kept between runs.

STORY_GATE was chosen on the working part of the real-news pairing gold set
(`lab/gold/clashes_working.jsonl`; the sealed part is only reported): the 53 working clashes whose
two sides are in different articles have story similarity 0.19 to 0.44, while 390 of the 1,318
cross-article pairs the matcher stored on the real-news benchmark without this stage are under
0.15. The gate leaves a margin under the lowest gold pair.
"""

import math
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Max

from factcheck.models import Document
from factcheck.services.matcher.search import chunked

STORY_GATE = 0.15
IDF_SAMPLE = 2000
TEXT_CHARS = 5000
# Words every report uses: they count in the similarity, but an editor learns nothing from them.
REPORTING_WORDS = {"said", "says", "told", "according", "reported", "reports", "added", "statement", "news"}
DF_SECONDS = 600  # how long a worker reuses the document frequencies of an unchanged corpus

_frequencies: dict[tuple, tuple[float, int, Counter]] = {}


def _words():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(stop_words="english").build_analyzer()


def _texts(ids: Iterable[int]) -> dict[int, str]:
    texts: dict[int, str] = {}
    for chunk in chunked(ids, 900):  # under SQLite's parameter limit
        rows = Document.objects.filter(pk__in=chunk).values_list("pk", "text")
        texts.update({pk: text[:TEXT_CHARS] for pk, text in rows})
    return texts


def document_frequencies(words) -> tuple[int, Counter]:
    """How many of the sampled documents hold each word, and how many were sampled. Kept for
    DF_SECONDS while the corpus is unchanged (its size and last id), so a worker matching one
    statement does not read 2,000 documents each time."""
    shape = Document.objects.aggregate(n=Count("pk"), last=Max("pk"))
    key = (connection.alias, connection.settings_dict["NAME"], shape["n"], shape["last"])
    kept = _frequencies.get(key)
    if kept is not None and time.monotonic() - kept[0] < DF_SECONDS:
        return kept[1], kept[2]
    ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    if len(ids) > IDF_SAMPLE:
        step = len(ids) / IDF_SAMPLE
        ids = [ids[int(i * step)] for i in range(IDF_SAMPLE)]
    frequencies: Counter = Counter()
    for text in _texts(ids).values():
        frequencies.update(set(words(text)))
    _frequencies.clear()
    _frequencies[key] = (time.monotonic(), len(ids), frequencies)
    return len(ids), frequencies


def _vector(text: str, words, sampled: int, frequencies: Counter) -> dict[str, float]:
    """A text's words weighted as scikit-learn's TfidfVectorizer(sublinear_tf=True) does, unit length."""
    counts = Counter(words(text))
    weights = {
        word: (1 + math.log(n)) * (math.log((1 + sampled) / (1 + frequencies[word])) + 1) for word, n in counts.items()
    }
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {word: w / norm for word, w in weights.items()} if norm else {}


@dataclass(frozen=True)
class StoryLink:
    """How far two documents tell one story, and the words that weigh most in both."""

    similarity: float
    words: tuple[str, ...] = ()

    def as_cue(self) -> dict:
        return {"similarity": round(self.similarity, 3), "words": list(self.words)}


def story_links(document_pairs: Iterable[tuple[int, int]], *, words_shown: int = 5) -> dict[tuple[int, int], StoryLink]:
    """The story similarity (0 to 1) of each (document, document) pair, keyed as given, with the
    `words_shown` shared words that add most to it."""
    document_pairs = list(document_pairs)
    texts = _texts({d for pair in document_pairs for d in pair})
    if not texts:
        return {}
    words = _words()
    sampled, frequencies = document_frequencies(words)
    vectors = {pk: _vector(text, words, sampled, frequencies) for pk, text in texts.items()}
    links = {}
    for a, b in document_pairs:
        if a in vectors and b in vectors:
            small, large = sorted((vectors[a], vectors[b]), key=len)
            shares = {word: w * large[word] for word, w in small.items() if word in large}
            shown = [word for word in shares if word not in REPORTING_WORDS and len(word) > 2]
            top = sorted(shown, key=lambda word: (-shares[word], word))[:words_shown]
            links[(a, b)] = StoryLink(sum(shares.values()), tuple(top))
    return links
