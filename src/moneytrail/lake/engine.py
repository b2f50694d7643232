"""The engines over the lake: DuckDB embedded (default) and Apache Spark, one DataFrame API.

Pipelines are written once against PySpark's DataFrame API, taking an `Engine` for its
`functions`, `window` and `table`: on Spark they run as they are, on DuckDB through
SQLFrame, which turns them into DuckDB SQL. Both see the rows of the ingests committed
when the engine was opened, with the `date` partition column; times are UTC.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import duckdb
import pyarrow as pa

from moneytrail.lake.catalog import Catalog, create_empty_tables, view_sql
from moneytrail.lake.layout import Lake
from moneytrail.lake.spark import spark_session
from moneytrail.lake.tables import INGEST_ID, PARTITION, TABLES, table_spec
from moneytrail.settings import Settings

Frame = Any
"""A DataFrame of either engine; both have PySpark's API (SQLFrame mirrors it)."""


class Engine(Protocol):
    """What a pipeline needs from an engine."""

    name: str
    functions: Any
    """PySpark's `functions` module, or SQLFrame's for DuckDB."""
    window: Any
    """PySpark's `Window`, or SQLFrame's."""

    def table(self, name: str) -> Frame:
        """A canonical table's committed rows."""
        ...

    def to_arrow(self, frame: Frame) -> pa.Table:
        """A frame's rows, collected."""
        ...

    def cache(self, frame: Frame) -> Frame:
        """The frame computed once, for a pipeline that reads it more than once."""
        ...

    def close(self) -> None:
        """Let go of what the engine holds (the shared Spark session stays up)."""
        ...


def _committed(lake: Lake) -> list[str]:
    return sorted(set(Catalog(lake).committed().values()))


class DuckDBEngine:
    """DuckDB in memory, with views over the lake's Parquet, through SQLFrame.

    SQLFrame keeps one active session per process: open one DuckDB engine at a time.
    """

    name = "duckdb"
    functions: Any
    window: Any

    def __init__(self, lake: Lake) -> None:
        from sqlframe.duckdb import Window
        from sqlframe.duckdb import functions as F  # noqa: N812 - PySpark's own name for it

        self.con = duckdb.connect()
        self.con.execute("SET TimeZone = 'UTC'")
        ids = pa.table({INGEST_ID: pa.array(_committed(lake), pa.string())})
        self.con.register("_committed_ids", ids)
        self.con.execute("CREATE TEMP TABLE _committed AS FROM _committed_ids")
        self.con.unregister("_committed_ids")
        create_empty_tables(self.con, temp=True)
        for spec in TABLES:
            self.con.execute(f"CREATE VIEW {spec.name} AS {view_sql(lake, spec, '_committed')}")
        self.session = duckdb_session(self.con)
        self.functions, self.window = F, Window
        self._cached = 0

    def table(self, name: str) -> Frame:
        return self.session.table(table_spec(name).name)

    def to_arrow(self, frame: Frame) -> pa.Table:
        return frame.toArrow()

    def cache(self, frame: Frame) -> Frame:
        """Into a table of the in-memory database (SQLFrame ignores `cache` on DuckDB)."""
        self._cached += 1
        name = f"_cached_{self._cached}"
        self.con.execute(f"CREATE TABLE {name} AS {frame.sql(dialect='duckdb')}")
        return self.session.table(name)

    def close(self) -> None:
        """Close the connection and SQLFrame's session (it keeps one per process)."""
        self.session.stop()


class SparkEngine:
    """PySpark over the same Parquet files (the lake must be on storage Spark can read)."""

    name = "spark"
    functions: Any
    window: Any

    def __init__(self, lake: Lake, master: str) -> None:
        from pyspark.sql import Window
        from pyspark.sql import functions as F  # noqa: N812 - PySpark's own name for it

        self.lake, self.session = lake, spark_session(master)
        self.committed = _committed(lake)
        self.functions, self.window = F, Window

    def table(self, name: str) -> Frame:
        from pyspark.sql.pandas.types import from_arrow_schema

        spec = table_spec(name)
        folder = self.lake.table_dir(spec)
        if next(self.lake.part_files(spec), None) is None:
            schema = from_arrow_schema(spec.lake_schema)
            frame = self.session.createDataFrame([], schema)
            if spec.partition_by:
                frame = frame.withColumn(PARTITION, self.functions.lit(None).cast("date"))
            return frame
        frame = self.session.read.option("pathGlobFilter", "part-*.parquet").parquet(str(folder))
        return frame.where(self.functions.col(INGEST_ID).isin(self.committed))

    def to_arrow(self, frame: Frame) -> pa.Table:
        return frame.toArrow()

    def cache(self, frame: Frame) -> Frame:
        return frame.cache()

    def close(self) -> None:
        """Nothing: the Spark session is the process's, shared."""


def open_engine(lake_dir: Path, settings: Settings) -> Engine:
    """The engine the settings name, over the lake at `lake_dir`."""
    lake = Lake.at(lake_dir)
    if settings.engine == "spark":
        return SparkEngine(lake, settings.spark_master)
    return DuckDBEngine(lake)


def duckdb_session(con: duckdb.DuckDBPyConnection) -> Any:
    """A SQLFrame session on `con`.

    SQLFrame keeps one session per process and silently keeps its first connection when a
    new one is given; the session is forgotten first, so each engine reads its own tables.
    """
    from sqlframe.base.session import _BaseSession
    from sqlframe.duckdb import DuckDBSession

    _BaseSession._instance = None
    return DuckDBSession(conn=con)
