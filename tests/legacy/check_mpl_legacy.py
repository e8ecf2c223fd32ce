"""Run inside an environment with matplotlib < 3.11 (see tests/test_matplotlib_legacy.py).

Loads only helpers/figures/text.py and helpers/figures/fonts.py (no pandas, no hazm), renders
Persian labels through the text gate and compares them with libraqm; also
renders the raw logical strings, which an old matplotlib draws unshaped and
left to right. Prints one JSON object.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import matplotlib

HERE = Path(__file__).resolve().parent
SRC = HERE.parent.parent / "src" / "helpers" / "figures"
sys.path.insert(0, str(HERE.parent))  # tests/pixels.py
import pixels  # noqa: E402


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"pnc_{name}", SRC / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    text, fonts = _load("text"), _load("fonts")
    family = fonts.use_persian_font()
    results = {}
    for label in json.loads(sys.argv[1]):
        reference = pixels.raqm_image(label, fonts.font_path())
        results[label] = {
            "gate": pixels.difference(pixels.matplotlib_image(text.for_matplotlib(label), family), reference),
            "raw": pixels.difference(pixels.matplotlib_image(label, family), reference),
        }
    print(json.dumps({"matplotlib": matplotlib.__version__, "needs_shaping": text.needs_shaping(), "results": results}))


if __name__ == "__main__":
    main()
