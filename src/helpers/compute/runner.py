"""The task runner: a function over many tasks, results in task order.

Loading and tagging cut their work into tasks of a few hundred kilobytes of
text and hand them to :func:`map_ordered` together with a backend (see
:mod:`helpers.compute`); the results come back in task order whichever
backend computed them, with one progress bar.

>>> list(map_ordered(pow, [((2, 10), 1), ((3, 2), 1)], InProcess()))
[1024, 9]
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

__all__ = ["Backend", "ComputeError", "InProcess", "Task", "map_ordered", "resolve_workers"]

Result = TypeVar("Result")
# A task is the function's positional arguments and a weight (bytes or
# characters) for the progress bar.
Task = tuple[tuple[Any, ...], int]


class ComputeError(RuntimeError):
    """Work could not be run where it was asked to (one-line message saying what to do)."""


class Backend(Protocol):
    """Where tasks run. ``run`` yields ``(result, weight)`` in task order."""

    def run(self, func: Callable[..., Any], tasks: Iterable[Task]) -> Iterator[tuple[Any, int]]: ...


def resolve_workers(workers: int | None) -> int:
    """``workers`` or, when None, the number of cores.

    >>> resolve_workers(3)
    3
    """
    return workers if workers is not None else (os.cpu_count() or 1)


class InProcess:
    """Run every task here, one after the other."""

    def run(self, func: Callable[..., Any], tasks: Iterable[Task]) -> Iterator[tuple[Any, int]]:
        for args, weight in tasks:
            yield func(*args), weight


def map_ordered(
    func: Callable[..., Result],
    tasks: Iterable[Task],
    backend: Backend | None = None,
    *,
    total: int | None = None,
    progress: bool = False,
    desc: str = "",
    unit: str = "B",
) -> Iterator[Result]:
    """``func(*args)`` for every task, yielded in task order.

    Args:
        func: a module-level function (it is pickled to other processes).
        tasks: ``(args, weight)`` pairs; consumed lazily.
        backend: where to run (default: here).
        total: sum of the weights, for the progress bar.
        progress: show a progress bar.
        desc, unit: progress bar label and unit.
    """
    # plain tqdm: tqdm.auto wants ipywidgets in notebooks and warns without them
    from tqdm import tqdm

    bar = tqdm(total=total, unit=unit, unit_scale=True, desc=desc, disable=not progress, leave=False)
    try:
        for result, weight in (backend or InProcess()).run(func, tasks):
            bar.update(weight)
            yield result
    finally:
        bar.close()
