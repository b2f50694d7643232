"""Both engines over the same lake: the same numbers to the last, committed rows only.

One test function, so that one test process starts Spark (pytest-xdist would otherwise
spread the checks over workers, each starting its own JVM); each part is a helper below.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from moneytrail.cli.main import app
from moneytrail.lake.engine import DuckDBEngine, SparkEngine
from moneytrail.lake.land import LandOptions, land
from moneytrail.lake.layout import Lake
from moneytrail.lake.read import committed_table, engine_table
from moneytrail.lake.tables import INGEST_ID, TABLES
from moneytrail.lake.windows import COLUMNS, account_days
from moneytrail.model.ids.base import Tokenizer
from moneytrail.settings import Settings
from tests.ingest.external import AMLGENTEX

pytestmark = pytest.mark.slow


def _duckdb_days(lake: Lake) -> pa.Table:
    engine = DuckDBEngine(lake)
    try:
        return engine.to_arrow(account_days(engine))
    finally:
        engine.close()


def every_number_alike(lake: Lake, spark: SparkEngine) -> None:
    """The rolling-window pipeline over AMLGentex gives the same table on both engines."""
    ours = _duckdb_days(lake)
    theirs = spark.to_arrow(account_days(spark))
    assert ours.num_rows == theirs.num_rows > 500_000
    assert tuple(ours.column_names) == tuple(theirs.column_names) == COLUMNS
    for name in COLUMNS:
        assert ours.column(name).to_pylist() == theirs.column(name).to_pylist(), name


def committed_rows_only(lake: Lake, spark: SparkEngine) -> None:
    """A part file of an ingest with no manifest row (as a killed run leaves it) is unseen."""
    part = next(lake.part_files(TABLES[0]))
    stray = part.with_name("part-feedfacefeedface-00000.parquet")
    rows = pq.read_table(part)
    uncommitted = pa.array(["feedfacefeedface"] * rows.num_rows)
    pq.write_table(
        rows.set_column(rows.column_names.index(INGEST_ID), INGEST_ID, uncommitted), stray
    )
    try:
        duck = DuckDBEngine(lake)
        try:
            counted = duck.to_arrow(duck.table("transfers").groupBy().count()).column(0)[0].as_py()
        finally:
            duck.close()
        assert counted == spark.table("transfers").count() == 679_386
    finally:
        stray.unlink()


def empty_tables_typed(folder: Path, spark: SparkEngine) -> None:
    """Tables without files have their columns on both engines; Spark's session is shared."""
    lake = Lake.at(folder)
    duck, other = DuckDBEngine(lake), SparkEngine(lake, "local[2]")
    assert other.session is spark.session
    try:
        for spec in TABLES:
            names = [*spec.lake_schema.names, *(["date"] if spec.partition_by else [])]
            assert duck.table(spec.name).columns == names
            assert other.table(spec.name).columns == names
            assert other.table(spec.name).count() == 0
    finally:
        duck.close()


def _trace(lake: Lake, engine: str, seed: str, data: Path) -> dict[str, Any]:
    env = {"MONEYTRAIL_ENGINE": engine, "MONEYTRAIL_SPARK_MASTER": "local[2]"}
    env |= {"MONEYTRAIL_TOKEN_SECRET": "k", "MONEYTRAIL_DATA_DIR": str(data)}
    args = ["trace", "--lake", str(lake.root), "--seed", seed, "--depth", "2", "--json"]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    answer: dict[str, Any] = json.loads(result.output.strip().splitlines()[-1])
    return answer


def _sample_lake(folder: Path, rows: int) -> Lake:
    """A lake of the first AMLGentex transactions: whole-table reads to the driver stay small
    on a shared 2-core machine (Spark's local driver has 1 GiB)."""
    folder.mkdir()
    sample = folder / "tx_log.parquet"
    pq.write_table(pq.read_table(AMLGENTEX).slice(0, rows), sample)
    land([sample], folder / "lake", LandOptions(Tokenizer(b"k")))
    return Lake.at(folder / "lake")


def a_command_gives_the_same_answer(folder: Path, spark: SparkEngine) -> None:
    """`moneytrail trace --lake` reads the lake through `MONEYTRAIL_ENGINE`: on local Spark it
    reads the same rows in the same order as on DuckDB, and gives the same answer."""
    lake, data = _sample_lake(folder, 50_000), folder / "data"
    settings = Settings(engine="spark", spark_master="local[2]")
    theirs = engine_table(lake.root, "transfers", settings)
    ours = engine_table(lake.root, "transfers", Settings())
    assert theirs.equals(ours)
    assert ours.num_rows == committed_table(lake.root, "transfers").num_rows
    seed = str(ours.column("src_instrument")[0])
    on_duckdb, on_spark = _trace(lake, "duckdb", seed, data), _trace(lake, "spark", seed, data)
    assert on_duckdb["totals"]["transactions"] > 0
    assert on_spark == on_duckdb
    assert spark.session is not None


def test_spark_and_duckdb_agree_over_the_lake(
    gentex_lake: Lake, spark_gentex: SparkEngine, tmp_path: Path
) -> None:
    every_number_alike(gentex_lake, spark_gentex)
    committed_rows_only(gentex_lake, spark_gentex)
    empty_tables_typed(tmp_path / "empty", spark_gentex)
    a_command_gives_the_same_answer(tmp_path / "sample", spark_gentex)


def test_row_order_is_total_for_crypto_legs() -> None:
    """A transaction's legs share chain, txid and time: the order names each leg, so both
    engines number tied legs alike (the Spark crypto trace relies on it)."""
    from moneytrail.lake.read import row_order
    from moneytrail.lake.tables import table_spec

    order = row_order(table_spec("crypto_transfers"))
    assert order[:3] == ["ts", "file", "row"]
    assert set(order[3:]) == {"chain", "txid", "leg_kind", "leg"}
    assert row_order(table_spec("transfers"))[-1] == "transfer_id"
