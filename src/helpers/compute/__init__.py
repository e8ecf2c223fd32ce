"""Running work: here, on a pool of local processes, or on a Dask cluster.

The lowest layer of the package: it knows nothing of news, corpora or
topics, and imports only the standard library (Dask lazily, when a cluster
is asked for). The stages above cut their work into tasks and hand them to
:func:`map_ordered` with a *backend* — a value that says where the tasks
run — built by :func:`backend_for`:

* :class:`InProcess`: in this process;
* :class:`ProcessPool`: local worker processes (``forkserver``), which can
  import modules before their first task (``preload``: the corpus stage
  builds its hazm pipeline there once);
* :class:`helpers.compute.dask.DaskBackend`: a ``distributed.Client`` or a
  scheduler address.

May import: the standard library only (and ``distributed`` in ``dask``).

>>> list(map_ordered(divmod, [((7, 2), 1), ((9, 4), 1)], backend_for(1)))
[(3, 1), (2, 1)]
"""

from __future__ import annotations

from helpers.compute.pool import ProcessPool, add_preload, start_pool_early
from helpers.compute.runner import Backend, ComputeError, InProcess, Task, map_ordered, resolve_workers

__all__ = [
    "Backend",
    "ComputeError",
    "InProcess",
    "ProcessPool",
    "Task",
    "add_preload",
    "backend_for",
    "map_ordered",
    "resolve_workers",
    "start_pool_early",
]


def backend_for(
    workers: int | None = 1,
    client: object = None,
    *,
    preload: tuple[str, ...] = (),
    setup: object = None,
) -> Backend:
    """Where to run: a Dask cluster when ``client`` is given, else a local
    pool of ``workers`` processes (all cores when None), else here.

    Args:
        workers: local processes; 1 (or fewer) runs in this process.
        client: a ``distributed.Client`` or a scheduler address.
        preload: modules each local worker imports before its first task.
        setup: a module-level function each Dask worker runs once when it
            joins (pickled by reference).

    Raises:
        ComputeError: Dask was asked for but is not installed, or the
            scheduler cannot be reached (one line).

    >>> type(backend_for(1)).__name__, type(backend_for(2)).__name__
    ('InProcess', 'ProcessPool')
    """
    if client is not None:
        from helpers.compute.dask import DaskBackend

        return DaskBackend(client, setup=setup)
    n_workers = resolve_workers(workers)
    if n_workers <= 1:
        return InProcess()
    return ProcessPool(n_workers, preload=preload)
