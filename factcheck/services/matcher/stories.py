"""Whether two documents tell one story: the cosine of their words weighted by TF-IDF.

Two articles about one event share its rare words (names, places, the thing that happened);
two articles that only share a topic word ("Ebola" in a turkey-farm hoax and in a Mosul hospital
rumour) share little else. A statement of one and a statement of the other are then not a clash
however close their sentences are: the pairing stages drop such pairs (`triage.py`, "other
story") before the scorer reads them.

The weights: each text's words (English stop words out, the first TEXT_CHARS characters), term
frequency damped (1 + log tf), inverse document frequency from the documents stored (an evenly
spaced sample of up to IDF_SAMPLE of them, so the cost does not grow with the corpus).

STORY_GATE was chosen on the working part of the real-news pairing gold set
(`lab/gold/clashes_working.jsonl`; the sealed part is only reported): the 53 working clashes whose
two sides are in different articles have story similarity 0.19 to 0.44, while 396 of the 1,318
cross-article pairs the matcher stored on the real-news benchmark without this stage are under
0.15. The gate leaves a margin under the lowest gold pair.
"""

from collections.abc import Iterable

import numpy as np

from factcheck.models import Document

STORY_GATE = 0.15
IDF_SAMPLE = 2000
TEXT_CHARS = 5000


def _texts(ids: Iterable[int]) -> dict[int, str]:
    ids = list(ids)
    texts: dict[int, str] = {}
    for start in range(0, len(ids), 900):  # under SQLite's parameter limit
        rows = Document.objects.filter(pk__in=ids[start : start + 900]).values_list("pk", "text")
        texts.update({pk: text[:TEXT_CHARS] for pk, text in rows})
    return texts


def _idf_sample() -> list[int]:
    ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    if len(ids) <= IDF_SAMPLE:
        return ids
    step = len(ids) / IDF_SAMPLE
    return [ids[int(i * step)] for i in range(IDF_SAMPLE)]


def story_similarities(document_pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], float]:
    """The story similarity (0 to 1) of each (document, document) pair, keyed as given."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    document_pairs = list(document_pairs)
    involved = {d for pair in document_pairs for d in pair}
    if not involved:
        return {}
    texts = _texts(involved)
    sample = _texts(set(_idf_sample()) - set(texts))
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32)
    try:
        vectorizer.fit([*texts.values(), *sample.values()])
    except ValueError:  # no word at all (empty or stop words only): nothing to compare
        return {pair: 0.0 for pair in document_pairs}
    order = list(texts)
    row = {pk: i for i, pk in enumerate(order)}
    vectors = vectorizer.transform([texts[pk] for pk in order])  # rows are L2-normalised
    known = [(a, b) for a, b in document_pairs if a in row and b in row]
    if not known:
        return {}
    left = vectors[[row[a] for a, _ in known]]
    right = vectors[[row[b] for _, b in known]]
    cosines = np.asarray(left.multiply(right).sum(axis=1)).ravel()
    return {pair: float(cosine) for pair, cosine in zip(known, cosines, strict=True)}
