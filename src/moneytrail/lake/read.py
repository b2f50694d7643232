"""Reading a lake table's committed rows as Arrow, for the in-memory engines (graph, trace)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from moneytrail.lake.catalog import Catalog
from moneytrail.lake.errors import LakeError
from moneytrail.lake.layout import Lake
from moneytrail.lake.tables import table_spec


def committed_table(lake_dir: Path, name: str) -> pa.Table:
    """The rows of table `name` whose ingest is committed (unfinished ingests left out)."""
    if not (lake_dir / "catalog.duckdb").exists():
        raise LakeError(f"{lake_dir}: not a moneytrail lake (no catalog.duckdb)")
    lake = Lake.at(lake_dir)
    spec = table_spec(name)
    files = [str(p) for p in lake.part_files(spec)]
    if not files:
        raise LakeError(f"{lake_dir}: the lake has no {name} yet")
    committed = pa.array(sorted(set(Catalog(lake).committed().values())), pa.string())
    dataset = ds.dataset(files, format="parquet")
    return dataset.to_table(filter=pc.field("ingest_id").isin(committed))
