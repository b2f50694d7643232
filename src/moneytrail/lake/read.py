"""Reading a lake table's committed rows as Arrow, for the in-memory engines (graph, trace).

`committed_table` reads the Parquet files directly through Arrow. `engine_table` reads
them through the engine the settings name (`MONEYTRAIL_ENGINE`: DuckDB by default, or
Spark, local or on a cluster), in the lake's schema and in one order on both engines
(partition time, then provenance, then id), so that a command gives the same result
whichever engine read its input.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from moneytrail.lake.catalog import Catalog
from moneytrail.lake.engine import open_engine
from moneytrail.lake.errors import LakeError
from moneytrail.lake.layout import Lake
from moneytrail.lake.tables import TableSpec, table_spec
from moneytrail.settings import Settings


def _lake(lake_dir: Path) -> Lake:
    if not (lake_dir / "catalog.duckdb").exists():
        raise LakeError(f"{lake_dir}: not a moneytrail lake (no catalog.duckdb)")
    return Lake.at(lake_dir)


def committed_table(lake_dir: Path, name: str, *, missing_ok: bool = False) -> pa.Table:
    """The rows of table `name` whose ingest is committed (unfinished ingests left out);
    a table nothing has landed in yet is an error, or empty with `missing_ok`."""
    lake = _lake(lake_dir)
    spec = table_spec(name)
    files = [str(p) for p in lake.part_files(spec)]
    if not files:
        if missing_ok:
            return spec.lake_schema.empty_table()
        raise LakeError(f"{lake_dir}: the lake has no {name} yet")
    committed = pa.array(sorted(set(Catalog(lake).committed().values())), pa.string())
    dataset = ds.dataset(files, format="parquet")
    return dataset.to_table(filter=pc.field("ingest_id").isin(committed))


def card_masks(instruments: pa.Table, only: Collection[str] | None = None) -> dict[str, str]:
    """Card token → the masked number the lake keeps for it (first 6, last 4), from an
    instruments table; only for the `only` tokens when given."""
    table = instruments.select(["instrument_id", "masked_cards"])
    if only is not None:
        table = table.filter(pc.field("instrument_id").isin(list(only)))
    rows = table.filter(pc.greater(pc.list_value_length(table["masked_cards"]), 0)).to_pylist()
    return {str(r["instrument_id"]): str(r["masked_cards"][0]) for r in rows}


KEYS = {"crypto_transfers": ("chain", "txid", "leg_kind", "leg")}
"""The columns that identify a row where the first column alone does not (a transaction's
legs share its chain and txid)."""


def row_order(spec: TableSpec) -> list[str]:
    """Partition time, file, row, then the id columns: a total order of the rows (rows equal
    in all of these are the same leg or transfer given twice)."""
    names = spec.lake_schema.names
    wanted = (spec.partition_by, "file", "row", *KEYS.get(spec.name, (names[0],)))
    return list(dict.fromkeys(c for c in wanted if c is not None and c in names))


def engine_table(lake_dir: Path, name: str, settings: Settings) -> pa.Table:
    """The committed rows of table `name`, read by the settings' engine, in `row_order`."""
    lake = _lake(lake_dir)
    spec = table_spec(name)
    if next(lake.part_files(spec), None) is None:
        raise LakeError(f"{lake_dir}: the lake has no {name} yet")
    engine = open_engine(lake_dir, settings)
    try:
        F = engine.functions  # noqa: N806 - PySpark's own name for it
        frame = engine.table(name).select(*spec.lake_schema.names)
        ordered = frame.orderBy(*(F.col(c).asc_nulls_first() for c in row_order(spec)))
        rows = engine.to_arrow(ordered)
    finally:
        engine.close()
    return rows.select(spec.lake_schema.names).cast(spec.lake_schema)
