"""Shared fixtures: the seed corpus and a builder for throw-away corpora."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import config

SEEDS = config.DEFAULT_CORPUS
SEED_000 = SEEDS / "000_871be342d87c0a10.txt"
SEED_004 = SEEDS / "004_70c488eabe7cc5d7.txt"

# Filled by tests/test_coverage.py and tests/e2e; printed at the end of the run.
GOLD_REPORT: list[tuple[str, int, int, int, float, float]] = []
E2E_REPORT: list[str] = []
# Filled by tests/test_topic_sets.py: set name -> its Score (tests/topic_sets.py).
TOPIC_SET_REPORT: dict[str, object] = {}


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001
    if E2E_REPORT:
        terminalreporter.section("JupyterLab end-to-end")
        for line in E2E_REPORT:
            terminalreporter.write_line(line)
    for name, score in TOPIC_SET_REPORT.items():
        terminalreporter.section(f"topic precision / recall / F1 on the {name} set (tests/data, document presence)")
        terminalreporter.write_line(f"{'topic':<22}{'TP':>4}{'FP':>4}{'FN':>4}{'precision':>11}{'recall':>8}{'F1':>7}")
        for topic, tp, fp, fn, precision, recall, f1 in score.rows:  # type: ignore[attr-defined]
            terminalreporter.write_line(f"{topic:<22}{tp:>4}{fp:>4}{fn:>4}{precision:>11.2f}{recall:>8.2f}{f1:>7.2f}")
        p, r, f1 = score.micro  # type: ignore[attr-defined]
        terminalreporter.write_line(
            f"{'micro':<34}{p:>11.3f}{r:>8.3f}{f1:>7.3f}   bodies F1 {score.bodies_f1:.3f}, "  # type: ignore[attr-defined]
            f"body counts exact {score.counts_exact:.1%}"  # type: ignore[attr-defined]
        )
    if not GOLD_REPORT:
        return
    write = terminalreporter.write_line
    terminalreporter.section("topic precision / recall on the hand-labelled seed sentences")
    write(f"{'topic':<22}{'TP':>4}{'FP':>4}{'FN':>4}{'precision':>11}{'recall':>8}")
    for topic, tp, fp, fn, precision, recall in GOLD_REPORT:
        write(f"{topic:<22}{tp:>4}{fp:>4}{fn:>4}{precision:>11.2f}{recall:>8.2f}")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the project's real cache."""
    monkeypatch.setenv("PNC_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def make_corpus(tmp_path: Path) -> Callable[[dict[str, bytes | str]], Path]:
    """Write ``{relative_path: content}`` under a fresh folder and return it.

    ``str`` content is written as UTF-8; ``bytes`` as is.
    """

    def build(files: dict[str, bytes | str]) -> Path:
        root = tmp_path / "corpus"
        root.mkdir(exist_ok=True)
        for name, content in files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            target.write_bytes(data)
        return root

    return build


def record_calls(
    monkeypatch: pytest.MonkeyPatch, module: object, name: str, record: Callable[..., object], *, flat: bool = False
) -> list:
    """Wrap ``module.name`` so each call appends ``record(*args)`` to the returned
    list (or, with ``flat``, extends it with the items ``record`` returns)."""
    calls: list = []
    original = getattr(module, name)

    def spy(*args: object) -> object:
        recorded = record(*args)
        if flat:
            calls.extend(recorded)  # type: ignore[arg-type]
        else:
            calls.append(recorded)
        return original(*args)

    monkeypatch.setattr(module, name, spy)
    return calls
