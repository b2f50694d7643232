"""The lake: Parquet datasets partitioned by day, a DuckDB catalog, and the engines over them."""
