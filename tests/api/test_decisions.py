"""/v1/decisions: a scoring system imports a decision log, the FIU analyst reviews the
queue; wrong agencies and roles get 403, invalid moves 409, malformed input 422 naming the
field, and the one error shape throughout."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from moneytrail.cases.access import Role
from moneytrail.cases.auth import issue_token, principal_of
from moneytrail.cases.models import User
from tests.decisions.conftest import edited, line

Login = Callable[[str], dict[str, str]]


@pytest.fixture
def scorer(client: TestClient) -> dict[str, str]:
    """The bearer header of the FIU's scoring system (an API token)."""
    with client.app.state.moneytrail.sessions() as db:  # type: ignore[attr-defined]
        admin = db.scalars(select(User).where(User.username == "demo.supervisor")).one()
        token = issue_token(db, principal_of(db, admin), "scorer", "AFM", Role.SYSTEM)
    return {"Authorization": f"Bearer {token}"}


def _import(client: TestClient, scorer: dict[str, str], reader: dict[str, str]) -> dict[str, int]:
    """Two decisions stored, one line quarantined; their ids by transfer."""
    body = "\n".join([line("t1", "block"), line("t2", "review", 0.7), edited("t3", score="x")])
    reply = client.post("/v1/decisions/import", content=body, headers=scorer | {"x-source": "rt"})
    assert reply.status_code == 200, reply.text
    assert reply.json()["quarantined_lines"] == [
        {"where": "rt:3", "reason": "rt:3: field score: must be a finite number"}
    ]
    return {
        i["transfer_id"]: i["id"]
        for i in client.get("/v1/decisions", headers=reader).json()["items"]
    }


def test_import_queue_review_labels(
    client: TestClient, login: Login, scorer: dict[str, str]
) -> None:
    body = "\n".join([line("t1", "block"), line("t2", "review", 0.7)])
    assert client.post("/v1/decisions/import", content=body, headers=scorer).json()["stored"] == 2
    analyst = login("demo.analyst")
    page = client.get("/v1/decisions", headers=analyst).json()
    assert (page["total"], [i["transfer_id"] for i in page["items"]]) == (2, ["t1", "t2"])
    first = page["items"][0]
    assert first["reasons"][1]["text"] == "passes received money on = 0.97"
    assert first["rules_fired"] == ["fan_in_24h"]
    one = client.get(f"/v1/decisions/{first['id']}", headers=analyst).json()
    assert (one["model_version"], one["inputs"]["dst_fan_in_24h"]) == ("gbm-v1-abc", 14.0)
    done = client.post(
        f"/v1/decisions/{first['id']}/confirm", json={"version": one["version"]}, headers=analyst
    )
    assert (done.status_code, done.json()["label"]) == (200, 1)
    stale = client.post(
        f"/v1/decisions/{first['id']}/lift", json={"note": "x", "version": 1}, headers=analyst
    )
    assert (stale.status_code, stale.json()["error"]["type"]) == (409, "StaleObject")
    lifted = client.post(
        f"/v1/decisions/{first['id']}/lift", json={"note": "court"}, headers=analyst
    )
    assert lifted.json()["block_lifted"] is True
    labels = client.get("/v1/decisions/labels", headers=scorer).json()
    assert [(r["transfer_id"], r["label"]) for r in labels] == [("t1", 1)]


def test_refusals(client: TestClient, login: Login, scorer: dict[str, str]) -> None:
    client.post("/v1/decisions/import", content=line("t1", "review"), headers=scorer)
    analyst, police = login("demo.analyst"), login("demo.investigator")
    item = client.get("/v1/decisions", headers=analyst).json()["items"][0]
    assert client.get("/v1/decisions", headers=police).json()["total"] == 0
    hidden = client.get(f"/v1/decisions/{item['id']}", headers=police)
    assert hidden.status_code == 403
    assert hidden.json()["error"]["message"] == (
        f"decision {item['id']}: not shared with agency MVD"
    )
    partner = client.get("/v1/decisions", headers=login("demo.partner"))
    assert partner.status_code == 403
    denied = client.post(f"/v1/decisions/{item['id']}/confirm", json={}, headers=police)
    assert denied.status_code == 403
    imported = client.post("/v1/decisions/import", content=line("t9"), headers=analyst)
    assert imported.status_code == 200
    by_police = client.post("/v1/decisions/import", content=line("t8"), headers=police)
    assert by_police.status_code == 403
    nothing_to_lift = client.post(
        f"/v1/decisions/{item['id']}/lift", json={"note": "x"}, headers=analyst
    )
    assert nothing_to_lift.status_code == 409
    bad_event = client.post(f"/v1/decisions/{item['id']}/freeze", json={}, headers=analyst)
    assert (bad_event.status_code, bad_event.json()["error"]["field"]) == (422, "event")
    bad_status = client.get("/v1/decisions?status=done", headers=analyst)
    assert bad_status.status_code == 422
    assert bad_status.json()["error"]["message"].startswith("status: 'done' is not one of")
    missing = client.get("/v1/decisions/999", headers=analyst)
    assert missing.status_code == 404
    anonymous = client.get("/v1/decisions")
    assert anonymous.status_code == 401


def test_attach_shares_with_the_case(
    client: TestClient, login: Login, scorer: dict[str, str]
) -> None:
    analyst, police = login("demo.analyst"), login("demo.investigator")
    ids = _import(client, scorer, analyst)
    case = client.post("/v1/cases", json={"title": "shop X"}, headers=police).json()["id"]
    refused = client.post(
        f"/v1/decisions/{ids['t1']}/attach", json={"case_id": case}, headers=analyst
    )
    assert refused.status_code == 403
    client.post(f"/v1/cases/{case}/share", json={"agency": "AFM"}, headers=police)
    attached = client.post(
        f"/v1/decisions/{ids['t1']}/attach", json={"case_id": case}, headers=analyst
    )
    assert attached.json()["case_id"] == case
    seen = client.get("/v1/decisions", headers=police).json()
    assert [i["transfer_id"] for i in seen["items"]] == ["t1"]
