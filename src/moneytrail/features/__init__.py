"""Per-account behavioural and graph features, written once against the PySpark DataFrame API.

The same functions run on DuckDB (through SQLFrame) and on Apache Spark; `Engine` carries the
session and the functions module of the one in use.
"""
