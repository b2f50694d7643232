"""`moneytrail ftm`: FollowTheMoney entity files, as Aleph and OpenSanctions exchange them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import typer

from moneytrail.model.ftm_io import LineCheck, check_jsonl

app = typer.Typer(help="FollowTheMoney entity files: validate.", no_args_is_help=True)


def _report(path: Path, counts: Counter[str], invalid: list[LineCheck]) -> dict[str, Any]:
    return {
        "file": str(path),
        "valid": not invalid,
        "entities": sum(counts.values()),
        "schemas": dict(sorted(counts.items())),
        "invalid": [{"line": c.line, "errors": list(c.errors)} for c in invalid],
    }


def _echo(report: dict[str, Any]) -> None:
    for schema, count in report["schemas"].items():
        typer.echo(f"{schema:<24}{count:>10}")
    for bad in report["invalid"]:
        typer.echo(f"line {bad['line']}: {'; '.join(bad['errors'])}")
    lines = len(report["invalid"])
    typer.echo(f"{report['entities']} valid entities, {lines} invalid lines in {report['file']}")


@app.command("validate")
def validate(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, readable=True, help="FtM JSON lines, one entity each."
    ),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object."),
) -> None:
    """Check each line of FILE against the FtM model; count entities per schema, name each
    invalid line and why; exit 0 if all are valid, 1 if not."""
    counts: Counter[str] = Counter()
    invalid: list[LineCheck] = []
    for check in check_jsonl(file):
        if check.errors:
            invalid.append(check)
        else:
            counts[str(check.schema)] += 1
    report = _report(file, counts, invalid)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False))
    else:
        _echo(report)
    raise typer.Exit(1 if invalid else 0)
