"""Coverage metrics: every number traceable to rows of ``mentions``.

>>> from helpers import load_corpus
>>> coverage = measure_coverage(load_corpus(cache=False))
>>> summary = coverage.summary().set_index("topic")
>>> summary.loc[["trade", "regional_bodies", "sco"], ["documents", "mentions"]].to_dict("index")
{'trade': {'documents': 2, 'mentions': 14}, 'regional_bodies': {'documents': 1, 'mentions': 4}, 'sco': {'documents': 1, 'mentions': 1}}
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jdatetime
import numpy as np
import pandas as pd

from helpers.corpus import Corpus
from helpers.corpus.alignment import OffsetMap
from helpers.corpus.rows import repeat_values
from helpers.topics.analyses import CoverageAnalyses
from helpers.topics.grid import topic_grid
from helpers.topics.intervals import add_intervals
from helpers.topics.lexicon import Lexicon, load_lexicon
from helpers.topics.spelling import fold
from helpers.topics.stories import both_units, check_unit
from helpers.topics.tagging import MENTION_COLUMNS, SUPPRESSED_COLUMNS, category_codes, tag_corpus

__all__ = ["MENTION_COLUMNS", "Coverage", "measure_coverage"]



def measure_coverage(
    corpus: Corpus,
    lexicon: Lexicon | str | Path | None = None,
    *,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    client: Any = None,
    unit: str = "documents",
    duplicates: pd.DataFrame | None = None,
) -> Coverage:
    """Tag every document of ``corpus`` with the lexicon's topics.

    Args:
        corpus: from :func:`helpers.load_corpus`.
        lexicon: a :class:`Lexicon`, a path to a lexicon file, or None for
            the packaged default.
        cache: reuse and update the on-disk cache of mentions (keyed by each
            document's text and by the lexicon's content).
        cache_dir: cache folder (default :func:`helpers.config.cache_dir`).
        workers: processes for tagging (default: all cores, when there is
            enough text to pay for them).
        progress: show a progress bar (default: only for large corpora).
        client: a ``distributed.Client`` or Dask scheduler address: tag on
            that cluster (needs the ``dask`` extra).
        unit: ``documents`` (every copy counts) or ``stories`` (each story
            once, as its first copy: :mod:`helpers.topics.stories`).
        duplicates: the story table to use (default ``corpus.duplicates``;
            pass :func:`helpers.corpus.duplicates.find_duplicates` with
            another threshold).
    """
    check_unit(unit)
    if not isinstance(lexicon, Lexicon):
        lexicon = load_lexicon(lexicon)
    rows = tag_corpus(corpus, lexicon, cache=cache, cache_dir=cache_dir, workers=workers, progress=progress, client=client, suppressed=True)
    mentions, suppressed = split_suppressed(rows)
    coverage = Coverage(corpus=corpus, lexicon=lexicon, mentions=mentions, duplicates=duplicates, suppressed=suppressed)
    return coverage.in_stories() if unit == "stories" else coverage


def split_suppressed(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counted mentions (``MENTION_COLUMNS``) and suppressed ones (``SUPPRESSED_COLUMNS``)."""
    counted = (rows["status"] == "counted").to_numpy(dtype=bool)
    return rows[counted][MENTION_COLUMNS].reset_index(drop=True), rows[~counted].reset_index(drop=True)


def per_topic_counts(document_topics: pd.DataFrame) -> pd.DataFrame:
    """Per topic: documents with at least one mention, and mentions.

    Works on a pandas or a Dask DataFrame (then it is computed on the cluster).
    """
    counts = document_topics.assign(documents=(document_topics["mentions"] > 0).astype("int64"))
    return counts.groupby("topic")[["documents", "mentions"]].sum()


def summary_table(lexicon: Lexicon, per_topic: pd.DataFrame, n_docs: int, total_tokens: int) -> pd.DataFrame:
    """The topic summary from :func:`per_topic_counts`, in lexicon order."""
    summary = per_topic.reindex(lexicon.ids, fill_value=0).astype("int64")
    summary["share_of_documents"] = summary["documents"] / n_docs if n_docs else 0.0
    summary["mentions_per_1k_tokens"] = summary["mentions"] / total_tokens * 1000 if total_tokens else 0.0
    meta = pd.DataFrame(
        [(t.id, t.label_fa, t.label_en, t.group, t.kind) for t in lexicon.topics],
        columns=["topic", "label_fa", "label_en", "group", "kind"],
    ).set_index("topic")
    out = meta.join(summary).reset_index()
    out = out[["topic", "label_fa", "label_en", "group", "kind", "documents", "share_of_documents", "mentions", "mentions_per_1k_tokens"]]
    return add_intervals(out, "documents", n_docs, after="share_of_documents")


@dataclass
class Coverage(CoverageAnalyses):
    """Mentions of a corpus and the tables derived from them.

    Group topics (``kind: group``) have no mentions of their own: their
    counts are the totals over their members. With ``unit="stories"``
    (:meth:`in_stories`), ``corpus`` and ``mentions`` hold each story's
    first copy and ``copies`` the coverage of every document.
    """

    corpus: Corpus
    lexicon: Lexicon
    mentions: pd.DataFrame
    unit: str = "documents"
    duplicates: pd.DataFrame | None = field(default=None, repr=False)
    copies: Coverage | None = field(default=None, repr=False)
    # hits inside proper names, not counted (SUPPRESSED_COLUMNS: with the name and its kind)
    suppressed: pd.DataFrame | None = field(default=None, repr=False)
    _alignments: dict[str, OffsetMap] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------- helpers
    @property
    def topic_ids(self) -> list[str]:
        return self.lexicon.ids

    def _mentions_with_groups(self) -> pd.DataFrame:
        """Mentions plus a copy of each member's mention under its group."""
        grouped = self.mentions[self.mentions["group"].notna()].copy()
        grouped["topic"] = grouped["group"]
        return pd.concat([self.mentions, grouped], ignore_index=True)

    # -------------------------------------------------------------- tables
    def document_topics(self) -> pd.DataFrame:
        """One row per document × topic, zeros included.

        Columns: ``doc_id``, ``topic``, ``mentions``, ``mentions_per_1k_tokens``
        (mentions ÷ document tokens × 1000), ``sentence_share`` (share of the
        document's sentences with at least one mention).
        """
        docs = self.corpus.documents
        topic_ids = self.topic_ids
        n_docs, n_topics = len(docs), len(topic_ids)
        mentions, sentences = topic_grid(self.mentions, docs["doc_id"], topic_ids)
        assert sentences is not None
        n_tokens = np.repeat(docs["n_tokens"].to_numpy(dtype=np.int64), n_topics)
        n_sentences = np.repeat(docs["n_sentences"].to_numpy(dtype=np.int64), n_topics)
        with np.errstate(divide="ignore", invalid="ignore"):
            per_1k = np.where(n_tokens > 0, mentions / n_tokens * 1000, 0.0)
            share = np.where(n_sentences > 0, sentences / n_sentences, 0.0)
        return pd.DataFrame(
            {
                "doc_id": repeat_values(docs["doc_id"].astype("str"), np.full(n_docs, n_topics)),
                "topic": pd.Series(topic_ids, dtype="str").take(np.tile(np.arange(n_topics), n_docs)).reset_index(drop=True),
                "mentions": mentions,
                "mentions_per_1k_tokens": per_1k,
                "sentence_share": share,
            }
        ).astype({"doc_id": "str", "topic": "str"})

    def document_matrix(self, value: str = "mentions") -> pd.DataFrame:
        """Documents × topics, one column per topic id (``value`` as in :meth:`document_topics`)."""
        table = self.document_topics().pivot(index="doc_id", columns="topic", values=value)
        # reindex, not loc: a corpus with no documents has an empty grid
        table = table.reindex(index=pd.Index(self.corpus.documents["doc_id"], name="doc_id"), columns=self.topic_ids)
        return table.fillna(0).rename_axis(columns=None)

    def summary(self, stories: bool | None = None) -> pd.DataFrame:
        """One row per topic: documents mentioning it, their share, and mentions.

        ``mentions`` is the raw count; ``mentions_per_1k_tokens`` divides it by
        the corpus's tokens (× 1000), so corpora of different sizes compare.
        ``share_low``/``share_high``: the share's 95 % Wilson interval.
        ``stories`` (default: when counting stories) adds ``stories``,
        ``share_of_stories`` and ``story_share_low``/``story_share_high``;
        ``documents`` then still counts every copy, mentions count the unit's.
        """
        # From the grid's arrays: the document × topic table of strings is
        # most of the cost at 100,000 documents and only stories need it.
        grid = topic_grid(self.mentions, self.corpus.documents["doc_id"], self.topic_ids, sentences=False)[0]
        grid = grid.reshape(len(self.corpus.documents), len(self.topic_ids))
        per_topic = pd.DataFrame(
            {"documents": (grid > 0).sum(axis=0), "mentions": grid.sum(axis=0)}, index=pd.Index(self.topic_ids, name="topic")
        )
        out = summary_table(self.lexicon, per_topic, len(self.corpus.documents), int(self.corpus.documents["n_tokens"].sum()))
        if stories if stories is not None else self.unit == "stories":
            return both_units(self, out, self.document_topics())
        return out

    def counts_table(self) -> pd.DataFrame:
        """``doc_id``, ``title``, ``date``, then one integer column per topic id."""
        matrix = self.document_matrix("mentions").astype("int64")
        docs = self.corpus.documents.set_index("doc_id")[["title", "date"]]
        return docs.join(matrix).reset_index()

    def cooccurrence(self, level: str = "document") -> pd.DataFrame:
        """Topics × topics: how many documents (or sentences) mention both.

        The diagonal is the number mentioning the topic at all.
        """
        if level not in ("document", "sentence"):
            raise ValueError("level must be 'document' or 'sentence'")
        keys = ["doc_id"] if level == "document" else ["doc_id", "sent_id"]
        both = self._mentions_with_groups()
        units = both.assign(hit=1).pivot_table(index=keys, columns="topic", values="hit", aggfunc="max", fill_value=0)
        units = units.reindex(columns=self.topic_ids, fill_value=0).astype("int64")
        matrix = units.T @ units
        return matrix.rename_axis(index=None, columns=None)

    def timeseries(self, freq: str = "month", calendar: str = "gregorian", value: str = "share_of_documents") -> pd.DataFrame:
        """Coverage per period, normalized by the documents in the period.

        Args:
            freq: ``day``, ``week`` or ``month``.
            calendar: ``gregorian`` or ``jalali`` (Jalali weeks start on
                Saturday; Jalali months are the solar-hijri months).
            value: ``share_of_documents`` (documents mentioning ÷ documents)
                or ``mentions_per_document``.

        Returns:
            Index: period labels (``2025-12``, ``1404-09``, or the first day
            of a day/week), every period from the first to the last dated
            document (empty periods are zero); columns: ``n_documents``,
            ``n_undated`` (documents without a date, left out of every
            period: the same number on each row, so that it survives a CSV
            export; also ``attrs["undated"]``) and one per topic.
        """
        if freq not in ("day", "week", "month") or calendar not in ("gregorian", "jalali"):
            raise ValueError("freq must be day/week/month and calendar gregorian/jalali")
        if value not in ("share_of_documents", "mentions_per_document"):
            raise ValueError("value must be 'share_of_documents' or 'mentions_per_document'")
        docs = self.corpus.documents[["doc_id", "date"]]
        dated = docs.dropna(subset=["date"])
        periods = _periods(dated["date"], freq, calendar)
        labels = _period_range(dated["date"], freq, calendar) if len(dated) else []
        per_doc = self.document_matrix("mentions").loc[dated["doc_id"]]
        per_doc = per_doc.gt(0).astype("int64") if value == "share_of_documents" else per_doc
        per_doc.index = periods.to_numpy()
        totals = per_doc.groupby(level=0).sum().reindex(labels, fill_value=0)
        n_docs = pd.Series(periods.to_numpy()).value_counts().reindex(labels, fill_value=0)
        rates = totals.div(n_docs.where(n_docs > 0), axis=0).fillna(0.0)
        rates.insert(0, "n_documents", n_docs.astype("int64").to_numpy())
        undated = int(len(docs) - len(dated))
        rates.insert(1, "n_undated", np.full(len(rates), undated, dtype="int64"))
        rates.index.name = f"{calendar}_{freq}"
        rates.attrs["undated"] = undated
        return rates

    # -------------------------------------------------------------- evidence
    def kwic(self, topic: str | None = None, term: str | None = None, width: int = 50, limit: int | None = None) -> pd.DataFrame:
        """Keyword in context from the original text, to check matches by eye.

        Columns: ``doc_id``, ``sent_id``, ``topic``, ``term``, ``left``,
        ``match``, ``right``. ``topic`` may be a group id.
        """
        mentions = self.mentions
        if topic is not None:
            members = set(self.lexicon.members(topic)) | {topic}
            mentions = mentions[mentions["topic"].isin(members)]
        if term is not None:
            mentions = mentions[mentions["term"] == term]
        if limit is not None:
            mentions = mentions.head(limit)
        originals = self.corpus.documents.set_index("doc_id")
        rows = []
        for m in mentions.itertuples(index=False):
            doc = originals.loc[m.doc_id]
            original = f"{doc.title}\n\n{doc.body}" if doc.title else doc.body
            a, b = self._original_span(m.doc_id, original, doc.text, m.start, m.end)
            source = original
            rows.append(
                {
                    "doc_id": m.doc_id, "sent_id": m.sent_id, "topic": m.topic, "term": m.term,
                    "left": _one_line(source[max(0, a - width) : a]), "match": _one_line(source[a:b]),
                    "right": _one_line(source[b : b + width]),
                }
            )  # fmt: skip
        return pd.DataFrame(rows, columns=["doc_id", "sent_id", "topic", "term", "left", "match", "right"])

    def _original_span(self, doc_id: str, original: str, normalized: str, start: int, end: int) -> tuple[int, int]:
        if doc_id not in self._alignments:  # linear in the document's length (helpers.corpus.alignment)
            self._alignments[doc_id] = OffsetMap(original, normalized)
        return self._alignments[doc_id].span(start, end)

    # ---------------------------------------------------------- diagnostics
    def term_hits(self) -> pd.DataFrame:
        """Every lexicon term with its number of hits (zeros included)."""
        hits = self.mentions.groupby(["topic", "term"]).size().rename("hits")
        terms = pd.DataFrame([(t.topic, t.text) for t in self.lexicon.terms], columns=["topic", "term"])
        table = terms.merge(hits.reset_index(), on=["topic", "term"], how="left").fillna({"hits": 0})
        table["hits"] = table["hits"].astype("int64")
        return table.sort_values(["hits", "topic"], ascending=[False, True], kind="stable").reset_index(drop=True)

    def diagnostics(self) -> dict[str, pd.DataFrame]:
        """``term_hits``, ``unmatched_terms``, ``topics_without_hits`` and ``suppressed``.

        ``suppressed``: every hit inside a proper name (not counted), with the
        name that contained it and the name's kind (``ministry``, ``club``,
        ``outlet``, ``url``, ``person``, ``abbreviation`` …).
        """
        hits = self.term_hits()
        summary = self.summary()
        suppressed = self.suppressed if self.suppressed is not None else split_suppressed(pd.DataFrame(columns=SUPPRESSED_COLUMNS))[1]
        return {
            "term_hits": hits[hits["hits"] > 0].reset_index(drop=True),
            "unmatched_terms": hits[hits["hits"] == 0].reset_index(drop=True)[["topic", "term"]],
            "topics_without_hits": summary[summary["mentions"] == 0][["topic", "label_en"]].reset_index(drop=True),
            "suppressed": suppressed[["doc_id", "sent_id", "topic", "term", "matched", "name", "name_kind"]].reset_index(drop=True),
        }

    def all_hits(self) -> pd.DataFrame:
        """Counted and suppressed mentions together (``SUPPRESSED_COLUMNS``), by document and position."""
        counted = self.mentions.assign(status="counted", name="", name_kind="")
        if self.suppressed is None or not len(self.suppressed):
            return counted[SUPPRESSED_COLUMNS].reset_index(drop=True)
        both = pd.concat([counted, self.suppressed], ignore_index=True)
        order = category_codes(both["doc_id"], self.corpus.documents["doc_id"])
        both = both.assign(_order=order).sort_values(["_order", "start", "end"], kind="stable")
        return both.drop(columns="_order")[SUPPRESSED_COLUMNS].reset_index(drop=True)

    def top_terms(self, n: int = 20, topic: str | None = None) -> pd.DataFrame:
        """Most frequent content words, to discover terms worth adding.

        Over the whole corpus, or over the sentences mentioning ``topic``.
        hazm's stopwords, digits and one-letter tokens are left out;
        ``in_lexicon`` says whether the word is already (part of) a term.
        """
        from hazm.utils import stopwords_list

        from helpers.corpus.normalization import get_pipeline

        sentences = self.corpus.sentences
        if topic is not None:
            members = set(self.lexicon.members(topic)) | {topic}
            keys = self.mentions[self.mentions["topic"].isin(members)][["doc_id", "sent_id"]].drop_duplicates()
            sentences = sentences.merge(keys, on=["doc_id", "sent_id"])
        stop = set(stopwords_list())
        tokenizer = get_pipeline()
        counts: dict[str, int] = {}
        for text in sentences["text"]:
            for token in tokenizer.tokens(text):
                if len(token) > 1 and token not in stop and any(ch.isalpha() for ch in token):
                    counts[token] = counts.get(token, 0) + 1
        lexicon_words = {w for t in self.lexicon.terms for w in fold(t.text).split()}
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        return pd.DataFrame(
            [(word, count, fold(word).replace(" ", "") in lexicon_words or fold(word) in lexicon_words) for word, count in top],
            columns=["word", "count", "in_lexicon"],
        )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _periods(dates: pd.Series, freq: str, calendar: str) -> pd.Series:
    days = dates.dt.normalize()
    if calendar == "gregorian":
        if freq == "day":
            return days.dt.strftime("%Y-%m-%d")
        if freq == "week":  # weeks start on Monday (ISO)
            return (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
        return days.dt.strftime("%Y-%m")
    if freq == "week":  # Jalali weeks start on Saturday (weekday 5)
        days = days - pd.to_timedelta((days.dt.day_of_week - 5) % 7, unit="D")
    jalali = [jdatetime.date.fromgregorian(date=d.date()) for d in days]
    if freq == "month":
        return pd.Series([f"{j.year:04d}-{j.month:02d}" for j in jalali], index=dates.index)
    return pd.Series([j.strftime("%Y-%m-%d") for j in jalali], index=dates.index)


def _period_range(dates: pd.Series, freq: str, calendar: str) -> list[str]:
    """Every period label between the first and last date, in order."""
    first, last = dates.min().normalize(), dates.max().normalize()
    step = {"day": "D", "week": "D", "month": "D"}[freq]
    days = pd.Series(pd.date_range(first, last, freq=step))
    labels = _periods(days, freq, calendar)
    return list(dict.fromkeys(labels))

