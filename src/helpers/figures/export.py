"""Saving figures for reports: PNG, SVG and PDF, byte-for-byte reproducible.

No dates or software versions in the files' metadata and a fixed SVG id
salt, so re-running a notebook produces identical files. PDFs embed the
font (TrueType) and carry a text layer that copies and searches as the
logical Persian strings (:mod:`~helpers.figures.pdf`). SVG text is paths by
default (it looks the same everywhere); ``svg_text=True`` writes editable
``<text>`` labels instead (:mod:`~helpers.figures.svg`). ``size=`` fits the
figure to a report column, a page or a slide (:mod:`~helpers.figures.sizes`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from helpers import config
from helpers.figures.pdf import logical_text_layer
from helpers.figures.sizes import SIZES, fitted
from helpers.figures.svg import editable_text
from helpers.figures.text import needs_shaping

__all__ = ["FORMATS", "SIZES", "save_figure"]

FORMATS = ("png", "svg", "pdf")
DEFAULT_DPI = 200

_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


def save_figure(
    fig: object,
    name: str,
    formats: Iterable[str] = FORMATS,
    folder: str | Path | None = None,
    dpi: int | None = None,
    *,
    size: str | None = None,
    svg_text: bool = False,
) -> list[Path]:
    """Write ``fig`` as ``<folder>/<name>.<format>`` for each format.

    Args:
        fig: a matplotlib Figure.
        name: file name without extension (letters, digits, ``-``, ``_``).
        formats: any of ``png``, ``svg``, ``pdf``.
        folder: default ``reports/figures``.
        dpi: PNG resolution (default 200; with ``size``, the preset's: 300
            for ``column`` and ``page``, 144 for ``slide`` = 1920 × 1080).
        size: ``column`` (8.5 cm wide, 7 pt text), ``page`` (17 cm, 9 pt) or
            ``slide`` (16:9, 33.9 × 19.1 cm, 18 pt); ``None`` keeps the
            figure's own size, trimmed to its content.
        svg_text: SVG labels as editable ``<text>`` (logical order, bidi
            isolates, a font fallback list) instead of paths.

    Returns:
        The written paths, in ``formats`` order.

    >>> from matplotlib.figure import Figure
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [p.name for p in save_figure(Figure(), "empty", ["png", "pdf"], folder, size="column")]
    ['empty.png', 'empty.pdf']
    """
    import matplotlib as mpl

    if not name or any(ch in name for ch in "/\\") or name.startswith("."):
        raise ValueError(f"figure name must be a plain file name, not {name!r}")
    formats = list(formats)
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise ValueError(f"unsupported format {unknown[0]!r} (use png, svg or pdf)")
    if size is not None and size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    if dpi is not None and not (isinstance(dpi, int) and 20 <= dpi <= 2400):
        raise ValueError(f"dpi must be a whole number from 20 to 2400, not {dpi!r}")
    if svg_text and "svg" in formats and needs_shaping():
        raise ValueError(f"editable SVG text needs matplotlib >= 3.11 (this is {mpl.__version__}); leave svg_text off")
    target = Path(folder) if folder is not None else config.FIGURES_DIR
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    rc = {"svg.hashsalt": "persian-news-coverage", "pdf.fonttype": 42, "svg.fonttype": "none" if svg_text else "path"}
    with mpl.rc_context(rc), fitted(fig, size) as fit:
        resolution = dpi or (fit.dpi if fit else DEFAULT_DPI)
        # a preset's size is exact; otherwise trim the figure to what it shows
        bbox = None if fit else "tight"
        for fmt in formats:
            path = target / f"{name}.{fmt}"
            options = {"format": fmt, "dpi": resolution, "metadata": _METADATA[fmt], "bbox_inches": bbox}
            if fmt == "pdf":
                with logical_text_layer():
                    fig.savefig(path, **options)
            elif fmt == "svg" and svg_text:
                buffer = io.StringIO()
                fig.savefig(buffer, **options)
                path.write_text(editable_text(buffer.getvalue()), encoding="utf-8")
            else:
                fig.savefig(path, **options)
            written.append(path)
    return written
