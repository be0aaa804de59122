"""The same words, twice: one statement credited to two sources, or copied from one report to another."""

import re
import unicodedata

# Vectors this close, with the same reading (neither side hedges or denies where the other does
# not), are the same words. Measured on the real-news benchmark's candidate pairs of the working
# part (6,607, bench/realnews.py): all 31 pairs from 0.95 up with one reading are the same words by
# reading (a quote with or without its frame, "[the WHO]" inserted, "according to Gulf News"
# added); under 0.95 come paraphrases and, at 0.94, "It would be difficult to confirm whether the
# woman is indeed al-Baghdadi's wife" / "The woman is indeed al-Baghdadi's wife" (kept for the
# scorer by the reading).
SAME_WORDS_COSINE = 0.95


def text_key(text: str) -> str:
    """A statement's words without case, accents, quotation marks or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.findall(r"[^\W_]+", plain))
