"""The Dask backend: tasks on a ``distributed`` cluster (the ``dask`` extra).

``client`` is a ``distributed.Client`` or a scheduler address such as
``"tcp://10.0.0.5:8786"``. A bounded window of tasks is in flight (four per
worker thread), so the client never holds a whole corpus in transit. A
``setup`` function given by the stage above runs once on every worker when
it joins (a worker plugin), not once per task.

Imported only when a cluster is asked for; ``distributed`` itself is
imported on first use, so a missing extra is a one-line error.
"""

from __future__ import annotations

import os
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from helpers.compute.runner import ComputeError, Task

__all__ = ["DaskBackend", "client_class", "connect", "connected_clients"]

_CONNECT_TIMEOUT = "5s"
# Clients made here from scheduler addresses, by address.
_connected: dict[str, Any] = {}
# (client, setup function name) pairs whose workers have the setup plugin.
_prepared: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


def client_class() -> Any:
    """``distributed.Client``, or a one-line error saying what to install."""
    try:
        from distributed import Client
    except ImportError:
        raise ComputeError(
            "Dask was asked for but dask.distributed is not installed: pip install 'persian-news-coverage[dask]'"
        ) from None
    return Client


def connected_clients() -> dict[str, Any]:
    """The clients :func:`connect` made from scheduler addresses, by address
    (close them with ``.close()``; the dict may be cleared)."""
    return _connected


def connect(client: Any, setup: Callable[[], object] | None = None) -> Any:
    """A ``distributed.Client`` for ``client`` (a Client, or a scheduler address).

    Args:
        client: a ``distributed.Client`` or a scheduler address.
        setup: a module-level function every worker runs once when it joins.

    Raises:
        ComputeError: Dask is not installed, or the scheduler cannot be
            reached (one line saying which).
        TypeError: ``client`` is neither.
    """
    Client = client_class()
    if isinstance(client, (str, os.PathLike)):
        address = os.fspath(client)
        if address not in _connected or _connected[address].status != "running":
            try:
                _connected[address] = Client(address, timeout=_CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise ComputeError(f"cannot reach the Dask scheduler at {address}: {exc}".splitlines()[0]) from None
        client = _connected[address]
    if not isinstance(client, Client):
        raise TypeError(f"client must be a distributed.Client or a scheduler address, not {type(client).__name__}")
    if setup is not None:
        name = f"persian-news-coverage:{setup.__module__}.{setup.__qualname__}"
        done = _prepared.setdefault(client, set())
        if name not in done:
            from helpers.compute.dask_plugin import WorkerSetup

            # WorkerPlugin protocol: setup() runs on every current and future worker.
            client.register_plugin(WorkerSetup(setup), name=name)
            done.add(name)
    return client


class DaskBackend:
    """Run tasks on a Dask cluster, results in task order."""

    def __init__(self, client: Any, setup: Callable[[], object] | None = None) -> None:
        self.client = connect(client, setup)

    def run(self, func: Callable[..., Any], tasks: Iterable[Task]) -> Iterator[tuple[Any, int]]:
        client = self.client
        window = max(4, 4 * sum(client.nthreads().values()))
        pending: deque[tuple[Any, int]] = deque()
        for args, weight in tasks:
            pending.append((client.submit(func, *args, pure=False), weight))
            if len(pending) >= window:
                future, done = pending.popleft()
                yield future.result(), done
        while pending:
            future, done = pending.popleft()
            yield future.result(), done
