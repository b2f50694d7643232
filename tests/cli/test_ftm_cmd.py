"""`moneytrail ftm validate`: counts per schema, each invalid line by number, exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from moneytrail.cli import ftm_cmd
from moneytrail.model.ftm import export_records, write_jsonl
from tests.model.test_ftm import EXAMPLES


@pytest.fixture
def cli() -> typer.Typer:
    """A root app holding only the ftm group, as main.py registers it."""
    root = typer.Typer()
    root.add_typer(ftm_cmd.app, name="ftm")
    return root


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.jsonl"
    write_jsonl(export_records(EXAMPLES), path)
    return path


@pytest.fixture
def mixed(good: Path) -> Path:
    lines = good.read_text(encoding="utf-8").splitlines()
    path = good.with_name("mixed.jsonl")
    bad = ['{"id": "p1", "schema": "Person"', "", '{"id": "x", "schema": "Spaceship"}']
    path.write_text("\n".join([lines[0], *bad, *lines[1:]]) + "\n", encoding="utf-8")
    return path


def test_a_valid_file_passes_with_counts_per_schema(cli: typer.Typer, good: Path) -> None:
    result = CliRunner().invoke(cli, ["ftm", "validate", str(good)])
    assert result.exit_code == 0, result.output
    assert "Person" in result.output
    assert "6 valid entities, 0 invalid lines" in result.output


def test_invalid_lines_are_named_and_fail(cli: typer.Typer, mixed: Path) -> None:
    result = CliRunner().invoke(cli, ["ftm", "validate", str(mixed)])
    assert result.exit_code == 1
    assert "line 2: invalid JSON" in result.output
    assert "line 4: unknown schema 'Spaceship'" in result.output
    assert "6 valid entities, 2 invalid lines" in result.output


def test_json_ends_with_one_object(cli: typer.Typer, mixed: Path) -> None:
    result = CliRunner().invoke(cli, ["ftm", "validate", str(mixed), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["valid"] is False
    assert report["entities"] == 6
    assert report["schemas"]["Ownership"] == 1
    assert [bad["line"] for bad in report["invalid"]] == [2, 4]


def test_an_empty_file_is_valid(cli: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ftm", "validate", str(path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["entities"] == 0


def test_a_missing_file_is_a_usage_error(cli: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ftm", "validate", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
