"""The cluster route: a whole corpus counted on a Dask cluster (the ``dask`` extra).

Two ways to use a cluster:

* pass ``client=`` to :func:`helpers.load_corpus` or
  :func:`helpers.measure_coverage`: the work runs on the cluster, the results
  come back here, identical to a local run (the Dask backend of
  :mod:`helpers.compute`);
* :func:`cluster_coverage` for archives too big for one machine: every file
  goes through decode → clean → normalize → tag → per-document counts in one
  task on a worker, and only counts leave the cluster (no text).

``client`` is a ``distributed.Client`` or a scheduler address such as
``"tcp://10.0.0.5:8786"``. Every worker must see the corpus at the same path
(a shared or network file system), and have this package installed.
Each worker builds its hazm pipeline once, when it joins, not per task.

Sits above the stages: uses the public functions of ``corpus`` and
``topics`` and the Dask backend of ``compute``.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.compute import ComputeError
from helpers.compute.dask import client_class, connect
from helpers.corpus import SKIPPED_COLUMNS, Corpus, CorpusError
from helpers.corpus.discovery import discover
from helpers.corpus.documents import DEFAULT_MAX_FILE_BYTES, ReadOptions
from helpers.corpus.files import file_status
from helpers.corpus.loading import batches_by_size, process_file, read_options
from helpers.corpus.normalization import get_pipeline
from helpers.corpus.rows import assign_ids, build_rows, gather_sentences
from helpers.topics.coverage import measure_coverage, per_topic_counts, summary_table
from helpers.topics.lexicon import Lexicon, load_lexicon

__all__ = ["ClusterCoverage", "cluster_client", "cluster_coverage", "dashboard", "start_client", "stop_client"]

# Bytes of files per task on the cluster path (a few seconds of work each).
_CLUSTER_BATCH_BYTES = 2_000_000


def cluster_client(client: Any) -> Any:
    """A connected ``distributed.Client`` whose workers have the hazm pipeline built.

    Raises:
        CorpusError: Dask is not installed, or the scheduler cannot be reached.
        TypeError: ``client`` is neither a Client nor an address.
    """
    try:
        return connect(client, setup=get_pipeline)
    except ComputeError as exc:
        raise CorpusError(str(exc)) from None


# ------------------------------------------------------------ cluster-only path
@dataclass
class ClusterCoverage:
    """Coverage counted on a cluster: counts per document and topic, no text.

    Attributes:
        documents: one row per document: ``doc_id``, ``path``, ``source``,
            ``date``, ``n_tokens``, ``n_sentences``.
        skipped: ``path``, ``reason`` for every input not loaded.
        document_topics: as :meth:`helpers.coverage.Coverage.document_topics`.
        lexicon: the lexicon used.
        per_topic: documents and mentions per topic, aggregated on the cluster.
    """

    documents: pd.DataFrame
    skipped: pd.DataFrame
    document_topics: pd.DataFrame
    lexicon: Lexicon
    per_topic: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """As :meth:`helpers.coverage.Coverage.summary` (the same numbers)."""
        return summary_table(self.lexicon, self.per_topic, len(self.documents), int(self.documents["n_tokens"].sum()))


_META_COLUMNS = {
    "relpath": "str", "order": "int64", "item": "int64", "locator": "str", "id_value": "str",
    "source": "str", "date": "datetime64[ns]", "n_tokens": "int64", "n_sentences": "int64",
}  # fmt: skip
_SKIP_COLUMNS = {"relpath": "str", "order": "int64", "item": "int64", "locator": "str", "reason": "str"}
_TOPIC_COLUMNS = {"relpath": "str", "item": "int64", "topic": "str", "mentions": "int64", "mentions_per_1k_tokens": "float64", "sentence_share": "float64"}


def _count_batch(batch: list[tuple[str, str, int]], root: Path, lexicon: Lexicon, options: ReadOptions) -> dict[str, pd.DataFrame]:
    """On a worker: the whole per-document pipeline for a few ``(shown path,
    path to open, input order)`` files, counts out."""
    # Keyed by path, not content: files are read here, never hashed on the client.
    rows = build_rows({relpath: process_file(root, read_path, None, options) for relpath, read_path, _ in batch})
    order_of = {relpath: order for relpath, _, order in batch}
    documents = rows.documents.assign(relpath=rows.documents["source_hash"])
    skipped = rows.skipped.assign(relpath=rows.skipped["source_hash"])
    documents["order"] = documents["relpath"].map(order_of).astype("int64")
    skipped["order"] = skipped["relpath"].map(order_of).astype("int64")
    keys = documents["relpath"] + "\x1f" + documents["item"].astype("str")
    corpus = Corpus(
        documents=documents.assign(doc_id=keys),
        sentences=gather_sentences(rows, np.arange(len(documents)), keys),
        skipped=pd.DataFrame(columns=SKIPPED_COLUMNS),
        root=root,
    )
    topics = measure_coverage(corpus, lexicon, cache=False, workers=1, progress=False).document_topics()
    doc_rows = pd.Series(np.arange(len(documents)), index=keys.to_numpy())
    at = doc_rows[topics["doc_id"]].to_numpy()
    topics = topics.assign(relpath=documents["relpath"].to_numpy()[at], item=documents["item"].to_numpy()[at])
    return {
        "meta": documents[list(_META_COLUMNS)].astype(_META_COLUMNS),
        "skipped": skipped[list(_SKIP_COLUMNS)].astype(_SKIP_COLUMNS),
        "topics": topics[list(_TOPIC_COLUMNS)].astype(_TOPIC_COLUMNS),
    }


def _part(partition: list[dict[str, pd.DataFrame]], name: str) -> pd.DataFrame:
    """One table of a bag partition's single result."""
    return partition[0][name]


def cluster_coverage(
    path: str | os.PathLike[str],
    lexicon: Lexicon | str | Path | None = None,
    *,
    client: Any,
    columns: dict[str, str] | None = None,
    dayfirst: bool | None = None,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> ClusterCoverage:
    """Count topic coverage of a corpus entirely on a Dask cluster.

    Files are listed here (names and sizes only); workers read, decode,
    clean, normalize and tag them, one ``dask.bag`` partition per few
    megabytes, and the per-topic totals are aggregated on the cluster with
    ``dask.dataframe``. Only the per-document counts come back. The numbers
    are those of ``measure_coverage(load_corpus(path))``.

    Args:
        path: a folder or file, as for :func:`helpers.load_corpus`, at the
            same path on every worker.
        lexicon: as for :func:`helpers.measure_coverage`.
        client: a ``distributed.Client`` or a scheduler address.
        columns, dayfirst, max_file_bytes: as for :func:`helpers.load_corpus`.
    """
    import dask

    client = cluster_client(client)
    options = read_options(columns, dayfirst, max_file_bytes)
    if not isinstance(lexicon, Lexicon):
        lexicon = load_lexicon(lexicon)
    target = Path(path).expanduser()
    if not target.exists():
        raise CorpusError(f"no such file or folder: {path}")
    inputs = discover(target)
    root, unread = inputs.root, list(inputs.problems)
    items = []
    for order, relpath in enumerate(inputs.files):
        status, problem = file_status(os.path.join(root, inputs.read_path(relpath)), options.max_file_bytes)
        if status is None:
            unread.append((relpath, str(problem)))
            continue
        items.append((relpath, inputs.read_path(relpath), order, status.st_size))
    batches = [list(batch) for batch, _ in batches_by_size(items, _CLUSTER_BATCH_BYTES)]

    # Keep pandas' own string dtype (Dask would convert to string[pyarrow] with pd.NA).
    with dask.config.set({"dataframe.convert-string": False}):
        return _count_on_cluster(client, root, batches, unread, lexicon, options)


def _count_on_cluster(
    client: Any, root: Path, batches: list[list[tuple[str, str, int]]], unread: list[tuple[str, str]],
    lexicon: Lexicon, options: ReadOptions,
) -> ClusterCoverage:
    import dask
    import dask.bag as db
    import dask.dataframe as dd

    counted = db.from_sequence(batches, npartitions=max(1, len(batches))).map(_count_batch, root=root, lexicon=lexicon, options=options).persist()
    parts = counted.to_delayed()

    def frame(name: str, columns: dict[str, str]) -> dd.DataFrame:
        meta = pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
        return dd.from_delayed([dask.delayed(_part)(p, name) for p in parts], meta=meta, verify_meta=False)

    meta, skipped = client.compute([frame("meta", _META_COLUMNS), frame("skipped", _SKIP_COLUMNS)], sync=True) if batches else (
        pd.DataFrame({c: pd.Series(dtype=t) for c, t in _META_COLUMNS.items()}),
        pd.DataFrame({c: pd.Series(dtype=t) for c, t in _SKIP_COLUMNS.items()}),
    )
    docs, skipped = assign_ids(meta.astype(_META_COLUMNS), skipped.astype(_SKIP_COLUMNS), unread)
    kept = docs[["relpath", "item", "doc_id"]]
    if batches:
        topics = frame("topics", _TOPIC_COLUMNS).merge(kept, on=["relpath", "item"], how="inner")
        per_topic, document_topics = client.compute([per_topic_counts(topics), topics], sync=True)
    else:
        per_topic = pd.DataFrame({"documents": pd.Series(dtype="int64"), "mentions": pd.Series(dtype="int64")})
        document_topics = pd.DataFrame({c: pd.Series(dtype=t) for c, t in _TOPIC_COLUMNS.items()}).assign(doc_id=pd.Series(dtype="str"))
    # Local order: documents in input order, topics in lexicon order.
    position = pd.Series(np.arange(len(docs)), index=docs["doc_id"])
    topic_rank = {t: i for i, t in enumerate(lexicon.ids)}
    document_topics = (
        document_topics.assign(_doc=document_topics["doc_id"].map(position), _topic=document_topics["topic"].map(topic_rank))
        .sort_values(["_doc", "_topic"], kind="stable")[["doc_id", "topic", "mentions", "mentions_per_1k_tokens", "sentence_share"]]
        .reset_index(drop=True)
        .astype({"doc_id": "str", "topic": "str"})
    )
    documents = docs[["doc_id", "path", "source", "date", "n_tokens", "n_sentences"]].reset_index(drop=True)
    return ClusterCoverage(documents=documents, skipped=skipped, document_topics=document_topics, lexicon=lexicon, per_topic=per_topic)


# ------------------------------------------------------------------ notebooks
def start_client(scheduler: str | None = None, n_workers: int | None = None) -> Any:
    """A client for ``scheduler``, or for a new local cluster when None.

    The local cluster has one single-threaded worker process per core (hazm
    holds the GIL, so threads would not run in parallel) and a dashboard on
    a free port; ``client.close()`` shuts it down.
    """
    if scheduler:
        return cluster_client(scheduler)
    try:
        Client = client_class()
    except ComputeError as exc:
        raise CorpusError(str(exc)) from None
    local = Client(
        n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    return cluster_client(local)


def stop_client(client: Any, timeout: float = 30.0) -> str:
    """Close ``client`` (and the local cluster :func:`start_client` made); its status.

    On a loaded machine a worker can take more than the nanny's few seconds
    to exit; the nanny then kills it and logs "Worker process still alive …
    killing", which is what closing asked for. That one warning is held back
    while closing, so a notebook's output does not depend on the machine's
    load; errors still show.
    """
    nanny = logging.getLogger("distributed.nanny")
    level = nanny.level
    nanny.setLevel(logging.ERROR)
    try:
        client.close(timeout=timeout)
    finally:
        nanny.setLevel(level)
    return str(client.status)


def dashboard(client: Any) -> Any:
    """A clickable link to the cluster's dashboard (for a notebook)."""
    from IPython.display import HTML

    workers = len(client.scheduler_info(n_workers=-1)["workers"])
    link = client.dashboard_link
    return HTML(f'<p>Dask cluster: {workers} workers. Dashboard: <a href="{link}" target="_blank">{link}</a></p>')
