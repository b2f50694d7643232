"""`moneytrail serve` builds the web app from the settings and its options and runs uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
import uvicorn
from typer.testing import CliRunner

from moneytrail.cli import serve_cmd
from tests.api.world import SECRET, write_transfers


def test_serve_runs_the_web_app_with_its_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: dict[str, Any] = {}

    def run(app: Any, host: str, port: int, log_level: str) -> None:
        ran.update(app=app, host=host, port=port, level=log_level)

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.setenv("MONEYTRAIL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MONEYTRAIL_TOKEN_SECRET", SECRET)
    cli = typer.Typer()
    cli.command("serve")(serve_cmd.serve)
    cli.command("version")(lambda: None)  # a second command, so that `serve` is a subcommand
    transfers = write_transfers(tmp_path / "t.parquet")
    args = ["serve", "--port", "8123", "--transfers", str(transfers), "--demo"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert (ran["host"], ran["port"]) == ("127.0.0.1", 8123)
    assert ran["app"].state.moneytrail.transfers == transfers
    assert (tmp_path / "cases.sqlite").exists()
