"""The README documents every setting and every top-level command."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from moneytrail.cli.main import app
from moneytrail.settings import ENV_PREFIX, FIELDS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


@pytest.mark.parametrize("field", FIELDS)
def test_every_setting_is_documented(field: str) -> None:
    assert f"`{ENV_PREFIX}{field.upper()}`" in README


def test_every_top_level_command_is_documented() -> None:
    group = typer.main.get_group(app)
    for name in group.list_commands(typer.Context(group)):
        assert f"moneytrail {name}" in README, name


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    commands = [
        line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))
    ]
    assert commands == ["make test"]
    assert "make test" in README
