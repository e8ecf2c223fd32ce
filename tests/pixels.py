"""Rendering a label with matplotlib and with an independent shaper, and
comparing the two images. Shared by the pixel tests, including the one run
inside a matplotlib 3.10 environment (so: numpy, Pillow and matplotlib only)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

# Mean absolute difference of the normalized ink images: measured ≈0.03 for
# correctly shaped labels and ≥0.2 for reversed or unshaped ones.
SAME = 0.08
DIFFERENT = 0.15


def ink(image: Image.Image) -> Image.Image:
    """The dark pixels' bounding box, binarized."""
    dark = np.asarray(image.convert("L"), dtype=float) < 128
    ys, xs = np.nonzero(dark)
    return Image.fromarray((dark[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1] * 255).astype(np.uint8))


def matplotlib_image(label: str, family: str) -> Image.Image:
    """``label`` drawn by matplotlib (Agg) as it is given."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 2), dpi=100)
    canvas = FigureCanvasAgg(fig)
    fig.text(0.5, 0.5, label, fontsize=40, ha="center", va="center", family=family)
    canvas.draw()
    return ink(Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3]))


def raqm_image(label: str, font_file: str) -> Image.Image:
    """``label`` shaped and ordered by libraqm (HarfBuzz + FriBiDi) through Pillow."""
    font = ImageFont.truetype(font_file, 56, layout_engine=ImageFont.Layout.RAQM)
    image = Image.new("L", (1000, 200), 255)
    ImageDraw.Draw(image).text((20, 40), label, font=font, fill=0, direction="rtl", language="fa")
    return ink(image)


def difference(a: Image.Image, b: Image.Image) -> float:
    size = (320, 64)
    x = np.asarray(a.resize(size, Image.BILINEAR), dtype=float) / 255
    y = np.asarray(b.resize(size, Image.BILINEAR), dtype=float) / 255
    return float(np.abs(x - y).mean())
