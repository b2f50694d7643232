"""`moneytrail demo --no-serve` runs the whole loop on a tiny world; a rerun redoes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from typer.testing import CliRunner

from moneytrail.cli.main import app


@pytest.mark.slow
def test_demo_without_serving(tmp_path: Path) -> None:
    env = {"MONEYTRAIL_TOKEN_SECRET": "demo-test-key"}
    args = ["demo", "--dir", str(tmp_path), "--scale", "tiny", "--seed", "3", "--no-serve"]
    first = CliRunner().invoke(app, args, env=env)
    assert first.exit_code == 0, first.output
    assert (tmp_path / "world" / "manifest.json").exists()
    transfers = ds.dataset(tmp_path / "lake" / "tables" / "transfers").to_table()
    assert transfers.num_rows > 1000
    instruments = set(transfers.column("src_instrument").drop_null().to_pylist())
    assert not any(i.isdigit() for i in instruments), "a clear card number reached the lake"
    with sqlite3.connect(tmp_path / "cases.sqlite") as db:
        (users,) = db.execute("select count(*) from app_user").fetchone()
        (cases,) = db.execute("select count(*) from case_file").fetchone()
        (evidence,) = db.execute("select count(*) from evidence").fetchone()
        freezes = db.execute("select state, target_token, target_masked from freeze").fetchall()
        alerts = db.execute(
            "select action, status, dst_instrument, dst_shown from decision"
        ).fetchall()
    assert (users, cases, evidence) == (7, 1, 2)
    assert alerts, "detection put review and block decisions in the alerts queue"
    assert {action for action, *_ in alerts} <= {"review", "block"}
    assert not any(end and end.isdigit() for *_, end, _ in alerts), "a clear card number stored"
    assert freezes, "the example case asks for the trace's sinks to be frozen"
    for state, token, masked in freezes:
        assert state == "sanctioned"
        assert token in instruments | set(transfers.column("dst_instrument").to_pylist())
        assert "*" in masked
    said = " ".join(first.output.split())  # Rich wraps lines at the terminal width
    assert "demo.prosecutor" in said
    assert "ads in" in said
    second = CliRunner().invoke(app, args, env=env)
    assert second.exit_code == 0, second.output
    said_again = " ".join(second.output.split())
    assert "nothing new (already ingested)" in said_again
    assert "0 demo users created" in said_again
    assert "example case 1 opened" in said
    assert "opened" not in said_again
    assert f"alerts queued 0 (before {len(alerts)})" in said_again
