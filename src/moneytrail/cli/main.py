"""Entry point of the `moneytrail` command: registers every command group on the app."""

from __future__ import annotations

import sys

from rich.console import Console

from moneytrail.cli import (
    cases_cmd,
    demo_cmd,
    detect_cmd,
    eval_trace,
    ftm_cmd,
    id_cmd,
    ingest_cmd,
    osint_cmd,
    serve_cmd,
    settings_cmd,
    sim_cmd,
    trace_cmd,
)
from moneytrail.cli.app import app as app
from moneytrail.errors import MoneytrailError

app.add_typer(sim_cmd.app, name="sim")
app.add_typer(ingest_cmd.app, name="ingest")
app.add_typer(detect_cmd.detect_app, name="detect")
osint_cmd.eval_app.command("detect")(detect_cmd.eval_detect)
osint_cmd.eval_app.command("trace")(eval_trace.eval_trace)
app.add_typer(id_cmd.app, name="id")
app.add_typer(settings_cmd.app, name="settings")
app.add_typer(ftm_cmd.app, name="ftm")
app.add_typer(osint_cmd.osint_app, name="osint")
app.add_typer(osint_cmd.eval_app, name="eval")
app.add_typer(cases_cmd.cases_app, name="cases")
app.add_typer(cases_cmd.audit_app, name="audit")
app.command("trace")(trace_cmd.trace)
app.add_typer(serve_cmd.serve_app, name="serve")
app.command("demo")(demo_cmd.demo)


def main() -> None:
    """Run the app; a user error prints one clear line and exits 2."""
    try:
        app()
    except MoneytrailError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(2)
