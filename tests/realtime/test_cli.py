"""`moneytrail serve` still serves the web app; `moneytrail serve decisions` is its subcommand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from moneytrail.cli.main import app
from tests.api.world import SECRET


def test_serve_without_subcommand_runs_the_web_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: dict[str, Any] = {}

    def run(app: Any, host: str, port: int, log_level: str) -> None:
        ran.update(app=app, host=host, port=port, level=log_level)

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.setenv("MONEYTRAIL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MONEYTRAIL_TOKEN_SECRET", SECRET)
    result = CliRunner().invoke(app, ["serve", "--port", "8124"])
    assert result.exit_code == 0, result.output
    assert ran["port"] == 8124
    assert ran["app"].title != "moneytrail decisions"


def test_serve_decisions_runs_the_decision_app(
    online_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: dict[str, Any] = {}

    def run(app: Any, host: str, port: int, log_level: str) -> None:
        ran.update(app=app, host=host, port=port, level=log_level)

    monkeypatch.setattr(uvicorn, "run", run)
    args = ["serve", "decisions", "--model", str(online_model), "--state", str(tmp_path)]
    result = CliRunner().invoke(app, [*args, "--port", "8125"])
    assert result.exit_code == 0, result.output
    assert (ran["port"], ran["app"].title) == (8125, "moneytrail decisions")


def test_serve_decisions_refuses_a_batch_only_model(tmp_path: Path, online_model: Path) -> None:
    card = (online_model / "card.json").read_text()
    batch_only = tmp_path / "batch-only"
    batch_only.mkdir()
    for name in ("model.txt", "calibration.json"):
        (batch_only / name).write_bytes((online_model / name).read_bytes())
    (batch_only / "card.json").write_text(card.replace('"src_amount_ratio"', '"src_shared_iin"'))
    args = ["serve", "decisions", "--model", str(batch_only), "--state", str(tmp_path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0
    assert "src_shared_iin" in str(result.exception)
