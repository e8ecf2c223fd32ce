"""Running the notebook suite headless: executed copies and HTML in reports/.

The committed notebooks are never overwritten here: papermill executes each
one with the corpus, lexicon, language and figure folder as parameters, and
nbconvert exports it to HTML. The whole report is built in a temporary
folder beside the output folder and moved in only when every notebook
succeeded, so a failed run leaves the last good report as it was; the
failure is one line naming the notebook and the cell, and the failed copy
is kept in ``data/interim/report-failed/``.

The kernels run quietly: ipykernel's warning that it talks to the client
over local TCP without encryption (it listens on 127.0.0.1 only) and its
``KeyboardInterrupt caught in kernel`` log at shutdown are not shown; errors
in the notebooks themselves are reported as above.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from helpers import config
from helpers.lab import KERNEL_NAME

__all__ = ["KERNEL_NAME", "ReportError", "notebooks", "run_notebooks"]

#: ipykernel logs at CRITICAL only: its routine warnings are noise in a report run.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
FAILED_DIR = config.DATA_DIR / "interim" / "report-failed"


@dataclass
class ReportError(Exception):
    """A notebook failed; nothing in the output folder was changed."""

    notebook: str
    cell: str
    error: str
    failed_copy: Path | None = None

    def __str__(self) -> str:
        where = f"; the executed copy is {self.failed_copy}" if self.failed_copy else ""
        return f"{self.notebook} failed at {self.cell}: {self.error} (the report was not changed{where})"


def notebooks() -> list[Path]:
    """The suite's notebooks, in their numbered order."""
    return sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))


def _cell(exc: object) -> str:
    return f"cell In [{exc.exec_count}]"


def _error(exc: object) -> str:
    value = " ".join(str(exc.evalue).split())
    return f"{exc.ename}: {value}" if value else exc.ename


def _move_into(source: Path, target: Path) -> list[Path]:
    """Every file of ``source`` replaces its namesake in ``target`` (one rename each)."""
    target.mkdir(parents=True, exist_ok=True)
    moved = []
    for path in sorted(p for p in source.iterdir() if p.is_file()):
        destination = target / path.name
        path.replace(destination)
        moved.append(destination)
    return moved


def run_notebooks(
    corpus: str | Path,
    out: str | Path = config.REPORTS_DIR,
    *,
    lang: str = "fa",
    lexicon: str | Path | None = None,
    figures: str | Path | None = None,
    html: bool = True,
    kernel_name: str = KERNEL_NAME,
    progress: Callable[[int, int, str, float], None] | None = None,
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
        progress: called after each notebook with (number, total, name, seconds).

    Raises:
        ReportError: a notebook failed (which one, which cell, the error); the
            output and figure folders are unchanged.
    """
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    out = Path(out).resolve()
    figures = Path(figures).resolve() if figures is not None else out / "figures"
    out.parent.mkdir(parents=True, exist_ok=True)
    suite = notebooks()
    build = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    try:
        (build / "figures").mkdir()
        parameters = {
            "CORPUS": str(Path(corpus).resolve()),
            "LEXICON": str(Path(lexicon).resolve()) if lexicon else None,
            "LANG": lang,
            "OUTPUT": str(build / "figures"),
        }
        for number, notebook in enumerate(suite, start=1):
            started = time.monotonic()
            target = build / notebook.name
            try:
                papermill.execute_notebook(
                    str(notebook), str(target), parameters=parameters, cwd=str(notebook.parent),
                    kernel_name=kernel_name, progress_bar=False, log_output=False, extra_arguments=KERNEL_ARGUMENTS,
                )  # fmt: skip
            except papermill.PapermillExecutionError as exc:
                FAILED_DIR.mkdir(parents=True, exist_ok=True)
                kept = FAILED_DIR / notebook.name
                shutil.copyfile(target, kept)
                raise ReportError(notebook.name, _cell(exc), _error(exc), kept) from None
            if html:
                body, _ = HTMLExporter().from_notebook_node(nbformat.read(target, as_version=4))
                target.with_suffix(".html").write_text(body, encoding="utf-8")
            if progress is not None:
                progress(number, len(suite), notebook.name, time.monotonic() - started)
        # every notebook succeeded: now, and only now, the report replaces the last one
        figures_written = _move_into(build / "figures", figures)
        (build / "figures").rmdir()
        written = _move_into(build, out)
    finally:
        shutil.rmtree(build, ignore_errors=True)
    by_notebook = {p.stem: i for i, p in enumerate(suite)}
    written.sort(key=lambda p: (by_notebook.get(p.stem, len(suite)), p.suffix != ".ipynb"))
    return written + figures_written
