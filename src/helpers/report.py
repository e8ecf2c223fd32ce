"""Running the notebook suite headless: executed copies and HTML in reports/.

The committed notebooks are never overwritten here: papermill executes each
into the output folder with the corpus, lexicon, language and figure folder
as parameters, and nbconvert exports it to HTML.
"""

from __future__ import annotations

from pathlib import Path

from helpers import config

__all__ = ["KERNEL_NAME", "notebooks", "run_notebooks"]

KERNEL_NAME = "persian-news-coverage"


def notebooks() -> list[Path]:
    """The suite's notebooks, in their numbered order."""
    return sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))


def run_notebooks(
    corpus: str | Path,
    out: str | Path = config.REPORTS_DIR,
    *,
    lang: str = "fa",
    lexicon: str | Path | None = None,
    figures: str | Path | None = None,
    html: bool = True,
    kernel_name: str = KERNEL_NAME,
) -> list[Path]:
    """Execute every notebook on ``corpus``; returns the written files.

    Args:
        corpus: corpus folder or file.
        out: folder for the executed notebooks (and their HTML).
        lang: figure labels: ``fa``, ``en`` or ``both``.
        lexicon: a lexicon file (default: the packaged one).
        figures: folder for exported figures (default: ``out/figures``).
        html: also export each executed notebook to HTML.
        kernel_name: the Jupyter kernel to run them with.

    Raises:
        papermill.PapermillExecutionError: a cell failed (the executed copy
            in ``out`` shows where).
    """
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    figures = Path(figures).resolve() if figures is not None else out / "figures"
    parameters = {
        "CORPUS": str(Path(corpus).resolve()),
        "LEXICON": str(Path(lexicon).resolve()) if lexicon else None,
        "LANG": lang,
        "OUTPUT": str(figures),
    }
    written: list[Path] = []
    for notebook in notebooks():
        target = out / notebook.name
        papermill.execute_notebook(
            str(notebook), str(target), parameters=parameters, cwd=str(notebook.parent),
            kernel_name=kernel_name, progress_bar=False, log_output=False,
        )  # fmt: skip
        written.append(target)
        if html:
            body, _ = HTMLExporter().from_notebook_node(nbformat.read(target, as_version=4))
            page = target.with_suffix(".html")
            page.write_text(body, encoding="utf-8")
            written.append(page)
    return written
