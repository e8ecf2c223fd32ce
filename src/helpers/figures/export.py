"""Saving figures for reports: PNG, SVG and PDF, byte-for-byte reproducible.

No dates or software versions in the files' metadata, a fixed SVG id salt,
and TrueType (Type 42) fonts embedded in PDF, so re-running a notebook
produces identical files and PDFs show the Persian font on any machine.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from helpers import config

__all__ = ["save_figure"]

_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


def save_figure(
    fig: object,
    name: str,
    formats: Iterable[str] = ("png", "svg", "pdf"),
    folder: str | Path | None = None,
    dpi: int = 200,
) -> list[Path]:
    """Write ``fig`` as ``<folder>/<name>.<format>`` for each format.

    Args:
        fig: a matplotlib Figure.
        name: file name without extension (letters, digits, ``-``, ``_``).
        formats: any of ``png``, ``svg``, ``pdf``.
        folder: default ``reports/figures``.
        dpi: PNG resolution.

    Returns:
        The written paths, in ``formats`` order.
    """
    import matplotlib as mpl

    if not name or any(ch in name for ch in "/\\") or name.startswith("."):
        raise ValueError(f"figure name must be a plain file name, not {name!r}")
    target = Path(folder) if folder is not None else config.FIGURES_DIR
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with mpl.rc_context({"svg.hashsalt": "persian-news-coverage", "pdf.fonttype": 42, "svg.fonttype": "path"}):
        for fmt in formats:
            if fmt not in _METADATA:
                raise ValueError(f"unsupported format {fmt!r} (use png, svg or pdf)")
            path = target / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, dpi=dpi, metadata=_METADATA[fmt], bbox_inches="tight")
            written.append(path)
    return written
