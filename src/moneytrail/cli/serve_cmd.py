"""`moneytrail serve`: the API (under /v1, OpenAPI at /docs) and the web UI."""

from __future__ import annotations

from pathlib import Path

import typer

from moneytrail.cli.app import state_of


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
    import uvicorn  # the web stack loads only when serving

    from moneytrail.web.app import create_app

    settings = state_of(ctx).settings()
    app = create_app(settings, transfers=transfers, demo=demo)
    uvicorn.run(app, host=host, port=port, log_level=settings.log_level.lower())
