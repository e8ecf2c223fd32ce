"""Worker processes that die with the process that started them.

A killed Jupyter kernel must not leave a fork server, its workers and the
resource tracker (≈300 MB each) running for ever. Two guards, both cheap:

* Linux's parent-death signal (``prctl(PR_SET_PDEATHSIG)``): the fork
  server is killed when the user's process dies, a worker when the fork
  server does;
* in every worker, a watchdog thread that checks each second that the
  user's process (by pid *and* start time, so a reused pid does not count)
  is still there, and ends the worker when it is not — for systems
  without ``prctl`` and for a fork server that outlived its parent.

>>> alive(os.getpid(), start_time(os.getpid()))
True
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import threading
import time

__all__ = ["alive", "die_with_parent", "start_time", "watch", "worker_setup"]

_PR_SET_PDEATHSIG = 1
_POLL_SECONDS = 1.0


def start_time(pid: int) -> int | None:
    """When ``pid`` started (clock ticks since boot, from ``/proc``), or None where unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return int(fields[19])  # field 22 of stat(5); fields[0] is field 3
    except (OSError, IndexError, ValueError):
        return None


def alive(pid: int, started: int | None) -> bool:
    """Whether the process ``pid`` that started at ``started`` still runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else: not ours any more
        return started is None
    return started is None or start_time(pid) == started


def die_with_parent(sig: int = signal.SIGKILL) -> bool:
    """Ask the kernel to send ``sig`` to this process when its parent dies (Linux).

    Returns whether the request was made; ends the process at once if the
    parent is already gone (it died before the request).
    """
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        made = libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False
    if made and (parent == 1 or os.getppid() != parent):
        os._exit(1)
    return made


def watch(pid: int, started: int | None) -> threading.Thread:
    """End this process (``os._exit``) soon after process ``pid`` is gone."""

    def loop() -> None:
        while alive(pid, started):
            time.sleep(_POLL_SECONDS)
        os._exit(1)

    thread = threading.Thread(target=loop, name="pnc-lifeline", daemon=True)
    thread.start()
    return thread


def worker_setup(owner_pid: int, owner_started: int | None) -> None:
    """Run in each worker before its first task: die with the fork server and with the owner."""
    die_with_parent(signal.SIGKILL)
    watch(owner_pid, owner_started)
