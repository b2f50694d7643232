"""`moneytrail serve` still serves the web app; `moneytrail serve decisions` is its subcommand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from moneytrail.cli.main import app
from moneytrail.detect import model as gbm
from moneytrail.realtime.online_model import TRAINABLE, VERSION
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


def test_serve_train_cross_fits_the_online_model_by_default(
    tmp_path: Path, sim_world: Path
) -> None:
    """`serve train` gives the online model the design that met the held-out block target:
    cross-fitted, accounts blocked on their 2nd block-level transfer, the card saying so."""
    args = ["serve", "train", "--dataset", f"sim:{sim_world}", "--out", str(tmp_path)]
    result = CliRunner().invoke(app, args, env={"MONEYTRAIL_TOKEN_SECRET": SECRET})
    assert result.exit_code == 0, result.output
    assert "cross-fitted on 5 folds" in result.output
    (folder,) = tmp_path.iterdir()
    model = gbm.load(folder)
    assert model.version == VERSION
    assert model.features == list(TRAINABLE)
    assert model.thresholds.block_hits == 2
    assert model.metrics["design"] == "crossfit"
    assert model.thresholds.review <= model.thresholds.block
