"""The Persian font for figures, registered with matplotlib once.

Noto Sans Arabic (OFL) comes from the ``fontpkg-noto-sans-arabic`` package
on PyPI, so no system font is needed. DejaVu Sans (bundled with matplotlib)
follows it in ``font.family`` for Latin letters and symbols it lacks.

>>> use_persian_font()
'Noto Sans Arabic'
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["FONT_FAMILY", "font_path", "use_persian_font"]

FONT_FAMILY = "Noto Sans Arabic"


def font_path() -> str:
    """Path of the packaged Noto Sans Arabic font file."""
    import fontpkg_noto_sans_arabic

    files = sorted((fontpkg_noto_sans_arabic.ROOT / "files").glob("*.ttf"))
    if not files:
        raise FileNotFoundError("fontpkg-noto-sans-arabic ships no .ttf file; reinstall it")
    return str(files[0])


@lru_cache(maxsize=1)
def _register() -> str:
    from matplotlib import font_manager

    font_manager.fontManager.addfont(font_path())
    return FONT_FAMILY


def use_persian_font() -> str:
    """Register the font and make it matplotlib's first family; returns its name.

    Also sets ``text.language`` to Persian where matplotlib has it (≥ 3.11),
    so shaping uses Persian rules.
    """
    import matplotlib as mpl

    family = _register()
    mpl.rcParams["font.family"] = [family, "DejaVu Sans"]
    if "text.language" in mpl.rcParams:
        mpl.rcParams["text.language"] = "fa"
    return family
