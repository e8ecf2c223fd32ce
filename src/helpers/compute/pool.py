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
# A ready fork server forks a probe at once; wait this long before helping.
_READY_WAIT_SECONDS = 0.05
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
    tasks itself meanwhile, and hands the rest to the workers once the
    server can fork them. Results come in task order.
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
                        yield from _help_while_starting(context, func, stream)
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


def _help_while_starting(
    context: multiprocessing.context.BaseContext, func: Callable[..., Any], stream: Iterator[Task]
) -> Iterator[tuple[Any, int]]:
    """Run tasks from ``stream`` here until the fork server can fork workers.

    A thread starts a probe process from the fork server, which waits for
    the server's imports; the pool itself is not touched until then, so a
    Ctrl-C or a failing task here stops at once. A fork server that is
    ready answers the probe at once (the probe, like a worker, imports the
    main script, if there is one): nothing or little runs here.
    The fork server is started from this thread: it gets the signal to die
    when the thread that started it ends (``PR_SET_PDEATHSIG``).
    """
    from multiprocessing import forkserver

    forkserver.ensure_running()
    ready = threading.Event()

    def probe() -> None:
        try:
            process = context.Process(target=os.getpid, daemon=True)  # type: ignore[attr-defined]
            process.start()
            process.join()
        except Exception:  # noqa: BLE001 - the pool's own start reports what is wrong
            pass
        finally:
            ready.set()

    threading.Thread(target=probe, name="pnc-pool-probe", daemon=True).start()
    if ready.wait(_READY_WAIT_SECONDS):
        return
    while not ready.is_set():
        task = next(stream, None)
        if task is None:  # all done here: the pool is never started
            return
        args, weight = task
        yield func(*args), weight
