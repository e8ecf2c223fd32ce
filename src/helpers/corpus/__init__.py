"""Bytes to documents: the first stage of the pipeline.

Owns everything between a user's files and the normalized documents:
finding the inputs (:mod:`~helpers.corpus.discovery`), decoding
(:mod:`~helpers.corpus.encoding`), cleaning and splitting articles
(:mod:`~helpers.corpus.cleaning`), dates (:mod:`~helpers.corpus.dates`),
text files and tables (:mod:`~helpers.corpus.sources`), Persian
normalization (:mod:`~helpers.corpus.normalization`), the cache
(:mod:`~helpers.corpus.cache`, :mod:`~helpers.corpus.files`,
:mod:`~helpers.corpus.rows`), loading (:func:`load_corpus`), and which
documents are copies of one story (:mod:`~helpers.corpus.duplicates`,
agency credit lines in :mod:`~helpers.corpus.bylines`).

May import: :mod:`helpers.config` and :mod:`helpers.compute`; never
``topics`` or ``figures``.

>>> from helpers import config
>>> corpus = load_corpus(config.DEFAULT_CORPUS, cache=False)
>>> len(corpus.documents), len(corpus.skipped)
(2, 0)
"""

from helpers.corpus.loading import load_corpus
from helpers.corpus.model import DOCUMENT_COLUMNS, SENTENCE_COLUMNS, SKIPPED_COLUMNS, Corpus, CorpusError

__all__ = ["DOCUMENT_COLUMNS", "SENTENCE_COLUMNS", "SKIPPED_COLUMNS", "Corpus", "CorpusError", "load_corpus"]
