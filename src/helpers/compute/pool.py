"""Local worker processes: a ``forkserver`` pool with a bounded window of tasks.

Workers must not inherit the parent's threads (pyarrow, tqdm), so no plain
fork. The fork server imports the ``preload`` modules once, and every worker
forked from it starts with what they built (the hazm pipeline: ≈2 s saved
per worker). At most a few tasks per worker are in flight, so memory stays
bounded whatever the number of tasks; queued tasks are cancelled when the
caller stops (Ctrl-C, a failing task). Workers and the fork server end
when the process that started them dies, even by SIGKILL
(:mod:`helpers.compute.lifeline`).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from helpers.compute.lifeline import start_time, worker_setup
from helpers.compute.runner import ComputeError, Task

__all__ = ["ProcessPool", "add_preload", "pool_context", "start_pool_early"]

# Tasks in flight per worker: enough to keep every worker busy.
_WINDOW_PER_WORKER = 4
# Modules a stage above asked every fork server to import too (add_preload).
_EXTRA_PRELOAD: list[str] = []


def add_preload(module: str) -> None:
    """Have every fork server started from now on import ``module`` as well.

    A stage registers what its tasks build on first use (the topic stage: the
    default lexicon's matcher), so that a pool started by an earlier stage
    has it ready in every worker; the import must not fail for any reason
    (the fork server would die), so such a module catches its own errors.
    """
    if module not in _EXTRA_PRELOAD:
        _EXTRA_PRELOAD.append(module)


def pool_context(preload: tuple[str, ...] = ()) -> multiprocessing.context.BaseContext:
    """The forkserver context, importing ``preload`` in the fork server (after
    :mod:`helpers.compute.guard`, which ties the fork server's life to ours)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(dict.fromkeys(["helpers.compute.guard", *preload, *_EXTRA_PRELOAD])))
    return context


def start_pool_early(preload: tuple[str, ...] = ()) -> None:
    """Start the fork server now: it imports ``preload`` in the background
    while this process does other work."""
    from multiprocessing import forkserver

    pool_context(preload)
    forkserver.ensure_running()


class ProcessPool:
    """Run tasks on ``workers`` local processes."""

    def __init__(self, workers: int, *, preload: tuple[str, ...] = ()) -> None:
        self.workers = workers
        self.preload = preload

    def run(self, func: Callable[..., Any], tasks: Iterable[Task]) -> Iterator[tuple[Any, int]]:
        try:
            owner = os.getpid()
            with ProcessPoolExecutor(
                max_workers=self.workers, mp_context=pool_context(self.preload),
                initializer=worker_setup, initargs=(owner, start_time(owner)),
            ) as pool:  # fmt: skip
                pending: deque[tuple[Future[Any], int]] = deque()
                try:
                    for args, weight in tasks:
                        pending.append((pool.submit(func, *args), weight))
                        if len(pending) >= self.workers * _WINDOW_PER_WORKER:
                            future, done = pending.popleft()
                            yield future.result(), done
                    while pending:
                        future, done = pending.popleft()
                        yield future.result(), done
                except BaseException:  # interrupted (Ctrl-C, a failed task): drop the queued tasks
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
        except BrokenProcessPool:
            raise ComputeError(
                "worker processes failed to start; in a script, call this under "
                "`if __name__ == '__main__':`, or pass workers=1"
            ) from None
