"""`moneytrail audit verify|checkpoint` and `moneytrail cases migrate|seed-demo`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from moneytrail.cli.app import app as root
from moneytrail.cli.cases_cmd import audit_app, cases_app


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
    assert _run(app, env, "cases", "migrate") == (0, "cases database at revision 0001")
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
