"""The two engines the feature code runs on: DuckDB (with SQLFrame frames) and Apache Spark.

The feature stages are Spark SQL queries over named frames: Spark runs them as they are, and
SQLGlot transpiles them for DuckDB, so both engines read one text. Frames in and out are
DataFrames of the engine in use (SQLFrame's on DuckDB, PySpark's on Spark). The sessions
are the lake's (`moneytrail.lake.engine.duckdb_session`, `moneytrail.lake.spark.spark_session`);
what is added here is what features need beyond the lake's engines: Arrow tables in, frames
named for SQL, and stages stored as DuckDB tables or checkpointed Spark frames.
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
    """A session and the name of its engine (`duckdb` or `spark`)."""

    name: str
    session: Any

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

    def view(self, sql: str, name: str) -> Frame:
        """Like `query`, but not stored: computed inside the queries that read it.

        For the last stages, whose wide rows are written once, into the result.
        """
        if self.name == "spark":
            frame = self.session.sql(sql)
            frame.createOrReplaceTempView(name)
            return frame
        self.session._conn.execute(f'CREATE OR REPLACE VIEW "{name}" AS {_duckdb_sql(sql)}')
        return self.session.table(name)

    def register(self, frame: Frame, name: str) -> None:
        """Name a frame for `query`: a temporary view of it."""
        if self.name == "spark":
            frame.createOrReplaceTempView(name)
            return
        sql = frame.sql(dialect="duckdb", optimize=False, pretty=False)
        self.session._conn.execute(f'CREATE OR REPLACE VIEW "{name}" AS {sql}')


def duckdb_engine(con: duckdb.DuckDBPyConnection | None = None) -> Engine:
    """The embedded engine: DuckDB on `con` (a new in-memory database if none), in UTC."""
    conn = con if con is not None else duckdb.connect()
    conn.execute("SET TimeZone = 'UTC'")
    return Engine("duckdb", duckdb_session(conn))


def spark_engine(cores: int = 2) -> Engine:
    """The process's Spark session, local with `cores` cores if none is running yet."""
    return Engine("spark", spark_session(f"local[{cores}]"))


def to_arrow(frame: Frame) -> pa.Table:
    """Collect a DataFrame of either engine into an Arrow table."""
    table: pa.Table = frame.toArrow()
    return table


@lru_cache(maxsize=64)
def _duckdb_sql(spark_sql: str) -> str:
    """A Spark SQL query in DuckDB's dialect (the stage texts repeat, so they are kept)."""
    return str(sqlglot.transpile(spark_sql, read="spark", write="duckdb")[0])
