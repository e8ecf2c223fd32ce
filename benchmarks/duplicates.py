"""Benchmark: near-duplicate detection (:func:`helpers.corpus.duplicates.find_duplicates`) at 10,000 and 100,000 documents.

Corpora with planted syndication (:func:`helpers.synthetic.build_syndicated_corpus`:
agency stories republished by up to four outlets with edits, and follow-up
stories that repeat a sentence of an earlier one) are written to a
temporary folder; each size is then measured in a fresh Python process:

* the seconds ``find_duplicates`` takes on the documents (title and body
  as text; loading and normalization are not part of it — see
  ``benchmarks/scaling.py`` for those);
* memory: the process's resident size before the call and its peak
  (``ru_maxrss``) after, in MiB — the difference is what finding the stories
  added on top of holding the documents (``tracemalloc`` is not used: it
  slows allocation-heavy code several times);
* whether the stories found are exactly the planted ones.

Then the ratio of the two times, against the ratio of the sizes (linear = 10×).

Usage: ``python benchmarks/duplicates.py [--sizes 10000 100000]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path


def _measure(folder: Path, plan_file: Path) -> dict:
    import time

    import pandas as pd

    from helpers.corpus.duplicates import find_duplicates

    rows = []
    for path in sorted(folder.rglob("*.txt")):
        header, title, _, body = path.read_text(encoding="utf-8").split("\n", 3)
        _, date, source = header.split(" ", 2)
        rows.append((str(path.relative_to(folder).with_suffix("")), pd.Timestamp(date), source, f"{title}\n\n{body}"))
    documents = pd.DataFrame(rows, columns=["doc_id", "date", "source", "text"])
    plan = pd.read_json(plan_file)
    page = os.sysconf("SC_PAGE_SIZE")
    before = int(Path("/proc/self/statm").read_text().split()[1]) * page / 2**20
    start = time.perf_counter()
    table = find_duplicates(documents)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = set(table.groupby("story_id")["doc_id"].apply(frozenset))
    planned = set(plan.groupby("story")["doc_id"].apply(frozenset))
    return {
        "documents": len(documents), "stories": int(table["story_id"].nunique()), "planned stories": int(plan["story"].nunique()),
        "MB": round(documents["text"].str.len().sum() * 2 / 1e6, 1), "seconds": round(seconds, 1),
        "docs per second": round(len(documents) / seconds), "RSS before MiB": round(before, 1), "peak RSS MiB": round(peak, 1),
        "added MiB": round(peak - before, 1), "load average": round(os.getloadavg()[0], 1), "exact match": found == planned,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="documents (about)")
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)  # internal: one measurement in this process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(Path(args.measure[0]), Path(args.measure[1]))))
        return
    from helpers.synthetic import build_syndicated_corpus

    results = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            folder = Path(scratch) / str(size)
            # 2.5 documents per story on average (0–4 copies each)
            plan = build_syndicated_corpus(folder, n_stories=round(size / 3), seed=size)
            plan_file = Path(scratch) / f"{size}.json"
            plan.to_json(plan_file, date_format="iso")
            out = subprocess.run([sys.executable, __file__, "--measure", str(folder), str(plan_file)], capture_output=True, text=True, check=True)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    if len(results) >= 2:
        first, last = results[0], results[-1]
        print(
            f"{last['documents'] / first['documents']:.1f}x the documents took {last['seconds'] / first['seconds']:.1f}x the time "
            f"and {last['added MiB'] / max(first['added MiB'], 1):.1f}x the added memory"
        )


if __name__ == "__main__":
    main()
