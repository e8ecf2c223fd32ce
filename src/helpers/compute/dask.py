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
import socket
import struct
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from helpers.compute.runner import ComputeError, Task

__all__ = ["DaskBackend", "client_class", "connect", "connected_clients", "probe"]

_CONNECT_TIMEOUT = "5s"
# A scheduler greets a new connection at once; this long for the first bytes.
_PROBE_SECONDS = 3.0
# The greeting's first 8 bytes are its length: a few dozen bytes, never megabytes.
_GREETING_MAX_BYTES = 1_000_000
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


def _host_port(address: str) -> tuple[str, int]:
    """``(host, port)`` of a ``tcp://HOST:PORT`` address, or a one-line error."""
    scheme, _, rest = address.partition("://")
    if not rest:
        raise ComputeError(f"not a Dask scheduler address: {address!r} (expected tcp://HOST:PORT)")
    if scheme != "tcp":
        raise ComputeError(
            f"{scheme}:// scheduler addresses need settings this tool does not make (TLS certificates, UCX): "
            "create a distributed.Client yourself and pass it as client="
        )
    host, _, port = rest.rstrip("/").rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ComputeError(f"not a Dask scheduler address: {address!r} (expected tcp://HOST:PORT)")
    return host, int(port)


def probe(address: str, seconds: float = _PROBE_SECONDS) -> None:
    """Check, in bounded time, that a Dask scheduler answers at ``address``.

    A scheduler greets every connection at once with a short framed
    message; a port that speaks another protocol says nothing or something
    else, and a client would otherwise hang or read a nonsense length.

    Raises:
        ComputeError: not an address, nothing there, or not a scheduler (one line).
    """
    host, port = _host_port(address)
    try:
        with socket.create_connection((host, port), timeout=seconds) as connection:
            connection.settimeout(seconds)
            greeting = b""
            while len(greeting) < 16:
                chunk = connection.recv(16 - len(greeting))
                if not chunk:
                    break
                greeting += chunk
    except TimeoutError:
        raise ComputeError(f"no Dask scheduler answered at {address} within {seconds:.0f} s") from None
    except OSError as exc:
        raise ComputeError(f"cannot reach the Dask scheduler at {address}: {exc.strerror or exc}") from None
    if len(greeting) < 16:
        raise ComputeError(f"not a Dask scheduler at {address}: the connection closed without a greeting")
    length, frames = struct.unpack("<QQ", greeting)
    if not (16 <= length <= _GREETING_MAX_BYTES and 1 <= frames <= 64):
        raise ComputeError(f"not a Dask scheduler at {address}: it answers in another protocol")


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
        address = os.fspath(client).strip()
        if address not in _connected or _connected[address].status != "running":
            probe(address)
            try:
                _connected[address] = Client(address, timeout=_CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError, TypeError, MemoryError, RuntimeError) as exc:
                message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise ComputeError(f"cannot connect to the Dask scheduler at {address}: {message}") from None
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
