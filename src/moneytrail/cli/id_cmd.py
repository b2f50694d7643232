"""`moneytrail id`: name, validate, normalise, mask and tokenize identifiers."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from moneytrail.cli.app import state_of
from moneytrail.model.ids.base import IdKind, IdResult, Tokenizer
from moneytrail.model.ids.registry import check as check_id

app = typer.Typer(help="Identifiers: IIN/BIN, cards, IBAN/BIC, phones, crypto, handles.")


def _show(result: IdResult) -> None:
    table = Table(show_header=False, box=None)
    for key, value in result.to_json().items():
        if key == "details":
            for dkey, dvalue in value.items():
                table.add_row(f"  {dkey}", str(dvalue))
        elif value is not None:
            table.add_row(key, str(value))
    Console().print(table)


@app.command("check")
def check(
    ctx: typer.Context,
    value: str = typer.Argument(..., help="The identifier, as written."),
    kind: IdKind | None = typer.Option(None, "--kind", help="Check as this kind, not detected."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Name the kind of VALUE, say whether it is valid and why; exit 0 if valid, 1 if not."""
    tokenizer = Tokenizer(state_of(ctx).settings().token_key())
    result = check_id(value, kind, tokenizer)
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        _show(result)
    raise typer.Exit(0 if result.valid else 1)
