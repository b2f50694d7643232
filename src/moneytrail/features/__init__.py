"""Per-account behavioural and graph features, written once as Spark SQL stages.

The same queries run on Apache Spark as they are and on DuckDB transpiled by SQLGlot;
`Engine` carries the session of the one in use.
"""
