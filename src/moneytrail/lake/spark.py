"""The one Spark session of a process: local mode in tests, a cluster in production.

Spark is started on first use (tens of seconds) and then shared: `getOrCreate` returns the
running session whatever master is asked for later. Times are read and shown in UTC.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

LOCAL_SHUFFLE_PARTITIONS = "8"


def spark_session(master: str) -> SparkSession:
    """The process's Spark session, started against `master` if none is running."""
    from pyspark.sql import SparkSession  # imported here: PySpark is slow to import

    builder = (
        SparkSession.builder.master(master)
        .appName("moneytrail")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "4096")
        .config("spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED")
    )
    if master.startswith("local"):
        builder = builder.config("spark.sql.shuffle.partitions", LOCAL_SHUFFLE_PARTITIONS)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
