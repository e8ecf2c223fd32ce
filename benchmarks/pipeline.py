"""Benchmark: the whole pipeline against a naive notebook, cold and warm, in one run.

Builds a synthetic corpus of N documents from the seeds
(:mod:`helpers.synthetic`) and times, each in a fresh Python process with
its imports done and its hazm objects built before the clock starts (a
notebook after its setup cell):

* **naive**: what a notebook would do without this project — pandas reads
  every file, ``hazm.Normalizer().normalize`` each text, and one regular
  expression of all the lexicon's terms counts mentions per topic;
* **cold, 1 core**: ``load_corpus`` + ``measure_coverage`` + the topic
  summary from an empty cache, ``workers=1``;
* **cold, all cores**: the same with the default (a process pool; its start
  is inside the clock);
* **cold, pool running**: the same, with the fork server already running (as
  for every load after the first in a session: it outlives ``load_corpus``),
  on an empty cache of its own;
* **warm**: the same again on the caches the all-cores run wrote (nothing
  built: a warm run must not need hazm).

It checks that the three project runs give identical mentions, document
table and summary, and prints the ratios the targets are about (issue 17):
cold 1 core ≥ 3× naive, all cores ≥ 1.8× one core, warm ≥ 40× the naive
cold run; at 100,000 documents also cold on all cores ≤ 100 s and warm
≤ 5 s. A normalizer-only line compares hazm's chain (``Normalizer`` + the
project's ZWNJ step) with the project's, on a sample (target ≥ 4×).

Usage: ``python benchmarks/pipeline.py [--docs N] [--naive-docs N] [--repeat R] [--keep DIR]``
(``--naive-docs`` times the naive pipeline on the first N documents and
scales it linearly — for 100k runs, where it alone takes many minutes;
``--repeat`` runs every mode R times, in rounds, and keeps each mode's best:
on a shared machine one mode can be slowed by 20 % by what else runs.)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODES = ("naive", "cold, 1 core", "cold, all cores", "cold, pool running", "warm")


# --------------------------------------------------------------- one mode
def _naive(corpus: Path, limit: int | None) -> dict[str, float]:
    """pandas + hazm Normalizer + one regex of the lexicon's terms."""
    import re

    import hazm
    import pandas as pd

    from helpers.topics.lexicon import load_lexicon

    lexicon = load_lexicon()
    normalizer = hazm.Normalizer()
    owner = {}
    for term in lexicon.terms:
        owner.setdefault(normalizer.normalize(term.text), term.topic)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(owner, key=len, reverse=True)))
    paths = sorted(corpus.rglob("*.txt"))[:limit]
    start = time.perf_counter()
    frame = pd.DataFrame({"path": [str(p) for p in paths]})
    frame["text"] = [Path(p).read_text(encoding="utf-8") for p in frame["path"]]
    frame["text"] = frame["text"].map(normalizer.normalize)
    counts = frame["text"].map(lambda text: [owner[m] for m in pattern.findall(text)])
    long = counts.explode().dropna()
    table = long.groupby([long.index, long]).size().unstack(fill_value=0)
    summary = pd.DataFrame({"documents": (table > 0).sum(), "mentions": table.sum()})
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "documents": len(paths), "mentions": int(summary["mentions"].sum())}


def _project(mode: str, corpus: Path, cache: Path, out: Path) -> dict[str, float]:
    from helpers import load_corpus
    from helpers.topics.coverage import measure_coverage

    if mode != "warm":
        from helpers.corpus.normalization import get_pipeline
        from helpers.topics.lexicon import load_lexicon
        from helpers.topics.tagging import matcher_for

        get_pipeline()  # built once per process, like the naive run's Normalizer
        matcher_for(load_lexicon())
    if mode == "cold, pool running":
        from helpers.compute import backend_for, map_ordered
        from helpers.corpus.loading import PRELOAD

        list(map_ordered(abs, [((-1,), 1)], backend_for(2, preload=PRELOAD)))  # waits for the fork server
    workers = 1 if mode == "cold, 1 core" else None
    start = time.perf_counter()
    loaded_corpus = load_corpus(corpus, cache_dir=cache, workers=workers, progress=False)
    loaded = time.perf_counter()
    coverage = measure_coverage(loaded_corpus, cache_dir=cache, workers=workers, progress=False)
    summary = coverage.summary()
    end = time.perf_counter()
    docs = coverage.document_topics()
    coverage.mentions.to_pickle(out / "mentions.pkl")
    docs.to_pickle(out / "document_topics.pkl")
    summary.to_pickle(out / "summary.pkl")
    loaded_corpus.documents[["doc_id", "text", "n_tokens", "n_sentences"]].to_pickle(out / "documents.pkl")
    return {
        "seconds": end - start, "load_s": loaded - start, "coverage_s": end - loaded,
        "documents": len(loaded_corpus.documents), "mentions": int(summary["mentions"].sum()),
        "hazm_built": _pipeline_built(),
    }  # fmt: skip


def _pipeline_built() -> bool:
    from helpers.corpus.normalization import get_pipeline

    return get_pipeline.cache_info().currsize > 0


def _normalizers(corpus: Path, sample: int) -> dict[str, float]:
    """hazm Normalizer + ZWNJ step against the project's normalizer, one core, same texts."""
    import hazm

    from helpers.corpus.normalization import get_pipeline

    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))[:sample]]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    reference, pipeline = hazm.Normalizer(), get_pipeline()
    best = {"hazm": float("inf"), "project": float("inf")}
    for _ in range(2):  # alternated, best of two: the machine's noise only adds time
        start = time.perf_counter()
        expected = [pipeline.restore_zwnj(reference.normalize(t)) for t in texts]
        best["hazm"] = min(best["hazm"], time.perf_counter() - start)
        start = time.perf_counter()
        got = [pipeline.normalize(t) for t in texts]
        best["project"] = min(best["project"], time.perf_counter() - start)
    return {"mb": mb, "hazm_mb_s": mb / best["hazm"], "project_mb_s": mb / best["project"], "identical": expected == got}


def _run(args: argparse.Namespace) -> dict[str, float]:
    if args.run == "naive":
        return _naive(args.corpus, args.naive_docs)
    if args.run == "normalizers":
        return _normalizers(args.corpus, args.sample)
    return _project(args.run, args.corpus, args.cache, args.out)


def _measure(mode: str, corpus: Path, cache: Path, out: Path, extra: list[str]) -> dict[str, float]:
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, __file__, "--run", mode, "--corpus", str(corpus), "--cache", str(cache), "--out", str(out), *extra]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"benchmark run failed ({mode}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------ comparisons
def _same_results(outs: dict[str, Path]) -> list[str]:
    """Differences between the project runs' mentions and tables (none expected)."""
    import pandas as pd

    problems = []
    first_mode, first = next(iter(outs.items()))
    for name in ("mentions", "document_topics", "summary", "documents"):
        reference = pd.read_pickle(first / f"{name}.pkl")
        for mode, folder in list(outs.items())[1:]:
            try:
                pd.testing.assert_frame_equal(reference, pd.read_pickle(folder / f"{name}.pkl"))
            except AssertionError as exc:
                problems.append(f"{name}: {first_mode} and {mode} differ: {str(exc).splitlines()[0]}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=5_000, help="documents in the synthetic corpus")
    parser.add_argument("--naive-docs", type=int, help="time the naive pipeline on this many documents and scale")
    parser.add_argument("--sample", type=int, default=1_000, help="documents for the normalizer-only line")
    parser.add_argument("--keep", type=Path, help="build the corpus under this folder and keep it")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of every mode; each mode's best is reported")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(_run(args)))
        return

    from helpers.synthetic import build_corpus

    work = Path(tempfile.mkdtemp(prefix="pnc-pipeline-"))
    corpus = (args.keep or work) / f"synthetic-{args.docs}"
    try:
        if not corpus.is_dir():
            build_corpus(corpus, args.docs)
        mb = sum(p.stat().st_size for p in corpus.rglob("*.txt")) / 1e6
        load = os.getloadavg()[0]
        print(f"corpus: {args.docs:,} documents, {mb:.1f} MB; {os.cpu_count()} cores, load average {load:.1f}", flush=True)
        naive_docs = min(args.naive_docs or args.docs, args.docs)
        extra = ["--naive-docs", str(naive_docs), "--sample", str(min(args.sample, args.docs))]
        rows: dict[str, dict[str, float]] = {}
        outs: dict[str, Path] = {}
        rows["normalizers"] = _measure("normalizers", corpus, work / "unused", work / "out-normalizers", extra)
        for round_ in range(args.repeat):  # rounds, not repeats in a row: a busy spell hits every mode alike
            for mode in MODES:
                cache = work / {"cold, 1 core": "cache-1", "cold, pool running": "cache-pool"}.get(mode, "cache-all")
                if mode != "warm":
                    shutil.rmtree(cache, ignore_errors=True)  # cold means an empty cache, every round
                out = work / f"out-{mode.replace(', ', '-').replace(' ', '-')}"
                row = _measure(mode, corpus, cache, out, extra)
                if mode not in rows or row["seconds"] < rows[mode]["seconds"]:
                    rows[mode] = row
                if mode != "naive":
                    outs[mode] = out
                print(f"  {mode:<18} {row['seconds']:8.2f} s" + (f"  (round {round_ + 1})" if args.repeat > 1 else ""), flush=True)
        naive_s = rows["naive"]["seconds"] * args.docs / naive_docs
        problems = _same_results(outs)
        _print_table(rows, naive_s, naive_docs, args.docs, mb, problems)
        if problems or not rows["normalizers"]["identical"]:
            sys.exit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _print_table(
    rows: dict[str, dict[str, float]], naive_s: float, naive_docs: int, n_docs: int, mb: float, problems: list[str]
) -> None:
    one, pool, running, warm = (rows[m]["seconds"] for m in ("cold, 1 core", "cold, all cores", "cold, pool running", "warm"))
    norm = rows["normalizers"]
    scaled = f" (scaled from {naive_docs:,} documents)" if naive_docs != n_docs else ""
    print()
    print("| run | seconds | MB/s | mentions |")
    print("|---|---:|---:|---:|")
    print(f"| naive: pandas + hazm Normalizer + one regex{scaled} | {naive_s:.1f} | {mb / naive_s:.2f} | {rows['naive']['mentions']:,} |")
    for mode in MODES[1:]:
        row = rows[mode]
        print(f"| project, {mode} | {row['seconds']:.2f} | {mb / row['seconds']:.2f} | {row['mentions']:,} |")
    print()
    print(f"{'ratio':<58}{'value':>9}  target")
    lines = [
        ("normalizer: project / hazm Normalizer + ZWNJ step, 1 core", norm["project_mb_s"] / norm["hazm_mb_s"], ">= 4x"),
        ("cold, 1 core / naive", naive_s / one, ">= 3x"),
        ("cold, all cores / cold, 1 core", one / pool, ">= 1.8x (2 cores)"),
        ("  the same, the pool already running / cold, 1 core", one / running, "(the pool's start left out)"),
        ("warm / naive cold", naive_s / warm, ">= 40x"),
    ]
    for label, value, target in lines:
        print(f"{label:<58}{value:>8.2f}x  {target}")
    print(f"{'normalizer MB/s, hazm chain -> project':<58}{norm['hazm_mb_s']:>5.2f} -> {norm['project_mb_s']:.2f}")
    if n_docs >= 100_000:
        print(f"{f'cold, all cores, {n_docs:,} documents (s)':<58}{pool:>9.1f}  <= 100 s")
        print(f"{f'warm, {n_docs:,} documents (s)':<58}{warm:>9.2f}  <= 5 s")
    else:
        print(f"(the 100k targets: run with --docs 100000; here cold all cores {pool:.1f} s, warm {warm:.2f} s)")
    print(f"warm run built the hazm pipeline: {'yes' if rows['warm'].get('hazm_built') else 'no'}")
    identical = "yes" if not problems and norm["identical"] else "NO"
    print(f"identical normalizer output, mentions, document table and summary in every mode: {identical}")
    for problem in problems:
        print("  " + problem)


if __name__ == "__main__":
    main()
