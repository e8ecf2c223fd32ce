"""PDF export whose text layer reads back as the logical Persian strings.

matplotlib ≥ 3.11 shapes Persian itself and embeds the font (Type 42), but
Noto Sans Arabic draws many letters as a dotless body plus separate dot
glyphs. matplotlib puts both into the text layer, each dot carrying its
letter again, so `pdftotext`, copy and paste, search and screen readers get
«اس نناد» for «اسناد»; a dot glyph that maps to no text still breaks the word
for text extractors («نف ت»).

:func:`logical_text_layer` makes the text layer one glyph per letter while a
figure is saved as PDF: each letter's body is written as text, and its dots
are drawn as filled outlines of the same glyphs at the same place, so the
page looks the same and the text extracts as the logical string. PNG and SVG
output is not affected. On matplotlib < 3.11 labels arrive as presentation
forms, one glyph per character, and matplotlib's own writer is already
right, so nothing changes there.
"""

from __future__ import annotations

import math
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from helpers.figures.text import needs_shaping

__all__ = ["logical_text_layer"]

_SWAP = threading.Lock()


def _is_dot_glyph(font: object, glyph: int, chars: str) -> bool:
    """A zero-width glyph drawn for a letter (its dots), not a combining mark of its own."""
    from matplotlib.ft2font import LoadFlags

    if any(unicodedata.combining(ch) for ch in chars):
        return False
    return font.load_glyph(glyph, flags=LoadFlags.NO_SCALE | LoadFlags.NO_HINTING).horiAdvance == 0


@lru_cache(maxsize=1)
def _renderer_class() -> type:
    """matplotlib's PDF renderer, writing letters as text and their dots as outlines."""
    from matplotlib import _text_helpers
    from matplotlib.backends import backend_pdf
    from matplotlib.backends.backend_pdf import Op
    from matplotlib.font_manager import FontPath
    from matplotlib.ft2font import LoadFlags
    from matplotlib.path import Path
    from matplotlib.transforms import Affine2D

    class LogicalTextRenderer(backend_pdf.RendererPdf):
        def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):  # noqa: ANN001, ANN202
            import matplotlib as mpl

            if ismath or mpl.rcParams["pdf.use14corefonts"] or mpl.rcParams["pdf.fonttype"] != 42 or gc.get_url():
                return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            self.check_gc(gc, gc._rgb)
            size = prop.get_size_in_points()
            features = mtext.get_fontfeatures() if mtext is not None else None
            language = mtext.get_language() if mtext is not None else None
            items = list(_text_helpers.layout(s, self._get_font_ttf(prop), features=features, language=language))
            dots = [item for item in items if _is_dot_glyph(item.ft_object, item.glyph_index, item.char)]
            self.file.output(Op.gsave)
            a = math.radians(angle)
            self.file.output(math.cos(a), math.sin(a), -math.sin(a), math.cos(a), x, y, Op.concat_matrix)
            self.file.output(Op.begin_text)
            current, at_x, at_y = None, 0.0, 0.0
            for item in items:
                if any(item is dot for dot in dots):
                    continue
                subset, code = self.file._character_tracker.track_glyph(item.ft_object, item.char, item.glyph_index)
                if (item.ft_object, subset) != current:
                    face = FontPath(item.ft_object.fname, item.ft_object.face_index)
                    self.file.output(self.file.fontName(face, subset), size, Op.selectfont)
                    current = (item.ft_object, subset)
                # each glyph at its own origin: no kerning steps for a text extractor to misread
                self.file.output(item.x - at_x, item.y - at_y, Op.textpos)
                at_x, at_y = item.x, item.y
                self.file.output(self._encode_glyphs([code], 42), Op.show)
            self.file.output(Op.end_text)
            for dot in dots:  # the same outline the font would draw, filled in the text colour
                dot.ft_object.load_glyph(dot.glyph_index, flags=LoadFlags.NO_HINTING)
                outline = Path(*dot.ft_object.get_path())
                self.file.output(*self.file.pathOperations(outline, Affine2D().translate(dot.x, dot.y)), Op.fill)
            self.file.output(Op.grestore)
            return None

    return LogicalTextRenderer


@contextmanager
def logical_text_layer() -> Iterator[None]:
    """While active, ``savefig(..., format="pdf")`` writes one text glyph per letter.

    matplotlib's PDF canvas looks its renderer class up when it saves, so it
    is swapped for the duration (one save at a time).
    """
    if needs_shaping():
        yield
        return
    from matplotlib.backends import backend_pdf

    renderer = _renderer_class()
    with _SWAP:
        saved = backend_pdf.RendererPdf
        backend_pdf.RendererPdf = renderer
        try:
            yield
        finally:
            backend_pdf.RendererPdf = saved
