"""`moneytrail sim`: generate with --json; a bad config fails before any work; report."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from moneytrail.cli.sim_cmd import app
from moneytrail.errors import ConfigError

RUNNER = CliRunner()


def test_a_bad_config_fails_before_anything_is_written(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("drug:\n  shops: 0\n")
    out = tmp_path / "world"
    result = RUNNER.invoke(app, ["--scale", "tiny", "--out", str(out), "--config", str(config)])
    assert isinstance(result.exception, ConfigError)
    assert "drug.shops: Input should be greater than or equal to 1" in str(result.exception)
    assert not out.exists()


def test_unknown_scale_and_missing_out_are_usage_errors(tmp_path: Path) -> None:
    assert RUNNER.invoke(app, ["--scale", "huge", "--out", str(tmp_path)]).exit_code == 2
    assert RUNNER.invoke(app, ["--scale", "tiny"]).exit_code == 2


def test_generate_prints_counts_as_the_last_json_line(tmp_path: Path) -> None:
    config = tmp_path / "few.toml"
    config.write_text("days = 7\n[content]\nphotos = 0\nnegative_photos = 0\nflights = 1\n")
    out = tmp_path / "world"
    result = RUNNER.invoke(
        app,
        ["--scale", "tiny", "--seed", "3", "--out", str(out), "--config", str(config), "--json"],
    )
    assert result.exit_code == 0, result.output
    last = json.loads(result.output.strip().splitlines()[-1])
    assert last["seed"] == 3
    assert last["counts"]["transfers"] > 1000
    assert (out / "manifest.json").is_file()


def test_report_prints_tables_and_json(world: Path, tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["report", str(world), "--json", "--plots", str(tmp_path)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["drug_share"]["drug_transfers"] > 0
    assert {"exchanger", "cash_out"} <= {row["end_kind"] for row in figures["path_ends"]}
    assert len(list(tmp_path.glob("*.png"))) == 4
    text = RUNNER.invoke(app, ["report", str(world)])
    assert text.exit_code == 0
    assert "Labelled transfers by stage" in text.output


def test_registered_under_a_root_app_as_the_lead_will_register_it(tmp_path: Path) -> None:
    root = typer.Typer()

    @root.callback()
    def main() -> None:
        """The root."""

    root.add_typer(app, name="sim")
    config = tmp_path / "few.yaml"
    config.write_text("days: 7\ncontent: {photos: 0, negative_photos: 0, flights: 1}\n")
    out = tmp_path / "world"
    result = RUNNER.invoke(root, ["sim", "--out", str(out), "--config", str(config), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["scale"] == "tiny"
