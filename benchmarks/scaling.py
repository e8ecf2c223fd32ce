"""Benchmark: load + coverage on 10,000 and 100,000 documents, three ways.

For synthetic corpora built from the seeds (:mod:`helpers.synthetic`), prints
in one run, per corpus size:

* one process (``workers=1``), all cores (the default process pool), and a
  Dask ``LocalCluster`` (one worker process per core, one thread each):
  wall time of ``load_corpus`` + ``measure_coverage`` + the topic summary
  from an empty cache, MB/s, peak memory;
* a warm run (unchanged corpus, both caches filled): seconds until the
  coverage table is ready, and the cold/warm ratio;
* the ratios the targets are about: all cores / one process (≥ 1.7× on 2
  cores), Dask / all cores (within 20 %), and 10k → 100k time (≤ 12×).

Each measurement runs in a fresh Python process, so its peak memory is its
own: ``main`` is the peak resident memory of that process (where the corpus
and the tables live); ``all`` adds every process it started (pool workers,
the Dask workers), sampled every 0.2 s — a sum of resident sizes, so pages
that forked workers share are counted once per process. Both in MiB.

Usage: ``python benchmarks/scaling.py [--sizes 10000 100000] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

MODES = ("one process", "all cores", "dask LocalCluster", "warm (cache)")


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total / 2**20


def run_one(mode: str, corpus: Path, cache: Path) -> dict[str, float]:
    """One measurement, in this (fresh) process."""
    peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            peak[0] = max(peak[0], _tree_rss_mb(os.getpid()))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    from helpers import load_corpus
    from helpers.topics.coverage import measure_coverage

    cluster = client = None
    if mode == "dask LocalCluster":
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True, dashboard_address=":0")
        client = Client(cluster)
        client.run(lambda: None)  # workers up (and hazm built) before the clock starts, like a warm pool
    workers = 1 if mode == "one process" else None
    use_cache = mode == "warm (cache)"
    start = time.perf_counter()
    corpus_ = load_corpus(corpus, cache=use_cache, cache_dir=cache, workers=workers, client=client, progress=False)
    loaded = time.perf_counter()
    coverage = measure_coverage(corpus_, cache=use_cache, cache_dir=cache, workers=workers, client=client, progress=False)
    summary = coverage.summary()
    end = time.perf_counter()
    stop.set()
    peak[0] = max(peak[0], _tree_rss_mb(os.getpid()))
    if client is not None:
        client.close()
        cluster.close()
    return {
        "seconds": end - start,
        "load_s": loaded - start,
        "coverage_s": end - loaded,
        "documents": len(corpus_.documents),
        "mentions": int(summary["mentions"].sum()),
        "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # KiB -> MiB
        "all_mb": peak[0],
    }


def measure(mode: str, corpus: Path, cache: Path) -> dict[str, float]:
    return _json_of([sys.executable, __file__, "--run", mode, "--corpus", str(corpus), "--cache", str(cache)])


def _json_of(command: list[str]) -> dict[str, float]:
    out = subprocess.run(command, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"benchmark run failed: {' '.join(command)}\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--keep", type=Path, help="build the corpora under this folder and keep them")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES), help="measure only these (ratios need all)")
    parser.add_argument("--run", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_one(args.run, args.corpus, args.cache)))
        return

    from helpers.synthetic import build_corpus

    work = Path(tempfile.mkdtemp(prefix="pnc-scaling-"))
    base = args.keep or work
    results: dict[int, dict[str, dict[str, float]]] = {}
    sizes_mb: dict[int, float] = {}
    try:
        print(f"{os.cpu_count()} cores; each figure from a fresh process", flush=True)
        for n_docs in args.sizes:
            corpus = base / f"synthetic-{n_docs}"
            if not corpus.is_dir():
                build_corpus(corpus, n_docs)
            sizes_mb[n_docs] = sum(p.stat().st_size for p in corpus.rglob("*.txt")) / 1e6
            cache = work / f"cache-{n_docs}"
            results[n_docs] = {}
            for mode in args.modes:
                if mode == "warm (cache)":  # fill the caches first (an all-cores run that writes them)
                    results[n_docs]["cold (cache written)"] = measure_cached(corpus, cache)
                    cold_s = results[n_docs]["cold (cache written)"]["cold_cached_s"]
                    print(f"  {n_docs:>7,} docs  {'cold, cache written':<18} {cold_s:7.1f} s", flush=True)
                results[n_docs][mode] = measure(mode, corpus, cache)
                row = results[n_docs][mode]
                print(f"  {n_docs:>7,} docs  {mode:<18} {row['seconds']:7.1f} s  main {row['main_mb']:6.0f} MiB  all {row['all_mb']:6.0f} MiB", flush=True)
        if set(args.modes) == set(MODES):
            print_table(results, sizes_mb)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def measure_cached(corpus: Path, cache: Path) -> dict[str, float]:
    """The cold run that writes both caches (timed: writing is part of cold)."""
    return _json_of([sys.executable, "-c", _COLD_WITH_CACHE, str(corpus), str(cache)])


_COLD_WITH_CACHE = """
import json, sys, time
if __name__ == "__main__":
    from helpers import load_corpus
    from helpers.topics.coverage import measure_coverage
    start = time.perf_counter()
    corpus = load_corpus(sys.argv[1], cache_dir=sys.argv[2], progress=False)
    measure_coverage(corpus, cache_dir=sys.argv[2], progress=False).summary()
    print(json.dumps({"cold_cached_s": time.perf_counter() - start}))
"""


def print_table(results: dict[int, dict[str, dict[str, float]]], sizes_mb: dict[int, float]) -> None:
    print()
    print("| documents | MB | run | wall time (s) | MB/s | peak memory, main / all processes (MiB) | speed-up vs one process |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for n_docs, rows in results.items():
        one = rows["one process"]["seconds"]
        for mode in MODES:
            row = rows[mode]
            rate = sizes_mb[n_docs] / row["seconds"]
            print(
                f"| {n_docs:,} | {sizes_mb[n_docs]:.0f} | {mode} | {row['seconds']:.1f} | {rate:.2f} | "
                f"{row['main_mb']:,.0f} / {row['all_mb']:,.0f} | {one / row['seconds']:.2f}× |"
            )
    print()
    print(f"{'ratio':<52}{'value':>9}  target")
    for n_docs, rows in results.items():
        one, pool, dask = (rows[m]["seconds"] for m in ("one process", "all cores", "dask LocalCluster"))
        cold = rows["cold (cache written)"]["cold_cached_s"]
        warm = rows["warm (cache)"]["seconds"]
        print(f"{f'{n_docs:,} docs: all cores / one process':<52}{one / pool:>8.2f}×  >= 1.7x")
        print(f"{f'{n_docs:,} docs: Dask time / all-cores time':<52}{dask / pool:>8.2f}   <= 1.20")
        print(f"{f'{n_docs:,} docs: cold (cache written) / warm':<52}{cold / warm:>8.1f}×  (warm {warm:.1f} s; < 10 s at 100k)")
        counts = {rows[m]["mentions"] for m in ("one process", "all cores", "dask LocalCluster", "warm (cache)")}
        print(f"{f'{n_docs:,} docs: same mentions in every run':<52}{'yes' if len(counts) == 1 else 'NO':>9}")
    sizes = sorted(results)
    if len(sizes) >= 2:
        small, big = sizes[0], sizes[-1]
        for mode in ("one process", "all cores", "dask LocalCluster"):
            growth = results[big][mode]["seconds"] / results[small][mode]["seconds"]
            label = f"{mode}: time {small:,} -> {big:,} docs ({big // small}x the docs)"
            print(f"{label:<52}{growth:>8.1f}×  <= 12x")


if __name__ == "__main__":
    main()
