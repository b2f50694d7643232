"""Query helpers of the report: results as plain Python values."""

from __future__ import annotations

from typing import Any

import duckdb


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    """The result of a query as dicts (dates and decimals as strings)."""
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [{n: plain(v) for n, v in zip(names, row, strict=True)} for row in cursor.fetchall()]


def one(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, Any]:
    """The single row of a query."""
    return rows(con, sql)[0]


def plain(value: Any) -> Any:
    """A JSON-ready value."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, float | int | str | bool) or value is None:
        return value
    return str(value)
