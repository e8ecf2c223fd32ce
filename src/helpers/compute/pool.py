"""Local worker processes: a ``forkserver`` pool with a bounded window of tasks.

Workers must not inherit the parent's threads (pyarrow, tqdm), so no plain
fork. The fork server imports the ``preload`` modules once, and every worker
forked from it starts with what they built (the hazm pipeline: ≈2 s saved
per worker). At most a few tasks per worker are in flight, so memory stays
bounded whatever the number of tasks; queued tasks are cancelled when the
caller stops (Ctrl-C, a failing task). While a new fork server is still
importing, the caller runs the first tasks itself (:class:`ProcessPool`).
Workers and the fork server end when the process that started them dies,
even by SIGKILL (:mod:`helpers.compute.lifeline`).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import threading
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
    """Run tasks on ``workers`` local processes.

    A new fork server takes a second or two to import ``preload`` before it
    can fork a worker; with ``caller_helps``, this process runs the first
    tasks itself meanwhile (a thread starts the workers), and hands the rest
    to the workers once one of them has answered. Results come in task order.
    """

    def __init__(self, workers: int, *, preload: tuple[str, ...] = (), caller_helps: bool = True) -> None:
        self.workers = workers
        self.preload = preload
        self.caller_helps = caller_helps

    def run(self, func: Callable[..., Any], tasks: Iterable[Task]) -> Iterator[tuple[Any, int]]:
        try:
            owner = os.getpid()
            context = pool_context(self.preload)
            with ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context,
                initializer=worker_setup, initargs=(owner, start_time(owner)),
            ) as pool:  # fmt: skip
                stream = iter(tasks)
                try:
                    if self.caller_helps:
                        yield from _help_while_starting(pool, func, stream)
                    pending: deque[tuple[Future[Any], int]] = deque()
                    for args, weight in stream:
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


def _help_while_starting(pool: ProcessPoolExecutor, func: Callable[..., Any], stream: Iterator[Task]) -> Iterator[tuple[Any, int]]:
    """Run tasks from ``stream`` here until a worker has answered.

    The pool's first ``submit`` forks its workers, which waits for the fork
    server's imports; a thread makes it, so that this process keeps working.
    The fork server itself is started from this thread: it gets the signal
    to die when the thread that started it ends (``PR_SET_PDEATHSIG``).
    """
    from multiprocessing import forkserver

    forkserver.ensure_running()
    answered: list[Future[Any]] = []
    failed: list[BaseException] = []

    def start() -> None:
        try:
            answered.append(pool.submit(os.getpid))
        except BaseException as exc:  # re-raised below, in the caller
            failed.append(exc)

    starter = threading.Thread(target=start, name="pnc-pool-start", daemon=True)
    starter.start()
    while not failed and not (answered and answered[0].done()):
        task = next(stream, None)
        if task is None:
            break
        args, weight = task
        yield func(*args), weight
    starter.join()
    if failed:
        raise failed[0]
    answered[0].result()  # a pool whose workers could not start raises here
