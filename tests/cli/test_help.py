"""Every command and group answers --help."""

from __future__ import annotations

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from moneytrail.cli.main import app


def _paths(group: TyperGroup, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    ctx = typer.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if isinstance(cmd, TyperGroup):
            found.extend(_paths(cmd, (*prefix, name)))
        else:
            found.append((*prefix, name))
    return found


COMMANDS = _paths(typer.main.get_group(app))


def test_there_are_commands_to_check() -> None:
    assert ("id", "check") in COMMANDS
    assert ("version",) in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
