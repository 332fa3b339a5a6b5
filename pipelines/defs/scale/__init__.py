"""Scale-out: `refresh_warehouse_fanout`, the refresh with extraction fanned out over steps that exchange
Parquet batches through the lake (`pipelines.lake`), on the multiprocess or the Dask executor; and the
warehouse rebuilt from the lake (`rebuild`). The default job `refresh_warehouse` is untouched."""

from pipelines.defs.scale.jobs import definitions

__all__ = ["definitions"]
