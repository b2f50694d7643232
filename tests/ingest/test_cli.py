"""`moneytrail ingest`: paths and options in any order, JSON last, exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from moneytrail.cli import ingest_cmd
from tests.lake.files import amlworld_csv


def _root() -> typer.Typer:
    """A root like `moneytrail`'s, with the ingest group registered as main.py does."""
    root = typer.Typer()

    @root.command()
    def version() -> None:
        """Another command, so that the root is a group."""

    root.add_typer(ingest_cmd.app, name="ingest")
    return root


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MONEYTRAIL_TOKEN_SECRET", "test-key")
    monkeypatch.setenv("MONEYTRAIL_DATA_DIR", str(tmp_path / "var"))


def test_json_is_the_last_line_with_counts_per_table(tmp_path: Path) -> None:
    first = amlworld_csv(tmp_path / "a_Trans.csv", 12, bad=(4,))
    second = amlworld_csv(tmp_path / "b_Trans.csv", 3)
    lake = tmp_path / "lake"
    args = ["ingest", str(first), "--lake", str(lake), str(second), "--json"]
    result = CliRunner().invoke(_root(), args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["tables"]["transfers"] == {"read": 15, "landed": 14, "quarantined": 1}
    assert report["files"]["landed"] == 2
    assert report["lake"] == str(lake.resolve())


def test_default_lake_is_in_the_data_dir_and_formats_can_be_forced(tmp_path: Path) -> None:
    source = amlworld_csv(tmp_path / "renamed.txt", 2)
    result = CliRunner().invoke(_root(), ["ingest", "--format", "amlworld", str(source), "--json"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "var" / "lake" / "catalog.duckdb").exists()


def test_a_file_that_cannot_be_read_exits_1_and_says_why(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01")
    result = CliRunner().invoke(_root(), ["ingest", str(junk), "--lake", str(tmp_path / "lake")])
    assert result.exit_code == 1
    assert "no reader recognises this file" in " ".join(result.output.split())  # rich wraps


def test_reader_options_are_key_value(tmp_path: Path) -> None:
    source = amlworld_csv(tmp_path / "a_Trans.csv", 2)
    result = CliRunner().invoke(_root(), ["ingest", str(source), "-o", "nonsense"])
    assert result.exit_code == 2
    assert "KEY=VALUE" in result.output
