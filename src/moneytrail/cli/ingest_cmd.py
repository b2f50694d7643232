"""`moneytrail ingest PATH...`: files and directories into the lake.

Registered as a group whose callback is the command (`app.add_typer(ingest_cmd.app,
name="ingest")`), so that `moneytrail ingest a.csv b.parquet --lake var/lake` works.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from moneytrail.cli.app import state_of
from moneytrail.ingest.readers import READERS
from moneytrail.lake.land import LandOptions, land
from moneytrail.lake.progress import RichProgress
from moneytrail.lake.report import Report
from moneytrail.model.ids.base import Tokenizer

app = typer.Typer(
    context_settings={"allow_interspersed_args": True},
    options_metavar="[OPTIONS]",
    subcommand_metavar="",
)
FORMATS = ", ".join(reader.name for reader in READERS)


def _options(pairs: list[str]) -> dict[str, str]:
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"{pair!r}: expected KEY=VALUE", param_hint="--option")
        options[key.strip()] = value.strip()
    return options


def _show(report: Report, console: Console) -> None:
    table = Table("table", "read", "landed", "quarantined")
    for name, counts in report.tables().items():
        if counts.read:
            table.add_row(
                name, *(f"{n:,}" for n in (counts.read, counts.landed, counts.quarantined))
            )
    console.print(table)
    files = ", ".join(f"{n} {status}" for status, n in report.statuses().items() if n)
    console.print(f"files: {files or 'none'}; lake: {report.lake}")
    for result in report.files:
        if result.status == "failed":
            console.print(f"[red]failed[/red] {result.path}: {result.error}", highlight=False)


@app.callback(invoke_without_command=True)
def ingest(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help="Files or directories to ingest."),
    lake: Path | None = typer.Option(
        None, "--lake", help="Lake directory (default: DATA_DIR/lake)."
    ),
    fmt: str | None = typer.Option(None, "--format", help=f"Read as this format: {FORMATS}."),
    source: str | None = typer.Option(
        None, "--source", help="Source name (default: the format name)."
    ),
    option: list[str] = typer.Option([], "--option", "-o", help="Reader option KEY=VALUE."),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object of counts."),
) -> None:
    """Land files in the lake: each row lands or is quarantined with its reason and line.

    A file is detected by its content unless --format is given; a file already ingested
    (same content) is skipped. Exits 1 when a file could not be read at all.
    """
    settings = state_of(ctx).settings()
    opts = LandOptions(Tokenizer(settings.token_key()), fmt, source, _options(option))
    console = Console(stderr=True)
    with RichProgress(console) as progress:
        report = land(paths, lake or settings.data_dir / "lake", opts, progress)
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        _show(report, Console())
    raise typer.Exit(1 if report.statuses()["failed"] else 0)
