"""The root Typer app and the state every command shares."""

from __future__ import annotations

from pathlib import Path

import typer

from moneytrail import __version__
from moneytrail.settings import Settings, load_settings

app = typer.Typer(
    name="moneytrail",
    help="Financial intelligence against drug trafficking.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class State:
    """Options shared by every command; settings are loaded on first use."""

    def __init__(self, config: Path | None) -> None:
        self.config = config
        self._settings: Settings | None = None

    def settings(self) -> Settings:
        """The settings in force."""
        if self._settings is None:
            self._settings = load_settings(config=self.config)
        return self._settings


def state_of(ctx: typer.Context) -> State:
    """The shared state of a command's context."""
    state = ctx.find_root().obj
    if not isinstance(state, State):
        state = State(None)
        ctx.find_root().obj = state
    return state


@app.callback()
def root(
    ctx: typer.Context,
    config: Path | None = typer.Option(
        None, "--config", help="TOML settings file (else $MONEYTRAIL_CONFIG)."
    ),
) -> None:
    """moneytrail: find droppers, follow the money, coordinate freezes."""
    ctx.obj = State(config)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)
