"""The Dask worker plugin (imported only once ``distributed`` is known to be installed)."""

from collections.abc import Callable
from typing import Any

from distributed import WorkerPlugin

__all__ = ["WorkerSetup"]


class WorkerSetup(WorkerPlugin):
    """Runs a setup function once per worker process, when it starts, so no
    task pays for it and none repeats it."""

    def __init__(self, setup: Callable[[], object]) -> None:
        self.setup_function = setup

    def setup(self, worker: Any) -> None:
        self.setup_function()
