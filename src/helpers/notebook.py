"""What the notebooks' setup cells share: parameter paths, loading, what was loaded.

Every notebook of the suite starts the same way (notebooks added later
follow it too)::

    from helpers.notebook import loaded, open_corpus, parameter_path

    corpus = open_corpus(CORPUS)          # stops with one line when nothing loads
    coverage = measure_coverage(corpus, parameter_path(LEXICON))
    loaded(corpus)                        # says what was loaded

- **Paths in the parameters** (``CORPUS``, ``LEXICON``, ``OUTPUT``) are
  relative to the notebook's folder, however the notebook is run: JupyterLab
  starts kernels there, and papermill started anywhere else (for example in
  the repository root with the default ``../seeds``) resolves them against
  ``notebooks/``. Working copies in ``workspace/`` resolve against
  ``workspace/``, which sits at the same depth.
- **Nothing loaded** is one clear line, not a traceback: :func:`open_corpus`
  raises :class:`NothingLoaded`, which IPython shows as that line alone
  (``_render_traceback_``) and which stops Run All and papermill there.
- **What was loaded**: :func:`loaded` is a short note — for the default corpus
  it says how small it is; for a user's corpus how many documents, sentences
  and dates came in and how many inputs were skipped.

>>> from helpers import config
>>> parameter_path("../seeds") == config.DEFAULT_CORPUS.resolve()
True
>>> parameter_path(None) is None
True
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from helpers import config
from helpers.corpus import Corpus, CorpusError, load_corpus

__all__ = ["LoadedNote", "NothingLoaded", "loaded", "open_corpus", "parameter_path"]


class NothingLoaded(Exception):
    """The corpus gave no document; the message says why, in one line."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows these lines instead of a traceback
        return [f"NothingLoaded: {self}"]


def _notebook_folder() -> Path:
    cwd = Path.cwd().resolve()
    # a kernel started in a folder of the suite's notebooks works there; papermill
    # run from elsewhere (the repository root) resolves against notebooks/
    if cwd in (config.NOTEBOOKS_DIR.resolve(), config.WORKSPACE_DIR.resolve()) or config.PROJECT_ROOT is None:
        return cwd
    return config.NOTEBOOKS_DIR.resolve()


def parameter_path(value: str | os.PathLike | None) -> Path | None:
    """A path from a notebook's parameters: absolute as given, relative to the notebook's folder."""
    if value is None:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else (_notebook_folder() / path).resolve()


def _shown(path: Path) -> str:
    """``path`` as a note shows it: relative to the project when inside it (no machine paths)."""
    if config.PROJECT_ROOT is not None:
        try:
            return path.resolve().relative_to(config.PROJECT_ROOT.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def open_corpus(corpus: str | os.PathLike, **load_options: object) -> Corpus:
    """Load the corpus a notebook's ``CORPUS`` parameter names.

    Raises:
        NothingLoaded: the path is missing, or no document loaded (every input
            skipped, or no input at all); the one line says which and why.
    """
    path = parameter_path(corpus)
    try:
        loaded_corpus = load_corpus(path, **load_options)
    except CorpusError as exc:
        raise NothingLoaded(f"nothing loaded from {corpus}: {exc}") from None
    if len(loaded_corpus.documents) == 0:
        raise NothingLoaded(f"nothing loaded from {_shown(path)}: {loaded_corpus.empty_reason()}")
    return loaded_corpus


class LoadedNote:
    """A short note on a loaded corpus, as Markdown in a notebook and as text elsewhere."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text.replace("**", "").replace("`", "")


def loaded(corpus: Corpus) -> LoadedNote:
    """What was loaded; for the default corpus, how far it is from a real one.

    >>> print(repr(loaded(load_corpus(config.DEFAULT_CORPUS, cache=False))).splitlines()[0])
    Loaded the default corpus (seeds): 2 documents, 31 sentences, nothing skipped.
    """
    documents, skipped = corpus.documents, corpus.skipped
    counts = f"{len(documents):,} documents, {int(documents['n_sentences'].sum()):,} sentences"
    skips = "nothing skipped" if len(skipped) == 0 else f"{len(skipped):,} input(s) skipped (see `corpus.skipped`)"
    if corpus.root.resolve() == config.DEFAULT_CORPUS.resolve():
        return LoadedNote(
            f"**Loaded the default corpus** (`{config.DEFAULT_CORPUS.name}`): {counts}, {skips}.\n\n"
            "**A note on size.** The default corpus is two articles: enough to show what each table "
            "and chart means, far too few to say anything about the news. Point the suite at your own "
            "corpus by editing `CORPUS` above, or run it headless: "
            "`make report CORPUS=/path/to/your/articles`."
        )
    dated = documents["date"].dropna()
    dates = (
        f" Dated {dated.min():%Y-%m-%d} to {dated.max():%Y-%m-%d} ({len(dated):,} of {len(documents):,} documents)."
        if len(dated)
        else " No document has a date."
    )
    sources = documents["source"].dropna().nunique()
    return LoadedNote(f"**Loaded** `{corpus.root.name}`: {counts}, {sources:,} source(s), {skips}.{dates}")
