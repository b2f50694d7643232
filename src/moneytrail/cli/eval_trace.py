"""`moneytrail eval trace`: traces from each shop's requisites scored against a world's truth."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from moneytrail.errors import MoneytrailError
from moneytrail.trace.params import Policy, SeedMoney, TraceParams


def eval_trace(
    dataset: str = typer.Option(..., "--dataset", help="sim:DIR, a world from `moneytrail sim`."),
    depth: int = typer.Option(10, "--depth", help="Most transfers on a path."),
    policy: Policy = typer.Option(Policy.HAIRCUT, "--policy", help="Amount attribution."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object as the last line."),
) -> None:
    """Path recall (drug money's paths wholly traced) and the share attributed to innocents."""
    from moneytrail.trace.evaluate import evaluate_world

    kind, _, where = dataset.partition(":")
    if kind != "sim" or not where:
        raise MoneytrailError(f"--dataset {dataset!r}: only sim:DIR is known")
    params = TraceParams(depth=depth, policy=policy, seed_money=SeedMoney.RECEIVED)
    report = evaluate_world(Path(where), params)
    if as_json:
        typer.echo(json.dumps(report, sort_keys=True))
        return
    typer.echo(
        f"paths {report['paths']}: recall {report['path_recall']:.3f} "
        f"(by value {report['value_recall']:.3f}); "
        f"innocent share of attributed value {report['innocent_share']:.3f}"
    )
    for end, counts in report["by_end"].items():
        typer.echo(f"  {end:14s} {counts['recovered']}/{counts['paths']}")
    for way, counts in report.get("bridges", {}).items():
        typer.echo(
            f"bridges {way}: {counts['correct']} of {counts['true']} found, "
            f"{counts['found'] - counts['correct']} false"
        )
