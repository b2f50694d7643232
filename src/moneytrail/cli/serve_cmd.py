"""`moneytrail serve`: the API and web UI; `moneytrail serve decisions`: real-time decisions."""

from __future__ import annotations

from pathlib import Path

import typer

from moneytrail.cli.app import state_of

serve_app = typer.Typer(
    help="Serve the API and the web UI (no subcommand), or the real-time decision service.",
    invoke_without_command=True,
)


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    transfers: Path | None = typer.Option(
        None, "--transfers", help="Parquet file or directory of transfers to trace."
    ),
    demo: bool = typer.Option(
        False, "--demo", help="Seed the demo agencies and users (DEMO ONLY: public passwords)."
    ),
) -> None:
    """Serve the API and the web UI over the cases database of the settings."""
    if ctx.invoked_subcommand is not None:
        return
    import uvicorn  # the web stack loads only when serving

    from moneytrail.web.app import create_app

    settings = state_of(ctx).settings()
    app = create_app(settings, transfers=transfers, demo=demo)
    uvicorn.run(app, host=host, port=port, log_level=settings.log_level.lower())


serve_app.callback()(serve)


@serve_app.command("decisions")
def decisions(
    ctx: typer.Context,
    model_dir: Path = typer.Option(..., "--model", help="A folder of `moneytrail serve train`."),
    known: Path | None = typer.Option(
        None, "--known", help="Parquet (instrument, since) of known shop requisites."
    ),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes sharing the accounts."),
    source: str = typer.Option("http", "--source", help="`http` or `nats` (JetStream)."),
    host: str = typer.Option("127.0.0.1", "--host", help="HTTP address."),
    port: int = typer.Option(8100, "--port", help="HTTP port."),
    state_dir: Path = typer.Option(
        Path("var/decisions"), "--state", help="Decision log, snapshots, quarantine."
    ),
    stream: str = typer.Option("MONEYTRAIL_TX", "--stream", help="JetStream stream name."),
    subject: str = typer.Option("moneytrail.tx", "--subject", help="Subject of transfers."),
    out_subject: str = typer.Option(
        "moneytrail.decisions", "--decisions-subject", help="Subject decisions go to."
    ),
    snapshot_every: int = typer.Option(10_000, "--snapshot-every", help="Transfers per snapshot."),
    idle_exit: float | None = typer.Option(
        None, "--idle-exit", help="With nats: stop after this many idle seconds."
    ),
) -> None:
    """Decide allow / review / block as transfers arrive: POST /v1/decisions, or a stream."""
    from moneytrail.realtime import launch

    settings = state_of(ctx).settings()
    options = launch.Options(model_dir, known, workers, state_dir)
    if source == "nats":
        cfg = launch.stream_config(
            settings.nats_url, (stream, subject, out_subject), state_dir, snapshot_every, idle_exit
        )
        last = launch.run_stream(options, cfg)
        typer.echo(f"stopped at stream sequence {last}")
    elif source == "http":
        launch.run_http(options, host, port, settings.log_level.lower())
    else:
        raise typer.BadParameter("must be http or nats", param_hint="--source")


@serve_app.command("train")
def train(
    dataset: str = typer.Option(
        ..., "--dataset", help="KIND:PATH, KIND one of amlgentex, amlsim, sim."
    ),
    out: Path = typer.Option(Path("models"), "--out", help="Folder for model artefacts."),
    crossfit: bool = typer.Option(
        True,
        "--crossfit/--single-split",
        help="Cross-fitted on all periods, accounts blocked on their 2nd block-level "
        "transfer (default, as `detect train`); or the 60/20/20 temporal split.",
    ),
) -> None:
    """Train the online model version (only features the service computes exactly)."""
    from moneytrail.detect import datasets
    from moneytrail.detect import model as gbm
    from moneytrail.detect.crossfit import summary
    from moneytrail.features.engine import duckdb_engine
    from moneytrail.realtime.online_model import train_online

    model, result = train_online(duckdb_engine(), datasets.load(dataset), crossfit)
    folder = gbm.save(model, out)
    if crossfit:
        typer.echo(f"{folder}  {summary(model)}")
        return
    typer.echo(f"{folder}  test account F1 {result['test']['accounts']['f1']:.3f}")
