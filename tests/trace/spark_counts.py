"""Helpers of the Spark trace tests: what reaches the driver, and a CLI trace's JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pytest
import typer
from typer.testing import CliRunner


@dataclass
class Collected:
    """Every Arrow table and row list Spark handed to the driver, and their sizes."""

    tables: list[pa.Table] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)


def count_collects(mp: pytest.MonkeyPatch) -> Collected:
    """Count from now on every `toArrow` and `collect` of a Spark DataFrame."""
    from pyspark.sql.classic.dataframe import DataFrame

    seen = Collected()
    to_arrow, collect = DataFrame.toArrow, DataFrame.collect

    def counted_arrow(frame: DataFrame) -> pa.Table:
        out = to_arrow(frame)
        seen.tables.append(out)
        seen.sizes.append(out.num_rows)
        return out

    def counted_rows(frame: DataFrame) -> list[Any]:
        out = collect(frame)
        seen.sizes.append(len(out))
        return out

    mp.setattr(DataFrame, "toArrow", counted_arrow)
    mp.setattr(DataFrame, "collect", counted_rows)
    return seen


def cli_json(app: typer.Typer, args: list[str], engine: str, mp: pytest.MonkeyPatch) -> Any:
    """The last line of a command's output, as JSON, run on the given engine."""
    mp.setenv("MONEYTRAIL_ENGINE", engine)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output.strip().splitlines()[-1])
