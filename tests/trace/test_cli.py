"""`moneytrail trace` on a Parquet file: JSON last line, Rich text, exports, bad seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from moneytrail.cli import trace_cmd
from tests.graph.tables import transfers

ROWS = [("A", "B", 1, 100), ("C", "B", 2, 100), ("B", "D", 3, 150)]


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("MONEYTRAIL_TOKEN_SECRET", "test-key")
    app = typer.Typer()
    app.command("trace")(trace_cmd.trace)
    app.command("noop")(lambda: None)  # two commands, so that "trace" is a subcommand
    return app


@pytest.fixture
def parquet(tmp_path: Path) -> Path:
    path = tmp_path / "transfers.parquet"
    pq.write_table(transfers(ROWS), path)
    return path


def test_json_last_line_and_exports(app: typer.Typer, parquet: Path, tmp_path: Path) -> None:
    args = ["trace", "--transfers", str(parquet), "--seed", "A", "--seed", "nobody", "--json"]
    args += [
        "--policy",
        "fifo",
        "--ftm",
        str(tmp_path / "t.jsonl"),
        "--gexf",
        str(tmp_path / "t.gexf"),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output.strip().splitlines()[-1])
    assert data["totals"]["transactions"] == 2
    assert data["bad_seeds"][0]["given"] == "nobody"
    assert {e["dst"]: e["attributed"] for e in data["edges"]} == {"B": 100.0, "D": 100.0}
    assert (tmp_path / "t.jsonl").read_text().count("\n") == 2
    assert (tmp_path / "t.gexf").exists()


def test_rich_output_and_no_valid_seed_exits_1(app: typer.Typer, parquet: Path) -> None:
    result = CliRunner().invoke(app, ["trace", "--transfers", str(parquet), "--seed", "nobody"])
    assert result.exit_code == 1
    assert "seed not traced" in result.output
    assert "totals" in result.output


def test_bad_rate_is_a_user_error(app: typer.Typer, parquet: Path) -> None:
    args = ["trace", "--transfers", str(parquet), "--seed", "A", "--rate", "USD"]
    result = CliRunner().invoke(app, args)
    assert "CUR=RATE" in str(result.exception)
