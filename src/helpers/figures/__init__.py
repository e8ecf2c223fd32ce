"""Counts to report figures: the last stage of the pipeline.

Owns everything a reader sees: the one gate through which Persian strings
reach matplotlib (:mod:`~helpers.figures.text`), the packaged font
(:mod:`~helpers.figures.fonts`), the charts (:mod:`~helpers.figures.charts`),
the keyword-in-context table (:mod:`~helpers.figures.kwic`),
comparison charts — sources × topics, small multiples over time,
countries × topics, keyness (:mod:`~helpers.figures.comparison`) — and
reproducible export (:mod:`~helpers.figures.export`).

May import: :mod:`helpers.topics`, :mod:`helpers.corpus`,
:mod:`helpers.config`.

>>> from helpers.corpus import load_corpus
>>> from helpers.topics import measure_coverage
>>> sorted(standard_figures(measure_coverage(load_corpus(cache=False), cache=False)))[:2]
['cooccurrence-documents', 'coverage-over-time']
"""

from helpers.figures.charts import (
    STYLE,
    cooccurrence_heatmap,
    coverage_bars,
    coverage_over_time,
    document_heatmap,
    regional_bodies_chart,
    standard_figures,
)
from helpers.figures.comparison import country_topic_heatmap, keyness_chart, source_topic_heatmap, topic_small_multiples
from helpers.figures.export import save_figure
from helpers.figures.kwic import KwicTable, kwic_table
from helpers.figures.text import for_matplotlib

__all__ = [
    "STYLE",
    "KwicTable",
    "cooccurrence_heatmap",
    "country_topic_heatmap",
    "coverage_bars",
    "coverage_over_time",
    "document_heatmap",
    "for_matplotlib",
    "keyness_chart",
    "kwic_table",
    "regional_bodies_chart",
    "save_figure",
    "source_topic_heatmap",
    "standard_figures",
    "topic_small_multiples",
]
