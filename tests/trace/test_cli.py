"""`moneytrail trace` on a Parquet file: JSON last line, Rich text, exports, bad seeds."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from moneytrail.cli import trace_cmd
from tests.graph.tables import transfers
from tests.trace.spark_counts import cli_json, count_collects

START = datetime(2024, 3, 1, tzinfo=UTC)
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


def test_trace_over_a_lake_reads_only_committed_rows(app: typer.Typer, tmp_path: Path) -> None:
    from moneytrail.lake.land import LandOptions, land
    from moneytrail.lake.layout import part_name
    from moneytrail.lake.read import committed_table
    from moneytrail.model.ids.base import Tokenizer
    from tests.lake.files import amlworld_csv

    lake = tmp_path / "lake"
    land([amlworld_csv(tmp_path / "a_Trans.csv", 40)], lake, LandOptions(Tokenizer(b"k")))
    landed = committed_table(lake, "transfers")
    assert landed.num_rows == 40
    stray = next((lake / "tables" / "transfers").rglob("*.parquet"))
    unfinished = pq.read_table(stray).slice(0, 1)
    ingest = unfinished.schema.get_field_index("ingest_id")
    unfinished = unfinished.set_column(ingest, "ingest_id", pa.array(["0" * 16], pa.string()))
    pq.write_table(unfinished, stray.with_name(part_name("0" * 16, 0)))
    assert committed_table(lake, "transfers").num_rows == 40
    seed = landed.column("src_instrument")[0].as_py()
    result = CliRunner().invoke(app, ["trace", "--lake", str(lake), "--seed", seed, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["seeds"][0]["instrument"] == seed


def test_lake_or_transfers_exactly_one(app: typer.Typer, parquet: Path) -> None:
    both = ["trace", "--lake", str(parquet.parent), "--transfers", str(parquet), "--seed", "A"]
    assert CliRunner().invoke(app, both).exit_code != 0
    assert CliRunner().invoke(app, ["trace", "--seed", "A"]).exit_code != 0


def test_seed_money_received_is_passed_on_by_policy(app: typer.Typer, parquet: Path) -> None:
    args = ["trace", "--transfers", str(parquet), "--seed", "B", "--json"]
    sent = CliRunner().invoke(app, args)
    received = CliRunner().invoke(app, [*args, "--seed-money", "received"])
    assert sent.exit_code == received.exit_code == 0, sent.output + received.output
    out = json.loads(sent.output.strip().splitlines()[-1])["totals"]
    into = json.loads(received.output.strip().splitlines()[-1])["totals"]
    assert out["entered"] == 150
    assert into["entered"] == 200


def _chain_lake(tmp_path: Path, rows: int, groups: int = 1) -> Path:
    """A lake of AMLworld-format payments among 24 accounts of one bank over two days, so
    that money goes on for several hops and every account is a hub of ~rows/12 edges; with
    `groups`, the accounts form that many groups that never pay each other."""
    from moneytrail.ingest.readers.amlworld import HEADER
    from moneytrail.lake.land import LandOptions, land
    from moneytrail.model.ids.base import Tokenizer

    rng = np.random.default_rng(5)
    lines = [HEADER]
    for n in range(rows):
        src, dst = rng.choice(24 // groups, 2, replace=False) + (n % groups) * (24 // groups)
        hour, minute = divmod(int(rng.integers(0, 48 * 60)), 60)
        when = f"2022/09/{1 + hour // 24:02d} {hour % 24:02d}:{minute:02d}"
        amount = f"{int(rng.integers(1, 500))}.{n % 100:02d}"
        money = f"{amount},US Dollar,{amount},US Dollar,ACH,0"
        lines.append(f"{when},001,{src:08X},001,{dst:08X},{money}")
    csv = tmp_path / "chain_Trans.csv"
    csv.write_text("\n".join(lines) + "\n")
    lake = tmp_path / "lake"
    land([csv], lake, LandOptions(Tokenizer(b"k")))
    return lake


def test_spark_engine_gives_the_kernels_json(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`MONEYTRAIL_ENGINE=spark`: the lake read and the reach on Spark, the same JSON as the
    CSR kernel's, with hub limits and a node cap that bite, forward and backward."""
    from moneytrail.lake.read import committed_table

    monkeypatch.setenv("MONEYTRAIL_SPARK_MASTER", "local[1]")
    lake = _chain_lake(tmp_path, 240)
    seed = str(committed_table(lake, "transfers").column("src_instrument")[0])
    base = ["trace", "--lake", str(lake), "--seed", seed, "--depth", "3", "--json"]
    base += ["--rows", "1000"]
    asks = [
        ([], ["--hub-limit", "3", "--hub-order", "largest", "--max-nodes", "8"]),
        (["--direction", "backward"], ["--hub-limit", "3", "--hub-order", "earliest"]),
    ]
    for way, limits in asks:
        unlimited = cli_json(app, [*base, *way], "duckdb", monkeypatch)
        ours = cli_json(app, [*base, *way, *limits], "duckdb", monkeypatch)
        theirs = cli_json(app, [*base, *way, *limits], "spark", monkeypatch)
        assert 0 < len(ours["edges"]) < len(unlimited["edges"])
        assert ours["truncated"] == ("--max-nodes" in limits)
        assert theirs == ours


def test_spark_trace_collects_only_the_traced_part(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Spark the driver collects the rows the trace reads (here the seed's group of
    accounts, half the lake), never the whole table, and the JSON is the kernel's."""
    from moneytrail.lake.read import committed_table

    monkeypatch.setenv("MONEYTRAIL_SPARK_MASTER", "local[1]")
    lake = _chain_lake(tmp_path, 240, groups=2)
    table = committed_table(lake, "transfers")
    seed = str(table.column("src_instrument")[0])
    pays = list(zip(table.column("src_instrument"), table.column("dst_instrument"), strict=True))
    group = {seed}
    for _ in range(24):
        group |= {str(x) for s, d in pays if {str(s), str(d)} & group for x in (s, d)}
    own = sum(str(s) in group for s, _ in pays)
    assert 0 < own < table.num_rows
    sizes = count_collects(monkeypatch).sizes
    args = ["trace", "--lake", str(lake), "--seed", seed, "--seed", "nobody", "--json"]
    args += ["--depth", "4", "--rows", "1000", "--policy", "fifo"]
    theirs = cli_json(app, args, "spark", monkeypatch)
    assert max(sizes) == own  # the seed's group's rows, all in the window
    ours = cli_json(app, args, "duckdb", monkeypatch)
    assert theirs == ours
    assert len(ours["edges"]) > 10
    sizes.clear()
    monkeypatch.setenv("MONEYTRAIL_ENGINE", "spark")
    none = CliRunner().invoke(app, ["trace", "--lake", str(lake), "--seed", "nobody"])
    assert none.exit_code == 1, none.output
    assert max(sizes) < own


def _mixed_lake(tmp_path: Path, rows: int) -> Path:
    """A lake of canonical transfers among 16 accounts and an ATM in two currencies, on
    whole hours (many ties), with cash deposits and withdrawals (no instrument on one side),
    and banks' countries and kinds that differ from row to row for the same instrument."""
    from moneytrail.lake.land import LandOptions, land
    from moneytrail.model.ids.base import Tokenizer
    from moneytrail.model.transfers import TRANSFER_SCHEMA

    rng = np.random.default_rng(9)
    names = [f"acc:{i}" for i in range(16)] + ["atm:1"]
    cols: dict[str, list[Any]] = {n: [] for n in TRANSFER_SCHEMA.names}
    for n in range(rows):
        src, dst = (names[i] for i in rng.choice(17, 2, replace=False))
        kinds: list[str | None] = [
            "cash" if x == "atm:1" else str(rng.choice(["account", "external"])) for x in (src, dst)
        ]
        if rng.random() < 0.1:
            src, kinds[0] = None, "cash"  # a cash deposit
        if rng.random() < 0.05:
            dst, kinds[1] = None, None  # to somewhere unnamed
        channel = "atm_cash_out" if dst == "atm:1" else str(rng.choice(["p2p", "bank_transfer"]))
        cols["transfer_id"].append(f"t{n}")
        cols["ts"].append(START + timedelta(hours=int(rng.integers(0, 60))))
        cols["amount_minor"].append(int(rng.integers(100, 50_000)))
        cols["currency"].append(str(rng.choice(["KZT", "USD"])))
        cols["channel"].append(channel)
        cols["src_instrument"].append(src)
        cols["dst_instrument"].append(dst)
        cols["src_instrument_kind"].append(kinds[0])
        cols["dst_instrument_kind"].append(kinds[1])
        cols["src_country"].append(str(rng.choice(["KZ", "KZ", "RU"])))
        cols["dst_country"].append(str(rng.choice(["KZ", "KZ", "AE"])))
        cols["source"].append("test")
    for name in TRANSFER_SCHEMA.names:
        if not cols[name]:
            cols[name] = [None] * rows
    path = tmp_path / "mixed.parquet"
    pq.write_table(pa.table(cols, schema=TRANSFER_SCHEMA), path)
    lake = tmp_path / "mixed-lake"
    land([path], lake, LandOptions(Tokenizer(b"k")))
    return lake


def test_spark_trace_gives_the_kernels_json_with_cash_currencies_and_windows(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parity where the part differs most from the whole: ATMs (stops), cash sides (named
    `source:`/`sink:`), two currencies at rates, tied times, a window, and instruments whose
    kind and country change from row to row (the graph keeps their last row's)."""
    from moneytrail.lake.read import committed_table

    monkeypatch.setenv("MONEYTRAIL_SPARK_MASTER", "local[1]")
    lake = _mixed_lake(tmp_path, 300)
    assert committed_table(lake, "transfers").num_rows == 300
    base = ["trace", "--lake", str(lake), "--seed", "acc:3", "--json", "--rows", "1000"]
    base += ["--rate", "KZT=1", "--rate", "USD=500", "--depth", "3"]
    asks = [
        ["--policy", "haircut", "--from", "2024-03-01T10:00:00", "--to", "2024-03-02T12:00:00"],
        ["--direction", "backward", "--policy", "lifo", "--from", "2024-03-01T20:00:00"],
        ["--policy", "fifo", "--hub-limit", "2", "--hub-order", "largest", "--max-nodes", "6"],
    ]
    for ask in asks:
        ours = cli_json(app, [*base, *ask], "duckdb", monkeypatch)
        theirs = cli_json(app, [*base, *ask], "spark", monkeypatch)
        assert 0 < ours["totals"]["transactions"] < 300
        assert theirs == ours
