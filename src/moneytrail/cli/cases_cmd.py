"""`moneytrail audit` and `moneytrail cases`: verify the audit chain, export checkpoints,
migrate the cases database, seed demo users."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from sqlalchemy.orm import Session, sessionmaker

from moneytrail.cases import audit
from moneytrail.cases.db import make_engine, migrate
from moneytrail.cases.db import open_database as _open
from moneytrail.cases.seed import seed_demo
from moneytrail.cli.app import state_of

audit_app = typer.Typer(help="The audit log: verify its hash chain, export checkpoints.")
cases_app = typer.Typer(help="The cases database: migrations and demo data.")


def _sessions(ctx: typer.Context) -> sessionmaker[Session]:
    return _open(state_of(ctx).settings().resolved_database_url())


@audit_app.command("verify")
def verify(
    ctx: typer.Context,
    anchors: Path | None = typer.Option(
        None, "--anchors", help="JSON lines of exported checkpoints the chain must still match."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Walk the audit chain (read-only); exit 0 if intact, 1 naming the first bad entry."""
    found = audit.parse_anchors(anchors.read_text().splitlines()) if anchors else []
    with _sessions(ctx)() as db:
        report = audit.verify(db, found)
    if as_json:
        typer.echo(json.dumps(report.to_json()))
    elif report.problem is None:
        typer.echo(f"audit chain intact: {report.entries} entries, head {report.head_hash}")
    else:
        typer.echo(f"audit chain BROKEN at entry {report.problem.seq}: {report.problem.what}")
    raise typer.Exit(0 if report.ok else 1)


@audit_app.command("checkpoint")
def checkpoint(
    ctx: typer.Context,
    append: Path | None = typer.Option(
        None, "--append", help="Also append the checkpoint to this JSON-lines file."
    ),
) -> None:
    """Print the chain's head (sequence number and hash) as one JSON line, for anchoring."""
    with _sessions(ctx)() as db:
        line = json.dumps(audit.checkpoint(db))
    if append is not None:
        with append.open("a") as fh:
            fh.write(line + "\n")
    typer.echo(line)


@cases_app.command("migrate")
def migrate_cmd(ctx: typer.Context) -> None:
    """Upgrade the cases database to the newest schema shipped with moneytrail."""
    url = state_of(ctx).settings().resolved_database_url()
    engine = make_engine(url)
    revision = migrate(engine)
    engine.dispose()
    typer.echo(f"cases database at revision {revision}")


@cases_app.command("seed-demo")
def seed_demo_cmd(ctx: typer.Context) -> None:
    """Create the demo agencies and one user per role (DEMO ONLY: published passwords)."""
    with _sessions(ctx)() as db:
        created = seed_demo(db)
    typer.echo(f"demo users created: {created}")
