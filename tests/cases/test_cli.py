"""`moneytrail audit verify|checkpoint` and `moneytrail cases migrate|seed-demo`."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pyotp
import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner, Result

from moneytrail.cases import auth, cases, evidence
from moneytrail.cases.access import Role
from moneytrail.cases.auth import principal_of
from moneytrail.cases.db import head_revision, make_engine, open_database
from moneytrail.cases.errors import AccessDenied, AuthError
from moneytrail.cases.models import User
from moneytrail.cases.seed import DEMO_TOTP_SECRET, demo_password
from moneytrail.cases.totp_vault import totp_key
from moneytrail.cli.app import app as root
from moneytrail.cli.cases_cmd import audit_app, cases_app
from moneytrail.settings import load_settings
from tests.cases.test_exports import pdf_text


@pytest.fixture
def app() -> typer.Typer:
    """The root app with the two groups, registered as cli/main.py registers them."""
    app = typer.Typer()
    app.registered_callback = root.registered_callback
    app.add_typer(audit_app, name="audit")
    app.add_typer(cases_app, name="cases")
    return app


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"MONEYTRAIL_DATA_DIR": str(tmp_path), "MONEYTRAIL_TOKEN_SECRET": "k"}


def _run(app: typer.Typer, env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.output.strip().splitlines()[-1]


def test_verify_checkpoint_and_tampering(
    app: typer.Typer, env: dict[str, str], tmp_path: Path
) -> None:
    head = head_revision(make_engine("sqlite://"))
    assert _run(app, env, "cases", "migrate") == (0, f"cases database at revision {head}")
    assert _run(app, env, "cases", "seed-demo") == (0, "demo users created: 7")
    anchors = tmp_path / "anchors.jsonl"
    code, line = _run(app, env, "audit", "checkpoint", "--append", str(anchors))
    assert code == 0
    assert json.loads(line)["seq"] == 1
    code, line = _run(app, env, "audit", "verify", "--json", "--anchors", str(anchors))
    assert (code, json.loads(line)["ok"]) == (0, True)
    with sqlite3.connect(tmp_path / "cases.sqlite") as conn:
        conn.execute("UPDATE audit_entry SET outcome = 'denied' WHERE seq = 1")
    code, line = _run(app, env, "audit", "verify")
    assert code == 1
    assert line.startswith("audit chain BROKEN at entry 1: content changed")


def _as_demo(app: typer.Typer, env: dict[str, str], user: str, *args: str) -> Result:
    answers = f"{demo_password(user)}\n{pyotp.TOTP(DEMO_TOTP_SECRET).now()}\n"
    return CliRunner().invoke(app, [*args, "--user", user], env=env, input=answers)


def _case_with_evidence(env: dict[str, str]) -> tuple[int, str]:
    settings = load_settings(environ=env)
    factory = open_database(settings.resolved_database_url(), totp_key=totp_key(settings))
    with factory() as db:
        who = principal_of(db, db.scalars(select(User).where(User.username == INV)).one())
        case = cases.create_case(db, who, "cli export")
        prov = evidence.Provenance("scan", "letter 1", datetime(2026, 11, 1))
        item = evidence.add_evidence(
            db, who, case.id, evidence.EvidenceKind.DOCUMENT, "letter", b"text", prov, "text/plain"
        )
        return case.id, item.content_hash


INV = "demo.investigator"


def test_export_a_case_as_a_logged_in_user(
    app: typer.Typer, env: dict[str, str], tmp_path: Path
) -> None:
    assert _run(app, env, "cases", "seed-demo") == (0, "demo users created: 7")
    case_id, digest = _case_with_evidence(env)
    out = tmp_path / "case.pdf"
    args = ("cases", "export", str(case_id), "--format", "pdf", "--out", str(out), "--json")
    result = _as_demo(app, env, INV, *args)
    assert result.exit_code == 0, result.output
    facts = json.loads(result.output.strip().splitlines()[-1])
    assert facts["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert (facts["format"], facts["items"]) == ("pdf", 1)
    refused = _as_demo(app, env, "demo.partner", *args)
    assert isinstance(refused.exception, AccessDenied)
    no_schema = _as_demo(app, env, INV, "cases", "export", str(case_id), "--format", "goaml",
                         "--out", str(tmp_path / "c.xml"))  # fmt: skip
    assert no_schema.exit_code == 2
    assert "MONEYTRAIL_GOAML_SCHEMA" in no_schema.output
    assert digest.encode() in pdf_text(out.read_bytes())


def test_revoke_a_token_from_the_cli(app: typer.Typer, env: dict[str, str]) -> None:
    assert _run(app, env, "cases", "seed-demo") == (0, "demo users created: 7")
    settings = load_settings(environ=env)
    factory = open_database(settings.resolved_database_url(), totp_key=totp_key(settings))
    with factory() as db:
        admin = db.scalars(select(User).where(User.username == "demo.supervisor")).one()
        token = auth.issue_token(db, principal_of(db, admin), "gw", "AFM", Role.SYSTEM)
    listed = _as_demo(app, env, "demo.supervisor", "cases", "tokens")
    assert listed.exit_code == 0, listed.output
    assert listed.output.strip().splitlines()[-1].endswith("\tgw\tagency 3\tsystem\tactive")
    token_id = listed.output.strip().splitlines()[-1].split("\t")[0]
    revoked = _as_demo(app, env, "demo.supervisor", "cases", "revoke-token", token_id)
    assert revoked.output.strip().splitlines()[-1] == f"API token {token_id} (gw) revoked"
    with factory() as db, pytest.raises(AuthError, match="revoked"):
        auth.authenticate_token(db, token)
    wrong = _as_demo(app, env, "demo.analyst", "cases", "revoke-token", token_id)
    assert isinstance(wrong.exception, AccessDenied)
