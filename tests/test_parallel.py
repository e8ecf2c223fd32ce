"""Normalization on a process pool gives exactly the sequential result."""

from __future__ import annotations

import pandas as pd
import pytest

import helpers.corpus.loading as corpus_module
from helpers import load_corpus
from conftest import SEEDS


def test_process_pool_matches_sequential(make_corpus, monkeypatch):
    files = {}
    for i, seed in enumerate(sorted(SEEDS.glob("*.txt"))):
        text = seed.read_text(encoding="utf-8")
        for j in range(6):
            files[f"{i}-{j}.txt"] = text.replace("همکاری", "همكاري" if j % 2 else "همکاری ")
    root = make_corpus(files)
    sequential = load_corpus(root, cache=False, workers=1)
    monkeypatch.setattr(corpus_module, "_POOL_MIN_BYTES", 0)
    monkeypatch.setattr(corpus_module, "_BATCH_BYTES", 5_000)
    pooled = load_corpus(root, cache=False, workers=2, progress=True)
    pd.testing.assert_frame_equal(sequential.documents, pooled.documents)
    pd.testing.assert_frame_equal(sequential.sentences, pooled.sentences)
    assert len(pooled.documents) == 12


def _square_or_fail(x: int) -> int:
    if x == 13:
        raise ValueError("unlucky")
    return x * x


@pytest.mark.parametrize("workers", [1, 2])
def test_map_ordered_keeps_task_order(workers):
    from helpers.compute import backend_for, map_ordered

    tasks = [((x,), 1) for x in range(40) if x != 13]
    assert list(map_ordered(_square_or_fail, tasks, backend_for(workers))) == [x * x for x in range(40) if x != 13]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_task_raises_in_the_caller(workers):
    from helpers.compute import backend_for, map_ordered

    with pytest.raises(ValueError, match="unlucky"):
        list(map_ordered(_square_or_fail, [((x,), 1) for x in range(40)], backend_for(workers)))



_PRELOAD_CHECK = """
import sys


def matchers_built(_):
    from helpers.topics.tagging import matcher_for

    return matcher_for.cache_info().currsize


if __name__ == "__main__":
    import helpers.topics.tagging  # registers helpers.topics.preload
    from helpers.compute import ProcessPool, map_ordered
    from helpers.corpus.loading import PRELOAD

    # caller_helps=False: every task on a worker (this process has no matcher)
    print(list(map_ordered(matchers_built, [((x,), 1) for x in range(6)], ProcessPool(2, preload=PRELOAD, caller_helps=False))))
"""


def test_pool_workers_start_with_the_default_matcher_built(tmp_path):
    """The topic stage registers its preload: a pool started after it was imported
    has the default lexicon's matcher in every worker before the first task.
    (A fresh process: this one's fork server may have started earlier.)"""
    import subprocess
    import sys

    script = tmp_path / "check.py"
    script.write_text(_PRELOAD_CHECK, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str([1] * 6)


_HELP_CHECK = """
import os
import time


def pid_of(i):
    time.sleep(0.02)
    return i, os.getpid()


if __name__ == "__main__":
    from helpers.compute import ProcessPool, map_ordered

    tasks = [((i,), 1) for i in range(400)]
    results = list(map_ordered(pid_of, tasks, ProcessPool(2, preload=("slow_start",))))
    assert [i for i, _ in results] == list(range(400)), results
    here = [i for i, pid in results if pid == os.getpid()]
    print(len(here), here == list(range(len(here))), len({pid for _, pid in results} - {os.getpid()}))
"""


def test_the_caller_runs_the_first_tasks_while_the_fork_server_starts(tmp_path):
    """A fork server that takes a second to import its preload: this process
    runs the first tasks meanwhile, the workers the rest, in task order."""
    import subprocess
    import sys

    (tmp_path / "slow_start.py").write_text("import time\ntime.sleep(1.0)\n", encoding="utf-8")
    script = tmp_path / "check.py"
    script.write_text(_HELP_CHECK, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    helped, in_order, n_workers = done.stdout.split()
    assert 10 <= int(helped) < 400  # ≈1 s of 20 ms tasks here, the rest on the workers
    assert in_order == "True" and n_workers == "2"
