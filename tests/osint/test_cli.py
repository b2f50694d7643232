"""`moneytrail osint scan|train` and `moneytrail eval osint`, on the sub-apps as registered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from moneytrail.cli.app import app as root
from moneytrail.cli.osint_cmd import eval_app, osint_app


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    """The root app with the osint groups added as cli/main.py adds them."""
    app = typer.Typer()
    app.registered_callback = root.registered_callback
    app.add_typer(osint_app, name="osint")
    app.add_typer(eval_app, name="eval")
    return app


def test_scan_json(cli: typer.Typer, tmp_path: Path) -> None:
    text = tmp_path / "ad.txt"
    text.write_text(
        "мeф, шишки | закладки магнит\nоператор @snow_op\nКарта актуальна только сегодня"
    )
    env = {"MONEYTRAIL_DATA_DIR": str(tmp_path / "var")}
    result = CliRunner().invoke(cli, ["osint", "scan", str(text), "--json"], env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ads"] == 1
    assert data["results"][0]["found"][0]["value"] == "snow_op"


def test_eval_refuses_the_training_seed(cli: typer.Typer, tmp_path: Path) -> None:
    args = ["eval", "osint", "--dataset", str(tmp_path / "d"), "--seed", "1101", "--no-photos"]
    result = CliRunner().invoke(cli, args, env={"MONEYTRAIL_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 2
    assert "training seed" in result.output


def test_eval_text_metrics(cli: typer.Typer, corpus: Path, tmp_path: Path) -> None:
    args = ["eval", "osint", "--dataset", str(corpus), "--no-photos", "--json"]
    result = CliRunner().invoke(cli, args, env={"MONEYTRAIL_DATA_DIR": str(tmp_path)})
    data = json.loads(result.output)
    assert data["requisite_precision"] >= 0.99
    assert data["requisite_recall"] >= 0.95
    assert data["ad_f1_obfuscated"] >= 0.95
    assert result.exit_code == 0
