"""What reading an input produces: parsed documents, skips, and the reading options.

Shared by the readers of text files (:mod:`~helpers.corpus.textfiles`) and
tables (:mod:`~helpers.corpus.tables`): the records they return, how a
document's date is chosen between metadata and text, and the last checks
before a document is kept (:func:`finish`).

>>> ReadOptions(columns={"text": "story"}).key(".csv") != ReadOptions().key(".csv")
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pandas as pd

from helpers.corpus.dates import DateError, parse_date_value
from helpers.corpus.datelines import find_dateline_date
from helpers.corpus.encoding import arabic_script_share

__all__ = [
    "DEFAULT_MAX_FILE_BYTES", "ParsedDocument", "ReadOptions", "Skip", "finish", "host_of", "resolve_date",
]  # fmt: skip

#: Files larger than this are skipped unread (``max_file_bytes``).
DEFAULT_MAX_FILE_BYTES = 50_000_000


@dataclass(frozen=True)
class ReadOptions:
    """How input files are read; part of every cache key.

    Attributes:
        columns: role → column name for tables (``{"text": "story"}``),
            overriding the automatic choice (:mod:`helpers.corpus.columns`).
        dayfirst: how to read ``NN/NN/YYYY`` dates a column does not decide
            itself (None: day first, with a warning on each such date).
        max_file_bytes: larger files are skipped unread.
    """

    columns: tuple[tuple[str, str], ...] = ()
    dayfirst: bool | None = None
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES

    def __init__(
        self,
        columns: Mapping[str, str] | tuple[tuple[str, str], ...] | None = None,
        dayfirst: bool | None = None,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    ) -> None:
        pairs = tuple(sorted((columns.items() if isinstance(columns, Mapping) else columns) or ()))
        object.__setattr__(self, "columns", tuple((str(k), str(v)) for k, v in pairs))
        object.__setattr__(self, "dayfirst", dayfirst)
        object.__setattr__(self, "max_file_bytes", int(max_file_bytes))

    @property
    def column_map(self) -> dict[str, str]:
        return dict(self.columns)

    def key(self, suffix: str) -> str:
        """What, besides a file's bytes, decides how it is read: its format and
        (for tables) the column mapping and date order."""
        parts = [suffix.lower()]
        if suffix.lower() not in (".txt",):
            parts += [repr(self.columns), repr(self.dayfirst)]
        return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=6).hexdigest()


@dataclass
class ParsedDocument:
    """One document before normalization. ``item`` orders it within its file."""

    item: int
    locator: str  # "" for a .txt file, the row/line number for tables
    id_value: str | None
    title: str
    body: str
    source: str | None
    date: pd.Timestamp | None
    date_origin: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    url: str | None = None
    title_origin: str = "line"  # "line" (first line), "column" (a table's title), "none"


@dataclass
class Skip:
    """An input (file or row) that could not be used, and why.

    ``transient``: the cause may go away (the file changed or vanished while
    it was read): such skips are never cached.
    """

    item: int
    locator: str
    reason: str
    transient: bool = False


def resolve_date(
    given: object, text: str, warnings: list[str], *, what: str, dayfirst: bool = True
) -> tuple[pd.Timestamp | None, str]:
    """Date from metadata if valid, else the text's own date (:func:`~helpers.corpus.datelines.find_dateline_date`); warn on conflicts."""
    found = find_dateline_date(text)
    if given is not None and not (isinstance(given, float) and pd.isna(given)) and str(given).strip():
        try:
            date = parse_date_value(given, dayfirst=dayfirst)
        except DateError as exc:
            if "outside" in str(exc):  # a real date, but not a plausible news date
                warnings.append(f"{what} {exc}: date left unknown")
            else:
                warnings.append(f"invalid {what} date {str(given)!r}: date left unknown")
            return None, "none"
        if found is not None and found[0].normalize() != date.normalize():
            warnings.append(
                f"{what} date {date.date()} disagrees with the date in the text "
                f"«{found[1]}» ({found[0].date()}); kept the {what} date"
            )
        return date, "header"
    if found is not None:
        return found[0], "text"
    return None, "none"


def host_of(url: str | None) -> str | None:
    """The site of a URL, as a source name.

    >>> host_of("https://www.irna.ir/news/123"), host_of("not a url")
    ('irna.ir', None)
    """
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def finish(doc: ParsedDocument, encoding_warnings: list[str]) -> ParsedDocument | Skip:
    """Last checks before a document is kept: some article text, and Persian."""
    doc.warnings[:0] = encoding_warnings
    if not doc.body.strip():
        reason = "no article text left after removing boilerplate" if doc.boilerplate else (
            "only a title, no article text" if doc.title else "no text"
        )
        return Skip(doc.item, doc.locator, reason)
    if doc.source is None and doc.url:
        doc.source = host_of(doc.url)
    if arabic_script_share(doc.title + doc.body[:600]) < 0.2:  # a sample is enough
        doc.warnings.append("little or no Persian text")
    return doc
