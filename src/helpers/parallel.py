"""Running a function over many tasks: here, on all cores, or on a Dask cluster.

Loading and tagging both cut their work into tasks of a few hundred
kilobytes of text and hand them to :func:`map_ordered`, which returns the
results in task order whichever way they were computed:

* one process, when there is too little work to pay for more;
* a pool of local processes (``forkserver``, preloading the hazm pipeline so
  no worker builds it again), with at most a few tasks per worker in flight,
  so memory stays bounded whatever the corpus size;
* a Dask cluster, when a ``distributed.Client`` or a scheduler address is
  given (see :mod:`helpers.cluster`).

>>> list(map_ordered(divmod, [((7, 2), 1), ((9, 4), 1)], workers=1))
[(3, 1), (2, 1)]
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

__all__ = ["ParallelError", "map_ordered", "pool_context", "resolve_workers", "start_pool_early"]

Result = TypeVar("Result")
# A task is the function's positional arguments and a weight (bytes or
# characters) for the progress bar.
Task = tuple[tuple[Any, ...], int]


class ParallelError(RuntimeError):
    """Worker processes could not start (the message says what to do)."""


def resolve_workers(workers: int | None) -> int:
    """``workers`` or, when None, the number of cores.

    >>> resolve_workers(3)
    3
    """
    return workers if workers is not None else (os.cpu_count() or 1)


def pool_context() -> multiprocessing.context.BaseContext:
    """forkserver, preloading a built hazm pipeline.

    Workers must not inherit the parent's threads (pyarrow, tqdm), so no
    plain fork; the fork server builds the pipeline once and every worker
    forked from it starts with it ready, instead of each spending ≈2 s.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["helpers._worker"])
    return context


def start_pool_early() -> None:
    """Start the fork server now (it builds the hazm pipeline in the background)."""
    from multiprocessing import forkserver

    pool_context()
    forkserver.ensure_running()


def map_ordered(
    func: Callable[..., Result],
    tasks: Iterable[Task],
    *,
    workers: int = 1,
    client: Any = None,
    total: int | None = None,
    progress: bool = False,
    desc: str = "",
    unit: str = "B",
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[Result]:
    """``func(*args)`` for every task, yielded in task order.

    Args:
        func: a module-level function (it is pickled to other processes).
        tasks: ``(args, weight)`` pairs; consumed lazily on the local paths.
        workers: local processes; 1 runs here.
        client: a ``distributed.Client`` or scheduler address: run on Dask
            instead (``workers`` is then ignored).
        total: sum of the weights, for the progress bar.
        progress: show a progress bar.
        desc, unit: progress bar label and unit.
        initializer, initargs: run once in each local worker process (and
            here, on the one-process path) before any task.
    """
    # plain tqdm: tqdm.auto wants ipywidgets in notebooks and warns without them
    from tqdm import tqdm

    bar = tqdm(total=total, unit=unit, unit_scale=True, desc=desc, disable=not progress, leave=False)
    try:
        if client is not None:
            from helpers.cluster import map_on_cluster

            for result, weight in map_on_cluster(client, func, tasks):
                bar.update(weight)
                yield result
        elif workers <= 1:
            if initializer is not None:
                initializer(*initargs)
            for args, weight in tasks:
                result = func(*args)
                bar.update(weight)
                yield result
        else:
            yield from _map_pool(func, tasks, workers, bar, initializer, initargs)
    finally:
        bar.close()


def _map_pool(
    func: Callable[..., Result],
    tasks: Iterable[Task],
    workers: int,
    bar: Any,
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
) -> Iterator[Result]:
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=pool_context(), initializer=initializer, initargs=initargs
        ) as pool:
            pending: deque[tuple[Future[Result], int]] = deque()
            try:
                for args, weight in tasks:
                    pending.append((pool.submit(func, *args), weight))
                    if len(pending) >= workers * 4:
                        future, done = pending.popleft()
                        yield future.result()
                        bar.update(done)
                while pending:
                    future, done = pending.popleft()
                    yield future.result()
                    bar.update(done)
            except BaseException:  # interrupted (Ctrl-C, a failed task): drop the queued tasks
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    except BrokenProcessPool:
        raise ParallelError(
            "worker processes failed to start; in a script, call this under "
            "`if __name__ == '__main__':`, or pass workers=1"
        ) from None
