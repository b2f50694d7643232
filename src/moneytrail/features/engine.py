"""The two engines the feature code runs on: DuckDB through SQLFrame, and Apache Spark.

Feature code is written against the PySpark DataFrame API. Both SQLFrame and PySpark provide
that API, each in its own module, so the code receives the engine's `functions` module and
`Window` class here instead of importing `pyspark.sql` itself. The sessions are the lake's
(`moneytrail.lake.engine.duckdb_session`, `moneytrail.lake.spark.spark_session`); what is
added here is what features need beyond the lake's engines: Arrow tables in, named
intermediate tables, and Spark SQL transpiled for DuckDB.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import sqlglot

from moneytrail.lake.engine import duckdb_session
from moneytrail.lake.spark import spark_session

Frame = Any
"""A DataFrame of either engine (SQLFrame's and PySpark's classes share no base type)."""


@dataclass(frozen=True)
class Engine:
    """A session plus the matching `functions` module and `Window` class."""

    name: str
    session: Any
    fn: Any
    Window: Any

    def read_parquet(self, path: Path | str) -> Frame:
        """A Parquet file or folder as a DataFrame."""
        return self.session.read.parquet(str(path))

    def from_arrow(self, table: pa.Table, name: str) -> Frame:
        """An in-memory Arrow table as a DataFrame (a DuckDB table named `name` on DuckDB)."""
        if self.name == "spark":
            return self.session.createDataFrame(table)
        con = self.session._conn
        con.register("_arrow_in", table)
        try:
            con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM _arrow_in')
        finally:
            con.unregister("_arrow_in")
        return self.session.table(name)

    def query(self, sql: str, name: str) -> Frame:
        """Run a Spark SQL query over named frames (see `register`) into frame `name`.

        The feature stages are written in Spark SQL, run as they are on Spark and
        transpiled by SQLGlot for DuckDB: one text for both engines, and no DataFrame plan
        to build on the way (SQLFrame's plan building cost more than DuckDB's work).
        """
        if self.name == "spark":
            frame = self.session.sql(sql).localCheckpoint()
            frame.createOrReplaceTempView(name)
            return frame
        self.session._conn.execute(f'CREATE OR REPLACE TABLE "{name}" AS {_duckdb_sql(sql)}')
        return self.session.table(name)

    def register(self, frame: Frame, name: str) -> None:
        """Name a frame for `query`: a temporary view of it."""
        if self.name == "spark":
            frame.createOrReplaceTempView(name)
            return
        sql = frame.sql(dialect="duckdb", optimize=False, pretty=False)
        self.session._conn.execute(f'CREATE OR REPLACE VIEW "{name}" AS {sql}')

    def materialize(self, frame: Frame, name: str) -> Frame:
        """Compute a frame once and reuse it: a DuckDB table, or a cached Spark frame.

        Keeps query plans short, so that later steps neither recompute it nor confuse
        SQLFrame's column resolution on self-joins.
        """
        if self.name == "spark":
            frame = frame.localCheckpoint()
            frame.createOrReplaceTempView(name)
            return frame
        sql = frame.sql(dialect="duckdb", optimize=False, pretty=False)
        self.session._conn.execute(f'CREATE OR REPLACE TABLE "{name}" AS {sql}')
        return self.session.table(name)


def duckdb_engine(con: duckdb.DuckDBPyConnection | None = None) -> Engine:
    """The embedded engine: SQLFrame translating DataFrame code to DuckDB SQL."""
    from sqlframe.duckdb import Window
    from sqlframe.duckdb import functions as fn

    conn = con if con is not None else duckdb.connect()
    conn.execute("SET TimeZone = 'UTC'")
    return Engine("duckdb", duckdb_session(conn), fn, Window)


def spark_engine(cores: int = 2) -> Engine:
    """The process's Spark session, local with `cores` cores if none is running yet."""
    from pyspark.sql import Window
    from pyspark.sql import functions as fn

    return Engine("spark", spark_session(f"local[{cores}]"), fn, Window)


def to_arrow(frame: Frame) -> pa.Table:
    """Collect a DataFrame of either engine into an Arrow table."""
    table: pa.Table = frame.toArrow()
    return table


@lru_cache(maxsize=64)
def _duckdb_sql(spark_sql: str) -> str:
    """A Spark SQL query in DuckDB's dialect (the stage texts repeat, so they are kept)."""
    return str(sqlglot.transpile(spark_sql, read="spark", write="duckdb")[0])
