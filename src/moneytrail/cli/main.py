"""Entry point of the `moneytrail` command: registers every command group on the app."""

from __future__ import annotations

import sys

from rich.console import Console

from moneytrail.cli import ftm_cmd, id_cmd, settings_cmd
from moneytrail.cli.app import app as app
from moneytrail.errors import MoneytrailError

app.add_typer(id_cmd.app, name="id")
app.add_typer(settings_cmd.app, name="settings")
app.add_typer(ftm_cmd.app, name="ftm")


def main() -> None:
    """Run the app; a user error prints one clear line and exits 2."""
    try:
        app()
    except MoneytrailError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(2)
