"""`moneytrail settings`: show the settings in force."""

from __future__ import annotations

import json

import typer

from moneytrail.cli.app import state_of

app = typer.Typer(help="Inspect settings.", no_args_is_help=True)


@app.command("show")
def show(ctx: typer.Context) -> None:
    """Print the settings in force as JSON (secrets hidden)."""
    data = state_of(ctx).settings().model_dump(mode="json")
    if data.get("token_secret"):
        data["token_secret"] = "**********"
    typer.echo(json.dumps(data, indent=2, sort_keys=True))
