"""``python -m helpers check``: table, JSON and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import SEEDS

from helpers.cli import main


def test_check_seeds_table(capsys):
    assert main(["check", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert "Loaded 2 document(s)" in out
    assert "000_871be342d87c0a10  2025-12-10  header  خبرگزاری کار ایران" in out
    assert "004_70c488eabe7cc5d7  —           none    —" in out
    assert "پزشکیان در تشریح برنامهها و اهداف سفر ب…" in out  # title cut to 40
    assert "Skipped 0 input(s)." in out


def test_check_json_with_skips(make_corpus, capsys):
    root = make_corpus({"a.txt": "تیتر\nمتن خبر", "empty.txt": b""})
    assert main(["check", str(root), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [d["doc_id"] for d in report["loaded"]] == ["a"]
    assert report["loaded"][0]["date"] is None
    assert report["skipped"] == [{"path": "empty.txt", "reason": "empty file (0 bytes)"}]


def test_check_table_lists_warnings(make_corpus, capsys):
    root = make_corpus({"bad-date.txt": "date 2025-13-45 ایرنا\nتیتر\nمتن"})
    assert main(["check", str(root)]) == 0
    out = capsys.readouterr().out
    assert "Warnings (1):\n  bad-date: invalid header date '2025-13-45': date left unknown" in out


def test_check_table_lists_skips(make_corpus, capsys):
    root = make_corpus({"bad.txt": b"\x89PNG\r\n\x1a\n" + bytes(20)})
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert "Skipped 1 input(s):" in out and "bad.txt  binary file (PNG image), not text" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "/no/such/corpus"], "helpers check: no such file or folder: /no/such/corpus\n"),
        (["check"], "error: the following arguments are required: path"),
        (["frobnicate"], "error: argument command: invalid choice"),
        (["check", "x", "--bogus"], "error: unrecognized arguments: --bogus"),
    ],
)
def test_usage_errors_exit_2_with_one_line(argv, message):
    result = subprocess.run(
        [sys.executable, "-m", "helpers", *argv], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_subprocess_exit_codes(make_corpus):
    ok = subprocess.run([sys.executable, "-m", "helpers", "check", str(SEEDS), "--json"], capture_output=True, text=True)
    assert ok.returncode == 0 and len(json.loads(ok.stdout)["loaded"]) == 2
    root = make_corpus({"a.txt": "تیتر\nمتن", "b.txt": " "})
    skipped = subprocess.run([sys.executable, "-m", "helpers", "check", str(root)], capture_output=True, text=True)
    assert skipped.returncode == 1 and "only whitespace" in skipped.stdout


@pytest.mark.parametrize("hostile", ['=HYPERLINK("http://example.com","x")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"])
def test_coverage_csv_cells_cannot_run_as_formulas(make_corpus, tmp_path, hostile):
    """OWASP CSV injection: ids and titles from the corpus reach the spreadsheet as text."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows([["id", "title", "text"], [hostile, hostile, "صادرات کالا و نفت به چین افزایش یافت"]])
    root = make_corpus({"news.csv": buffer.getvalue()})
    out = tmp_path / "coverage.csv"
    assert main(["coverage", str(root), "--no-cache", "--output", str(out)]) == 0
    import pandas as pd

    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    for column in ("doc_id", "title"):
        assert not table.loc[0, column][:1] in "=+-@\t\r", table.loc[0, column]
        assert table.loc[0, column].startswith("'")
    assert table.loc[0, "trade"] == "1" and table.loc[0, "energy"] == "1"  # numbers stay numbers
