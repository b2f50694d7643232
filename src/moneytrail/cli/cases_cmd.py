"""`moneytrail audit` and `moneytrail cases`: verify the audit chain, export checkpoints,
migrate the cases database, seed demo users, export a case, list and revoke API tokens.
Commands that act on cases log in as a user (password and one-time code are prompted)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import typer
from sqlalchemy.orm import Session, sessionmaker

from moneytrail.cases import audit, auth, exports
from moneytrail.cases.access import Principal
from moneytrail.cases.auth import AuthPolicy
from moneytrail.cases.db import make_engine, migrate
from moneytrail.cases.db import open_database as _open
from moneytrail.cases.export_goaml import GoamlOptions
from moneytrail.cases.exports import ExportFormat
from moneytrail.cases.seed import seed_demo
from moneytrail.cases.totp_vault import totp_key
from moneytrail.cli.app import state_of

audit_app = typer.Typer(help="The audit log: verify its hash chain, export checkpoints.")
cases_app = typer.Typer(help="The cases database: migrations, demo data, exports, tokens.")


def _sessions(ctx: typer.Context) -> sessionmaker[Session]:
    settings = state_of(ctx).settings()
    return _open(settings.resolved_database_url(), totp_key=totp_key(settings))


def _policy(ctx: typer.Context) -> AuthPolicy:
    return AuthPolicy(totp_key=totp_key(state_of(ctx).settings()))


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
    settings = state_of(ctx).settings()
    engine = make_engine(settings.resolved_database_url())
    revision = migrate(engine, totp_key(settings))
    engine.dispose()
    typer.echo(f"cases database at revision {revision}")


@cases_app.command("seed-demo")
def seed_demo_cmd(ctx: typer.Context) -> None:
    """Create the demo agencies and one user per role (DEMO ONLY: published passwords)."""
    with _sessions(ctx)() as db:
        created = seed_demo(db, _policy(ctx))
    typer.echo(f"demo users created: {created}")


USER = typer.Option(..., "--user", help="Act as this user (password and code are prompted).")
PASSWORD = typer.Option(..., "--password", prompt=True, hide_input=True, help="The password.")
CODE = typer.Option(..., "--code", prompt="One-time code", help="The current TOTP code.")


@contextmanager
def _acting(ctx: typer.Context, user: str, password: str, code: str) -> Iterator[Acting]:
    """A session on the cases database, logged in as `user` for one command."""
    policy = _policy(ctx)
    with _sessions(ctx)() as db:
        who, token = auth.login(db, user, password, code or None, policy)
        try:
            yield Acting(db, who)
        finally:
            auth.logout(db, token)


@dataclass(frozen=True, slots=True)
class Acting:
    """The database session and the principal a command acts as."""

    db: Session
    who: Principal


def _goaml_options(
    ctx: typer.Context,
    schema: Path | None,
    rentity_id: int | None,
    currency: str,
    indicators: list[str],
) -> GoamlOptions:
    xsd = schema or state_of(ctx).settings().goaml_schema
    if xsd is None:
        hint = "set MONEYTRAIL_GOAML_SCHEMA or pass --schema"
        raise typer.BadParameter(hint, param_hint="--schema")
    if rentity_id is None:
        hint = "a goAML export needs the reporting entity id the FIU assigned"
        raise typer.BadParameter(hint, param_hint="--rentity-id")
    return GoamlOptions(rentity_id, xsd, currency.upper(), tuple(indicators or ("UNUSU",)))


@cases_app.command("export")
def export_cmd(
    ctx: typer.Context,
    case_id: int = typer.Argument(..., help="The case number."),
    fmt: ExportFormat = typer.Option(..., "--format", help="goaml, ftm or pdf."),
    out: Path = typer.Option(..., "--out", help="Where to write the export."),
    user: str = USER,
    password: str = PASSWORD,
    code: str = CODE,
    schema: Path | None = typer.Option(None, "--schema", help="goAML XSD (else the setting)."),
    rentity_id: int | None = typer.Option(None, "--rentity-id", help="goAML reporting entity id."),
    currency: str = typer.Option("KZT", "--currency", help="goAML local currency."),
    indicator: list[str] = typer.Option([], "--indicator", help="goAML report indicator code."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Export a case (need-to-know applies; the export's SHA-256 is audited)."""
    goaml = fmt == ExportFormat.GOAML
    options = _goaml_options(ctx, schema, rentity_id, currency, indicator) if goaml else None
    with _acting(ctx, user, password, code) as acting:
        if options is not None:
            done = exports.export_goaml(acting.db, acting.who, case_id, options)
        elif fmt == ExportFormat.FTM:
            done = exports.export_ftm(acting.db, acting.who, case_id)
        else:
            done = exports.export_pdf(acting.db, acting.who, case_id)
    out.write_bytes(done.content)
    facts = {"case": case_id, "format": fmt.value, "path": str(out), "items": done.items}
    facts |= {"bytes": len(done.content), "sha256": done.sha256}
    told = f"case {case_id} exported to {out}: {fmt.value}, {done.items} items, {done.sha256}"
    typer.echo(json.dumps(facts) if as_json else told)


@cases_app.command("tokens")
def tokens_cmd(
    ctx: typer.Context, user: str = USER, password: str = PASSWORD, code: str = CODE
) -> None:
    """List the API tokens (id, name, agency, role, revoked); never the tokens themselves."""
    with _acting(ctx, user, password, code) as acting:
        for t in auth.list_tokens(acting.db, acting.who):
            state = "revoked" if t.revoked else "active"
            typer.echo(f"{t.id}\t{t.name}\tagency {t.agency_id}\t{t.role}\t{state}")


@cases_app.command("revoke-token")
def revoke_token_cmd(
    ctx: typer.Context,
    token_id: int = typer.Argument(..., help="The token's id (see `moneytrail cases tokens`)."),
    user: str = USER,
    password: str = PASSWORD,
    code: str = CODE,
) -> None:
    """Revoke an API token for good; systems using it are refused from then on (audited)."""
    with _acting(ctx, user, password, code) as acting:
        revoked = auth.revoke_token(acting.db, acting.who, token_id)
    typer.echo(f"API token {token_id} ({revoked.name}) revoked")
