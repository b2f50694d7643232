"""`moneytrail detect record`, `detect review queue|confirm|overturn|lift`, `detect labels`:
a system acts with an API token read from a file, a person as `--user` (prompted)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select
from typer.testing import CliRunner, Result

from moneytrail.cases.access import Role
from moneytrail.cases.auth import issue_token, principal_of
from moneytrail.cases.db import open_database
from moneytrail.cases.errors import InvalidInput
from moneytrail.cases.models import User
from moneytrail.cli.main import app
from tests.api.world import credentials
from tests.decisions.conftest import line


def _token(tmp: Path) -> Path:
    """The API token file of the FIU's scoring job."""
    factory = open_database(f"sqlite:///{tmp / 'cases.sqlite'}", totp_key=b"k" * 32)
    path = tmp / "scorer.token"
    with factory() as db:
        admin = db.scalars(select(User).where(User.username == "demo.supervisor")).one()
        path.write_text(issue_token(db, principal_of(db, admin), "s", "AFM", Role.SYSTEM) + "\n")
    factory.kw["bind"].dispose()
    return path


def test_record_review_and_labels(tmp_path: Path) -> None:
    env = {"MONEYTRAIL_DATA_DIR": str(tmp_path), "MONEYTRAIL_TOKEN_SECRET": "k"}
    login = credentials("demo.analyst")
    prompted = f"{login['password']}\n{login['code']}\n"

    def run(*args: str, person: bool = False) -> Result:
        given = [*args, "--user", "demo.analyst"] if person else list(args)
        return CliRunner().invoke(app, given, env=env, input=prompted if person else None)

    def last(result: Result) -> Any:
        assert result.exit_code == 0, result.output
        return json.loads(result.output.strip().splitlines()[-1])

    assert run("cases", "seed-demo").exit_code == 0
    scorer = _token(tmp_path)
    log = tmp_path / "decisions.jsonl"
    log.write_text("\n".join([line("t1", "block"), line("t2", "review", 0.6), "{bad"]) + "\n")
    transfers = tmp_path / "transfers.parquet"
    ends = {"transfer_id": ["t1", "t2"], "src_instrument": ["acct:A", "acct:B"]}
    pq.write_table(pa.table(ends | {"dst_instrument": ["acct:C", "acct:D"]}), transfers)
    recorded = run(
        "detect", "record", str(log), "--token-file", str(scorer), "--transfers", str(transfers)
    )
    assert (last(recorded)["stored"], last(recorded)["quarantined"]) == (2, 1)
    bad = json.loads((tmp_path / "decisions.quarantine.jsonl").read_text())
    assert bad["where"] == "decisions.jsonl:3"
    page = last(run("detect", "review", "queue", "--json", person=True))
    assert [(i["transfer_id"], i["payee"]) for i in page["items"]] == [
        ("t1", "acct:C"),
        ("t2", "acct:D"),
    ]
    ids = [str(i["id"]) for i in page["items"]]
    done = last(run("detect", "review", "confirm", ids[0], person=True))
    assert (done["status"], done["label"]) == ("confirmed", 1)
    refused = run("detect", "review", "overturn", ids[1], person=True)
    assert isinstance(refused.exception, InvalidInput)
    lifted = last(run("detect", "review", "lift", ids[0], "--note", "appeal", person=True))
    assert lifted["block_lifted"] is True
    both = run("detect", "labels", "--out", "x", "--token-file", str(scorer), person=True)
    assert (both.exit_code, "either --user NAME or --token-file FILE" in both.output) == (2, True)
    out = tmp_path / "labels.parquet"
    assert (
        last(run("detect", "labels", "--out", str(out), "--token-file", str(scorer)))["labels"] == 1
    )
    assert pq.read_table(out).select(["transfer_id", "label"]).to_pylist() == [
        {"transfer_id": "t1", "label": 1}
    ]
