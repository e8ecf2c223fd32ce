"""Documents to topic counts: the second stage of the pipeline.

Owns what counts as a mention and every number derived from mentions: the
lexicon (:mod:`~helpers.topics.lexicon`), spelling folds
(:mod:`~helpers.topics.spelling`), automaton keys
(:mod:`~helpers.topics.keys`), matching and its context rules
(:mod:`~helpers.topics.matching`, :mod:`~helpers.topics.rules`), tagging a
corpus with its cache (:mod:`~helpers.topics.tagging`) and the coverage
tables (:mod:`~helpers.topics.coverage`, :func:`measure_coverage`), the name
layer (:mod:`~helpers.topics.names`, data in ``names.yaml``), the codebook
(:mod:`~helpers.topics.codebook`) and validation by hand
(:mod:`~helpers.topics.validation`: :func:`validate`, :func:`sample_size`).

May import: :mod:`helpers.corpus`, :mod:`helpers.compute`,
:mod:`helpers.config`; never ``figures``.

>>> from helpers.corpus import load_corpus
>>> coverage = measure_coverage(load_corpus(cache=False), cache=False)
>>> int(coverage.summary().set_index("topic").loc["trade", "documents"])
2
"""

from helpers.topics.coverage import MENTION_COLUMNS, Coverage, measure_coverage
from helpers.topics.lexicon import DEFAULT_LEXICON, Lexicon, LexiconError, Term, Topic, load_lexicon
from helpers.topics.matching import Mention, TopicMatcher
from helpers.topics.validation import ValidationError, sample_size, validate, validation_sample, write_sample

__all__ = [
    "DEFAULT_LEXICON",
    "MENTION_COLUMNS",
    "Coverage",
    "Lexicon",
    "LexiconError",
    "Mention",
    "Term",
    "Topic",
    "TopicMatcher",
    "ValidationError",
    "load_lexicon",
    "measure_coverage",
    "sample_size",
    "validate",
    "validation_sample",
    "write_sample",
]
