"""persian-news-coverage: measure how Persian news covers Iran's regional agenda.

The package is the pipeline, one subpackage per stage, each importing only
the stages below it::

    figures   charts, the KWIC table, export        (helpers.figures)
      ↓
    topics    lexicon, matching, tagging, coverage  (helpers.topics)
      ↓
    corpus    files → normalized documents          (helpers.corpus)
      ↓
    compute   running work here, on a pool, on Dask (helpers.compute)
    config    paths, version                        (helpers.config)

Top-level modules (``cli``, ``report``, ``cluster``, ``synthetic``) use the
stages. The names most used are re-exported here, imported on first use so
``import helpers`` stays cheap:

>>> from helpers import load_corpus, measure_coverage
>>> corpus = load_corpus(DEFAULT_CORPUS, cache=False)
>>> len(corpus.documents), len(corpus.skipped)
(2, 0)
>>> int(measure_coverage(corpus, cache=False).summary().set_index("topic").loc["sco", "mentions"])
1
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from helpers.config import DEFAULT_CORPUS
from helpers.config import VERSION as __version__

# Public name -> the module that defines it (imported on first use).
_PUBLIC = {
    "Corpus": "helpers.corpus",
    "CorpusError": "helpers.corpus",
    "load_corpus": "helpers.corpus",
    "Coverage": "helpers.topics",
    "Lexicon": "helpers.topics",
    "LexiconError": "helpers.topics",
    "load_lexicon": "helpers.topics",
    "measure_coverage": "helpers.topics",
    "sample_size": "helpers.topics",
    "validate": "helpers.topics",
    "write_sample": "helpers.topics",
    "cooccurrence_heatmap": "helpers.figures",
    "coverage_bars": "helpers.figures",
    "coverage_over_time": "helpers.figures",
    "document_heatmap": "helpers.figures",
    "kwic_table": "helpers.figures",
    "regional_bodies_chart": "helpers.figures",
    "save_figure": "helpers.figures",
    "standard_figures": "helpers.figures",
}

__all__ = ["DEFAULT_CORPUS", "__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
