"""persian-news-coverage helpers: load, clean and normalize Persian news.

>>> from helpers import load_corpus
>>> corpus = load_corpus(DEFAULT_CORPUS, cache=False)
>>> len(corpus.documents), len(corpus.skipped)
(2, 0)
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("persian-news-coverage")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

from helpers.config import DEFAULT_CORPUS  # noqa: E402
from helpers.corpus import Corpus, CorpusError, load_corpus  # noqa: E402

__all__ = ["Corpus", "CorpusError", "DEFAULT_CORPUS", "__version__", "load_corpus"]
