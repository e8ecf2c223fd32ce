"""Loading a corpus: files or tables in, three pandas tables out.

>>> corpus = load_corpus(config.DEFAULT_CORPUS, cache=False)
>>> print(corpus.documents[["doc_id", "date_origin", "date_jalali"]].to_string(index=False))
              doc_id date_origin date_jalali
000_871be342d87c0a10      header  1404-09-19
004_70c488eabe7cc5d7        none         NaN
>>> corpus
<Corpus 'seeds': 2 documents, 31 sentences, 0 skipped>
"""

from __future__ import annotations

import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import config
from helpers.cache import CacheTables, CorpusCache, content_hash
from helpers.dates import to_jalali
from helpers.normalization import NormalizedText, get_pipeline
from helpers.sources import ParsedDocument, Skip, discover, parse_source

__all__ = ["Corpus", "CorpusError", "load_corpus"]

DOCUMENT_COLUMNS = [
    "doc_id", "path", "source", "date", "date_origin", "date_jalali", "title", "body", "text",
    "n_chars", "n_tokens", "n_sentences", "warnings", "boilerplate", "encoding",
]  # fmt: skip
SENTENCE_COLUMNS = ["doc_id", "sent_id", "text", "start", "end"]
SKIPPED_COLUMNS = ["path", "reason"]

# Below this much text a process pool costs more (worker start ≈ 2 s) than it saves.
_POOL_MIN_CHARS = 3_000_000
_CHUNK_CHARS = 400_000
_PROGRESS_MIN_CHARS = 4_000_000


class CorpusError(Exception):
    """A corpus that cannot be loaded as asked (missing path, strict mode)."""


@dataclass
class Corpus:
    """A loaded corpus.

    Attributes:
        documents: one row per document (see ``DOCUMENT_COLUMNS``).
        sentences: one row per sentence of each document's normalized text,
            with ``start``/``end`` offsets into it.
        skipped: one row per input file or table row that was not loaded,
            with a one-line ``reason``.
        root: the folder paths are relative to.
    """

    documents: pd.DataFrame
    sentences: pd.DataFrame
    skipped: pd.DataFrame
    root: Path

    def __repr__(self) -> str:
        return (
            f"<Corpus {self.root.name!r}: {len(self.documents)} documents, "
            f"{len(self.sentences)} sentences, {len(self.skipped)} skipped>"
        )


# ---------------------------------------------------------------- normalizing
def _process_texts(texts: list[str]) -> list[NormalizedText]:
    pipeline = get_pipeline()
    return [pipeline.process(t) for t in texts]


def _chunks(texts: list[str], size: int) -> list[list[str]]:
    chunks: list[list[str]] = []
    current: list[str] = []
    current_size = 0
    for text in texts:
        current.append(text)
        current_size += len(text)
        if current_size >= size:
            chunks.append(current)
            current, current_size = [], 0
    if current:
        chunks.append(current)
    return chunks


def _normalize_all(texts: list[str], workers: int | None, progress: bool | None) -> list[NormalizedText]:
    """Normalize texts, on all cores when there is enough work."""
    total = sum(map(len, texts))
    if workers is None:
        workers = os.cpu_count() or 1
    show = progress if progress is not None else total >= _PROGRESS_MIN_CHARS
    from tqdm.auto import tqdm

    bar = tqdm(total=total, unit="char", unit_scale=True, desc="normalizing", disable=not show, leave=False)
    results: list[NormalizedText] = []
    try:
        if workers <= 1 or total < _POOL_MIN_CHARS:
            for chunk in _chunks(texts, _CHUNK_CHARS // 4):
                results.extend(_process_texts(chunk))
                bar.update(sum(map(len, chunk)))
        else:
            # forkserver: workers must not inherit the parent's threads (pyarrow, tqdm).
            context = multiprocessing.get_context("forkserver")
            size = max(20_000, min(_CHUNK_CHARS, math.ceil(total / (workers * 8))))
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                chunks = _chunks(texts, size)
                for chunk, done in zip(chunks, pool.map(_process_texts, chunks), strict=True):
                    results.extend(done)
                    bar.update(sum(map(len, chunk)))
    finally:
        bar.close()
    return results


# ------------------------------------------------------------------- building
def _empty_tables() -> CacheTables:
    return CacheTables(
        documents=pd.DataFrame(
            {
                "source_hash": pd.Series(dtype="str"),
                "item": pd.Series(dtype="int64"),
                "locator": pd.Series(dtype="str"),
                "id_value": pd.Series(dtype="str"),
                "source": pd.Series(dtype="str"),
                "date": pd.Series(dtype="datetime64[ns]"),
                "date_origin": pd.Series(dtype="str"),
                "date_jalali": pd.Series(dtype="str"),
                "title": pd.Series(dtype="str"),
                "body": pd.Series(dtype="str"),
                "text": pd.Series(dtype="str"),
                "n_chars": pd.Series(dtype="int64"),
                "n_tokens": pd.Series(dtype="int64"),
                "n_sentences": pd.Series(dtype="int64"),
                "warnings": pd.Series(dtype="object"),
                "boilerplate": pd.Series(dtype="object"),
                "encoding": pd.Series(dtype="str"),
            }
        ),
        sentences=pd.DataFrame(
            {
                "source_hash": pd.Series(dtype="str"),
                "item": pd.Series(dtype="int64"),
                "sent_id": pd.Series(dtype="int64"),
                "text": pd.Series(dtype="str"),
                "start": pd.Series(dtype="int64"),
                "end": pd.Series(dtype="int64"),
            }
        ),
        skipped=pd.DataFrame(
            {
                "source_hash": pd.Series(dtype="str"),
                "item": pd.Series(dtype="int64"),
                "locator": pd.Series(dtype="str"),
                "reason": pd.Series(dtype="str"),
            }
        ),
    )


def _build_rows(
    parsed: dict[str, list[ParsedDocument | Skip]], workers: int | None, progress: bool | None
) -> CacheTables:
    """Normalize parsed documents and lay them out as cache rows."""
    docs = [(h, r) for h, results in parsed.items() for r in results if isinstance(r, ParsedDocument)]
    skips = [(h, r) for h, results in parsed.items() for r in results if isinstance(r, Skip)]
    texts = [f"{d.title}\n\n{d.body}" if d.title else d.body for _, d in docs]
    normalized = _normalize_all(texts, workers, progress)

    empty = _empty_tables()
    doc_rows = [
        {
            "source_hash": h,
            "item": d.item,
            "locator": d.locator,
            "id_value": d.id_value,
            "source": d.source,
            "date": d.date,
            "date_origin": d.date_origin,
            "date_jalali": to_jalali(d.date),
            "title": d.title,
            "body": d.body,
            "text": n.text,
            "n_chars": len(n.text),
            "n_tokens": n.n_tokens,
            "n_sentences": len(n.sentences),
            "warnings": list(d.warnings),
            "boilerplate": list(d.boilerplate),
            "encoding": d.encoding,
        }
        for (h, d), n in zip(docs, normalized, strict=True)
    ]
    sentence_rows = {"source_hash": [], "item": [], "sent_id": [], "text": [], "start": [], "end": []}
    for (h, d), n in zip(docs, normalized, strict=True):
        for sent_id, (start, end) in enumerate(n.sentences):
            sentence_rows["source_hash"].append(h)
            sentence_rows["item"].append(d.item)
            sentence_rows["sent_id"].append(sent_id)
            sentence_rows["text"].append(n.text[start:end])
            sentence_rows["start"].append(start)
            sentence_rows["end"].append(end)
    skip_rows = [{"source_hash": h, "item": s.item, "locator": s.locator, "reason": s.reason} for h, s in skips]

    def frame(rows: object, like: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame(rows, columns=like.columns)
        return out.astype(like.dtypes.to_dict()) if len(out) else like

    return CacheTables(
        documents=frame(doc_rows, empty.documents),
        sentences=frame(sentence_rows, empty.sentences),
        skipped=frame(skip_rows, empty.skipped),
    )


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)] or frames[:1]
    return pd.concat(frames, ignore_index=True)


def _assemble(files: pd.DataFrame, rows: CacheTables, unread: list[tuple[str, str]], root: Path) -> Corpus:
    """Attach paths and ids to content-keyed rows, in input order."""
    docs = files.merge(rows.documents, on="source_hash", how="inner")
    is_table = docs["relpath"].str.contains(r"\.(?:csv|jsonl|parquet)$", case=False, regex=True)
    stem = docs["relpath"].str.replace(r"\.[^./]+$", "", regex=True)
    row_id = stem + ":" + docs["locator"]
    docs["doc_id"] = stem.where(~is_table, docs["id_value"].fillna(row_id))
    docs["path"] = docs["relpath"].where(~is_table, docs["relpath"] + ":" + docs["locator"])
    docs = docs.sort_values(["order", "item"], kind="stable").reset_index(drop=True)

    skipped = files.merge(rows.skipped, on="source_hash", how="inner")
    skipped["path"] = skipped["relpath"].where(skipped["locator"] == "", skipped["relpath"] + ":" + skipped["locator"])
    skipped = skipped.sort_values(["order", "item"], kind="stable")[["path", "reason"]]

    # Ids must be unique for joins; later duplicates are skipped, not dropped silently.
    duplicated = docs["doc_id"].duplicated(keep="first")
    if duplicated.any():
        first_path = docs.drop_duplicates("doc_id").set_index("doc_id")["path"]
        dupes = docs[duplicated]
        skipped = pd.concat(
            [
                skipped,
                pd.DataFrame(
                    {
                        "path": dupes["path"],
                        "reason": [f"duplicate doc_id {i!r} (first loaded from {first_path[i]})" for i in dupes["doc_id"]],
                    }
                ),
            ],
            ignore_index=True,
        )
        docs = docs[~duplicated].reset_index(drop=True)
    if unread:
        skipped = pd.concat([skipped, pd.DataFrame(unread, columns=SKIPPED_COLUMNS)], ignore_index=True)

    keys = docs[["source_hash", "item", "doc_id"]]
    sentences = keys.merge(rows.sentences, on=["source_hash", "item"], how="inner")
    # Keep documents' order; merge keeps left order, sentences ordered by sent_id within.
    sentences = sentences[SENTENCE_COLUMNS].reset_index(drop=True)

    documents = docs[DOCUMENT_COLUMNS].copy()
    for column in ("warnings", "boilerplate"):
        documents[column] = [list(v) if v is not None else [] for v in documents[column]]
    return Corpus(documents=documents, sentences=sentences, skipped=skipped.reset_index(drop=True), root=root)


# -------------------------------------------------------------------- loading
def load_corpus(
    path: str | os.PathLike[str] = config.DEFAULT_CORPUS,
    *,
    strict: bool = False,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    progress: bool | None = None,
) -> Corpus:
    """Load, clean and normalize a corpus.

    Args:
        path: a folder (searched recursively for ``.txt``, ``.csv``,
            ``.jsonl`` and ``.parquet`` files), or one such file.
        strict: raise :class:`CorpusError` listing every skipped input
            instead of returning them in ``skipped``.
        cache: reuse and update the on-disk cache of normalized documents.
        cache_dir: cache folder (default :func:`helpers.config.cache_dir`).
        workers: processes for normalization (default: all cores; only used
            when there is enough text to pay for them).
        progress: show a progress bar (default: only for large corpora).

    Returns:
        A :class:`Corpus`. Every input file, and every row of a table, ends up
        in ``documents`` or in ``skipped``.

    Raises:
        CorpusError: the path does not exist, or ``strict`` and something
            was skipped.
    """
    target = Path(path).expanduser()
    if not target.exists():
        raise CorpusError(f"no such file or folder: {path}")
    root, relpaths = discover(target)

    hashes: list[str | None] = []
    unread: list[tuple[str, str]] = []
    for relpath in relpaths:
        try:
            hashes.append(content_hash((root / relpath).read_bytes()))
        except OSError as exc:
            unread.append((relpath, f"cannot read file: {exc.strerror or exc}"))
            hashes.append(None)
    files = pd.DataFrame({"relpath": relpaths, "source_hash": hashes, "order": range(len(relpaths))})
    files = files.dropna(subset=["source_hash"]).astype({"source_hash": "str"})
    wanted = set(files["source_hash"])

    store = CorpusCache(target, Path(cache_dir) if cache_dir else config.cache_dir()) if cache else None
    cached = store.load() if store else None
    known: set[str] = set()
    if cached is not None:
        for table in ("documents", "sentences", "skipped"):
            frame = getattr(cached, table)
            setattr(cached, table, frame[frame["source_hash"].isin(wanted)])
        known = set(cached.documents["source_hash"]) | set(cached.skipped["source_hash"])
    missing = [h for h in dict.fromkeys(files["source_hash"]) if h not in known]

    parsed: dict[str, list[ParsedDocument | Skip]] = {}
    for digest in missing:
        relpath = _first_path(files, digest)
        try:
            data = (root / relpath).read_bytes()
        except OSError as exc:  # vanished or changed between the two reads
            unread.append((relpath, f"cannot read file: {exc.strerror or exc}"))
            continue
        if content_hash(data) != digest:
            unread.append((relpath, "file changed while the corpus was being loaded; load again"))
            continue
        parsed[digest] = parse_source(relpath, data)
    new_rows = _build_rows(parsed, workers, progress)
    if cached is None:
        rows = new_rows
    else:
        rows = CacheTables(
            documents=_concat([cached.documents, new_rows.documents]),
            sentences=_concat([cached.sentences, new_rows.sentences]),
            skipped=_concat([cached.skipped, new_rows.skipped]),
        )
    if store is not None and (missing or cached is None or len(known) != len(wanted)):
        try:
            store.save(rows)
        except OSError:
            pass  # a read-only or full disk must not stop the analysis; next load recomputes

    corpus = _assemble(files, rows, unread, root)
    if strict and len(corpus.skipped):
        listing = "; ".join(f"{p} ({r})" for p, r in corpus.skipped.itertuples(index=False))
        raise CorpusError(f"{len(corpus.skipped)} input(s) could not be loaded: {listing}")
    return corpus


def _first_path(files: pd.DataFrame, digest: str) -> str:
    return files.loc[files["source_hash"] == digest, "relpath"].iloc[0]
