"""The report analyses of a :class:`~helpers.topics.coverage.Coverage`.

:class:`CoverageAnalyses` is the part of ``Coverage`` that answers the
questions after "how often": how many stories (:meth:`in_stories`), how
sure (:meth:`share_over_time`), how sources and periods differ
(:meth:`compare`, :meth:`keyness`), with which countries
(:meth:`countries`, :meth:`country_topics`) and in which words
(:meth:`collocates`), and how to check it by hand
(:meth:`validation_sample`). Each method gathers the coverage's tables and
calls the module that owns the computation; it uses only the public attributes
of ``Coverage`` (``corpus``, ``lexicon``, ``mentions``, ``unit``,
``duplicates``, ``copies`` and its table methods).

>>> from helpers.corpus import load_corpus
>>> from helpers.topics.coverage import measure_coverage
>>> coverage = measure_coverage(load_corpus(cache=False), cache=False)
>>> coverage.in_stories().unit, len(coverage.in_stories().corpus.documents)
('stories', 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from helpers.topics.collocates import collocate_table
from helpers.topics.comparison import compare_groups, document_groups
from helpers.topics.countries import country_lexicon, home_country
from helpers.topics.intervals import ALPHA, MIN_DOCUMENTS, add_intervals, share_over_time
from helpers.topics.keyness import keyness_table
from helpers.topics.spelling import fold
from helpers.topics.stories import story_corpus
from helpers.topics.tagging import tag_corpus
from helpers.topics.validation import validation_sample

__all__ = ["CoverageAnalyses"]


class CoverageAnalyses:
    """Stories, intervals, comparisons, keyness, countries and collocates."""

    corpus: Any
    lexicon: Any
    mentions: pd.DataFrame
    unit: str
    duplicates: pd.DataFrame | None
    copies: Any

    # ------------------------------------------------------------- stories
    def story_table(self) -> pd.DataFrame:
        """Each document's story (``Corpus.duplicates`` unless a table was given)."""
        if self.copies is not None:
            return self.copies.story_table()
        return self.duplicates if self.duplicates is not None else self.corpus.duplicates

    def in_stories(self) -> Any:
        """The same coverage counting each story once, as its first copy."""
        if self.unit == "stories":
            return self
        stories = self.story_table()
        corpus, mentions = story_corpus(self.corpus, self.mentions, stories)
        return replace(self, corpus=corpus, mentions=mentions, unit="stories", duplicates=stories, copies=self)  # type: ignore[type-var]

    # ----------------------------------------------------------- validation
    def validation_sample(self, n: int = 20, topic: str | list[str] | None = None, seed: int = 0, width: int = 60) -> pd.DataFrame:
        """A stratified random sample of documents with and without hits, to code by hand
        (:func:`helpers.topics.validation.validation_sample`; score it with ``validate``)."""
        return validation_sample(self, n=n, topic=topic, seed=seed, width=width)

    # --------------------------------------------------------- uncertainty
    def share_over_time(
        self, freq: str = "month", calendar: str = "jalali", min_documents: int = MIN_DOCUMENTS, topics: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Share of documents (or stories) per period and topic, with its 95 %
        Wilson interval, the period's n and ``sparse`` below ``min_documents``
        (see :func:`helpers.topics.intervals.share_over_time`)."""
        series = self.timeseries(freq, calendar, "share_of_documents")  # type: ignore[attr-defined]
        table = share_over_time(series, min_documents, topics)
        table.attrs["undated"] = series.attrs.get("undated", 0)
        return table

    # ---------------------------------------------------------- comparison
    def _presence(self) -> pd.DataFrame:
        return self.document_matrix("mentions").gt(0).astype("int64")  # type: ignore[attr-defined]

    def compare(
        self, by: str = "source", topics: Sequence[str] | None = None, calendar: str = "jalali", alpha: float = ALPHA
    ) -> pd.DataFrame:
        """Per group × topic: share with interval and a test against the rest.

        Args:
            by: ``source``, ``month``/``year`` (in ``calendar``) or any column
                of ``corpus.documents``.
            topics: topic ids (default: every topic of the lexicon).
            alpha: family-wise error rate of ``significant`` (Holm).

        See :func:`helpers.topics.comparison.compare_groups` for the columns;
        ``attrs["note"]`` says what was tested. Labels are joined from the lexicon.
        """
        groups = document_groups(self.corpus.documents, by, calendar)
        table = compare_groups(self._presence(), groups, topics, alpha)
        labels = {t.id: (t.label_fa, t.label_en) for t in self.lexicon.topics}
        table.insert(2, "label_fa", table["topic"].map(lambda t: labels[t][0]))
        table.insert(3, "label_en", table["topic"].map(lambda t: labels[t][1]))
        table.attrs["by"], table.attrs["unit"] = by, self.unit
        return table

    def keyness(
        self, group_a: str | Sequence[str], group_b: str | Sequence[str] | None = None, by: str = "source",
        calendar: str = "jalali", min_count: int = 3,
    ) -> pd.DataFrame:  # fmt: skip
        """Words and lexicon terms that distinguish group A from group B.

        Args:
            group_a: a value (or values) of ``by``: a source, a month
                («1404-09»), or a value of any document column.
            group_b: the same for B; None: every other document.
            min_count: leave out items seen fewer times in A and B together.

        Returns:
            :func:`helpers.topics.keyness.keyness_table`: signed G², p value
            and log ratio, A's key items first.
        """
        groups = document_groups(self.corpus.documents, by, calendar)
        wanted_a = {group_a} if isinstance(group_a, str) else set(group_a)
        in_a = groups.isin(wanted_a).to_numpy()
        in_b = ~in_a if group_b is None else groups.isin({group_b} if isinstance(group_b, str) else set(group_b)).to_numpy()
        if group_b is None and not in_b.any():
            raise ValueError(f"every document has {by} = {group_a!r}: nothing to compare it with")
        for name, chosen, wanted in (("group_a", in_a, group_a), ("group_b", in_b, group_b)):
            if not chosen.any():
                known = ", ".join(map(str, sorted(groups.dropna().unique())[:8]))
                raise ValueError(f"{name}: no document has {by} = {wanted!r} (some values: {known})")
        ids_a, ids_b = groups.index[in_a], groups.index[in_b]
        texts = self.corpus.documents.set_index("doc_id")["text"]
        mentions = self.mentions
        table = keyness_table(
            texts.loc[ids_a].tolist(), texts.loc[ids_b].tolist(),
            mentions[mentions["doc_id"].isin(ids_a)], mentions[mentions["doc_id"].isin(ids_b)], min_count,
        )  # fmt: skip
        table.attrs.update(documents_a=len(ids_a), documents_b=len(ids_b), by=by)
        return table

    # ----------------------------------------------------------- countries
    def country_mentions(self, include_home: bool = False, cache: bool = True) -> pd.DataFrame:
        """Every country mention (columns as ``mentions``; ``topic`` renamed
        ``country``, the ISO code). Iran (``home``) only with ``include_home``."""
        key = ("_country_mentions", cache)
        if key not in self.__dict__:
            self.__dict__[key] = tag_corpus(self.corpus, country_lexicon(), cache=cache).drop(columns=["group"])
        found = self.__dict__[key].rename(columns={"topic": "country"})
        if not include_home:
            found = found[found["country"] != home_country().lower()]
        return found.assign(country=found["country"].str.upper()).reset_index(drop=True)

    def countries(self, include_home: bool = False) -> pd.DataFrame:
        """Per document × country mentioned: ``doc_id``, ``country`` (ISO
        code), ``label_fa``, ``label_en``, ``mentions``, ``sentences``."""
        found = self.country_mentions(include_home)
        table = found.groupby(["doc_id", "country"], sort=False).agg(mentions=("sent_id", "size"), sentences=("sent_id", "nunique"))
        table = table.reset_index()
        order = pd.Index(self.corpus.documents["doc_id"]).get_indexer(table["doc_id"])
        table = table.iloc[np.lexsort((table["country"].to_numpy(), order))].reset_index(drop=True)
        return self._with_country_labels(table, after="country")

    def country_summary(self, include_home: bool = False) -> pd.DataFrame:
        """Per country: documents mentioning it, their share (with its 95 %
        Wilson interval) and mentions, most covered first."""
        table = self.countries(include_home)
        per = table.groupby("country").agg(documents=("doc_id", "nunique"), mentions=("mentions", "sum")).reset_index()
        n_docs = len(self.corpus.documents)
        per["share_of_documents"] = per["documents"] / n_docs if n_docs else np.nan
        per = per.sort_values(["documents", "mentions", "country"], ascending=[False, False, True], kind="stable")
        per = add_intervals(per.reset_index(drop=True), "documents", n_docs, after="share_of_documents")
        return self._with_country_labels(per, after="country")

    def country_topics(self, topics: Sequence[str] | None = None, include_home: bool = False) -> pd.DataFrame:
        """Topic × country co-mention, in the same document and in the same sentence.

        Columns: ``topic``, ``country`` (with labels), ``documents`` (documents
        mentioning both), ``sentences`` (sentences mentioning both),
        ``topic_documents``, ``share_of_topic_documents`` (documents ÷
        topic_documents: how much of the topic's coverage involves the
        country) with its Wilson interval. Pairs never co-mentioned are left out.
        """
        ids = list(topics) if topics is not None else self.lexicon.ids
        members = {t: set(self.lexicon.members(t)) | {t} for t in ids}
        found = self.country_mentions(include_home)[["doc_id", "sent_id", "country"]].drop_duplicates()
        mentions = self.mentions[["doc_id", "sent_id", "topic", "group"]]
        rows = []
        for topic in ids:
            hits = mentions[mentions["topic"].isin(members[topic])]
            units = hits[["doc_id", "sent_id"]].drop_duplicates()
            docs = pd.Index(units["doc_id"].unique())
            same_doc = found[found["doc_id"].isin(docs)].groupby("country")["doc_id"].nunique()
            same_sentence = found.merge(units, on=["doc_id", "sent_id"]).groupby("country").size()
            for country, n in same_doc.items():
                rows.append((topic, country, int(n), int(same_sentence.get(country, 0)), len(docs)))
        columns = ["topic", "country", "documents", "sentences", "topic_documents"]
        table = pd.DataFrame(rows, columns=columns).astype({"documents": "int64", "sentences": "int64", "topic_documents": "int64"})
        table["share_of_topic_documents"] = table["documents"] / table["topic_documents"].where(table["topic_documents"] > 0)
        table = add_intervals(table, "documents", "topic_documents")
        table = table.sort_values(["topic", "documents", "sentences", "country"], ascending=[True, False, False, True], kind="stable")
        table["topic"] = pd.Categorical(table["topic"], categories=ids, ordered=True)
        table = table.sort_values("topic", kind="stable").astype({"topic": "str"}).reset_index(drop=True)
        return self._with_country_labels(table, after="country")

    def _with_country_labels(self, table: pd.DataFrame, after: str) -> pd.DataFrame:
        lexicon = country_lexicon()
        labels = {t.id.upper(): (t.label_fa, t.label_en) for t in lexicon.topics}
        position = list(table.columns).index(after) + 1
        table.insert(position, "country_fa", table["country"].map(lambda c: labels[c][0]))
        table.insert(position + 1, "country_en", table["country"].map(lambda c: labels[c][1]))
        return table

    # ----------------------------------------------------------- collocates
    def collocates(self, topic: str, window: int = 5, min_count: int = 3, measure: str = "log_dice") -> pd.DataFrame:
        """Words most associated with ``topic``'s mentions within ``window``
        words in their sentence (logDice or MI; see :mod:`helpers.topics.collocates`)."""
        if topic not in self.lexicon.ids:
            raise ValueError(f"unknown topic {topic!r}")
        members = set(self.lexicon.members(topic)) | {topic}
        mentions = self.mentions[self.mentions["topic"].isin(members)]
        # a phrase counted for a group and its member once
        mentions = mentions.drop_duplicates(subset=["doc_id", "start", "end"])
        lexicon_words = {w for t in self.lexicon.terms for w in fold(t.text).split()}
        texts = self.corpus.documents.set_index("doc_id")["text"]
        table = collocate_table(texts, self.corpus.sentences, mentions, lexicon_words, window, min_count, measure)
        table.attrs["topic"] = topic
        return table
