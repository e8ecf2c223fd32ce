"""The Dask worker plugin (imported only when Dask is in use)."""

from typing import Any

from distributed import WorkerPlugin


class PipelinePlugin(WorkerPlugin):
    """Builds the hazm pipeline once per worker process, when it starts,
    so no task pays for it and none builds it again."""

    name = "persian-news-coverage-pipeline"

    def setup(self, worker: Any) -> None:
        from helpers.normalization import get_pipeline

        get_pipeline()
