"""`moneytrail sim`: generate a synthetic world, or report on one.

`moneytrail sim --scale tiny --seed 1 --out DIR [--config FILE] [--json]` writes a world;
`moneytrail sim report DIR [--json] [--plots DIR]` describes one.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from moneytrail.sim.config import load_config
from moneytrail.sim.report import print_report, world_report
from moneytrail.sim.scales import SCALES, Scale
from moneytrail.sim.world import generate

app = typer.Typer(
    invoke_without_command=True,
    add_completion=False,
    help="Synthetic country with drug-finance ground truth: generate a world, or report on one.",
)


@app.callback()
def sim(
    ctx: typer.Context,
    scale: str | None = typer.Option(
        None, "--scale", help=f"One of {', '.join(SCALES)} (default tiny, or the file's)."
    ),
    seed: int = typer.Option(1, "--seed", min=0, help="Random seed: same seed, same bytes."),
    out: Path | None = typer.Option(None, "--out", help="Folder to write the world to."),
    config: Path | None = typer.Option(
        None, "--config", help="YAML or TOML file overriding the scale's parameters."
    ),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object of counts."),
) -> None:
    """Generate a world (without a sub-command)."""
    if ctx.invoked_subcommand is not None:
        return
    if scale is not None and scale not in SCALES:
        raise typer.BadParameter(f"must be one of {', '.join(SCALES)}", param_hint="--scale")
    if out is None:
        raise typer.BadParameter("is required to generate a world", param_hint="--out")
    chosen: Scale | None = next((s for s in SCALES if s == scale), None)
    settings = load_config(chosen, config)  # fails before any work on a bad config
    console = Console(stderr=True)
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=as_json,
    ) as bar:
        task = bar.add_task("building the country", total=settings.days)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        counts = generate(settings, seed, out, progress)
    seconds = round(time.perf_counter() - started, 2)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "seed": seed,
                    "scale": settings.scale,
                    "out": str(out),
                    "seconds": seconds,
                    "counts": counts,
                }
            )
        )
    else:
        console.print(f"wrote {counts['transfers']:,} transfers to {out} in {seconds} s")


@app.command("report")
def report(
    world: Path = typer.Argument(..., help="A folder written by `moneytrail sim`."),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object of figures."),
    plots: Path | None = typer.Option(None, "--plots", help="Write PNG plots to this folder."),
) -> None:
    """Statistics of a world, so that a reader can judge its realism."""
    figures = world_report(world, plots)
    if as_json:
        typer.echo(json.dumps(figures, ensure_ascii=False))
    else:
        print_report(figures, Console())
