"""Wire copies: one story printed by several outlets with small edits is one story, many documents.

Each stored document keeps a MinHash of its text's five-word shingles. A new document whose
shingles overlap a stored one's by COPY_JACCARD or more (estimated from the MinHashes, found through
LSH buckets so the lookup does not read every document) is stored as a copy of that story's first
document (`Document.copy_of`); it keeps its own outlet, date and URL. The matcher never pairs two
statements of copies of one story, and a statement repeated in copies is shown once, "also in N
documents".

COPY_JACCARD was chosen by reading pairs of FNC-1 working-part bodies of one story: from about 0.45
they share most paragraphs word for word (the same Reuters story under two mastheads); below it
they are rewrites that share a few quotes.
"""

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE = 5  # words
PERMUTATIONS = 128
COPY_JACCARD = 0.45
MIN_WORDS = 40  # shorter texts share too few shingles to tell a copy from a coincidence
SCHEME = "affine32"  # datasketch's hashing scheme: stored signatures are read back with the same


def shingles(text: str) -> set[str]:
    words = re.findall(r"[^\W_]+", text.casefold())
    return {" ".join(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


def signature(text: str) -> MinHash | None:
    """The text's MinHash, or None for a text too short to tell copies by."""
    grams = shingles(text)
    if len(grams) < MIN_WORDS:
        return None
    minhash = MinHash(num_perm=PERMUTATIONS, seed=13, scheme=SCHEME)
    minhash.update_batch([g.encode("utf-8") for g in grams])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(
        num_perm=PERMUTATIONS, seed=13, hashvalues=np.frombuffer(bytes(data), dtype=np.uint64), scheme=SCHEME
    )


class CopyIndex:
    """LSH over the stored documents' MinHashes, read once per process and caught up on each use
    with the documents stored since (by id), so several processes ingesting at once see each other."""

    def __init__(self):
        self.lsh = MinHashLSH(threshold=COPY_JACCARD, num_perm=PERMUTATIONS)
        self.signatures: dict[int, MinHash] = {}
        self.roots: dict[int, int] = {}
        self.seen_up_to = 0

    def catch_up(self) -> None:
        from factcheck.models import Document

        rows = (
            Document.objects.filter(pk__gt=self.seen_up_to, minhash__isnull=False)
            .order_by("pk")
            .values_list("pk", "copy_of_id", "minhash")
        )
        for pk, root, data in rows.iterator(chunk_size=5000):
            self.add(pk, from_bytes(data), root or pk)
            self.seen_up_to = pk

    def add(self, pk: int, minhash: MinHash, root: int) -> None:
        if pk in self.signatures:
            return
        self.lsh.insert(str(pk), minhash)
        self.signatures[pk] = minhash
        self.roots[pk] = root

    def original_of(self, minhash: MinHash) -> int | None:
        """The first document of the story this text is a copy of, or None. The few candidates LSH
        gives are checked against the database, so a row deleted since it was read is never used."""
        from factcheck.models import Document

        self.catch_up()
        candidates = [int(key) for key in self.lsh.query(minhash)]
        if not candidates:
            return None
        stored = {pk: (root, data) for pk, root, data in Document.objects.filter(pk__in=candidates).values_list(
            "pk", "copy_of_id", "minhash")}  # fmt: skip
        best, best_score = None, COPY_JACCARD
        for pk in sorted(candidates):
            if pk not in stored or stored[pk][1] is None:
                self.lsh.remove(str(pk))
                self.signatures.pop(pk, None)
                continue
            score = minhash.jaccard(from_bytes(stored[pk][1]))
            if score >= best_score and (best is None or score > best_score):
                best, best_score = pk, score
        return None if best is None else (stored[best][0] or best)


_index: CopyIndex | None = None


def copy_index() -> CopyIndex:
    global _index
    if _index is None:
        _index = CopyIndex()
    return _index


def forget() -> None:
    """Drop the process's index (tests that flush the database start again from nothing)."""
    global _index
    _index = None
