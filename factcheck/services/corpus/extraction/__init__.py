"""Claim extraction: every claim a source makes in a news article, with its speaker and span.

Pure Python, no database. `extract_claims(text)` reads a document as an editor does:

1. Lines without final punctuation are headlines and never yield claims.
2. Each paragraph is split into quotations (curly or straight, unbalanced ones run to the end of the
   paragraph) and sentences that never break inside a quotation.
3. A quotation is attributed by the words after it (`"...," X said`, `"...," said X, ...`,
   `Belta quoted X as saying`) or before it (`X said: "..."`, `X affirmed that "..."`); a
   whole-sentence quotation with no attribution continues the previous speaker's quote.
4. Reported speech is found around speech verbs (`X said (that) ...`, `..., X said`,
   `according to X, ...`, `..., adding that ...`, `and that ...`), and a relative clause with
   "allegedly" is the claim of the actor whose clause it hangs on.
5. Speakers are resolved against the people and bodies the article names: surnames, pronouns,
   "the minister", "the Belarussian President", "the club", "X's office", unnamed officials.

spaCy's parse (`parse.py`, `en_core_web_sm` pinned by hash) reads each paragraph first; the
older rules over regular expressions and word lists (`rules.py`, `speakers.py`) add what it
misses. The hard part is attribution and coreference, which the parse does not give.

The parts: `lexicon` (word lists), `layout` (paragraphs, quotations, sentences), `parse` (spaCy),
`frames` (speech verbs, their subjects and what they introduce), `attribution` (quotes and
reported speech made claims), `resolver` and `names` (who a
subject is), `rules` and `speakers` (the first extractor), `stance` (the opt-in stance model).
"""

from factcheck.services.corpus.extraction.attribution import Claim, extract_claims
from factcheck.services.corpus.extraction.speakers import Speaker

__all__ = ["Claim", "Speaker", "extract_claims"]
