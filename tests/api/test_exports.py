"""Case exports and API token revocation through HTTP: downloads with their audited SHA-256,
goAML validated on the real XSD, need-to-know, and a revoked token refused."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from fastapi.testclient import TestClient
from httpx import Response
from lxml import etree

from moneytrail.cases import auth
from moneytrail.cases.access import Role
from tests.api.world import FAST, code, populate
from tests.ingest.fixtures.harness import GOAML

Login = Callable[[str], dict[str, str]]
XSD = GOAML / "goAMLSchema-5.0.2.xsd"


def _downloaded(reply: Response) -> bytes:
    assert reply.status_code == 200, reply.text
    assert reply.headers["x-content-sha256"] == hashlib.sha256(reply.content).hexdigest()
    return reply.content


def test_a_member_downloads_each_format(client: TestClient, login: Login) -> None:
    case = populate(client.app)  # type: ignore[arg-type]
    who = login("demo.investigator")
    pdf = client.get(f"/v1/cases/{case}/export/pdf", headers=who)
    assert _downloaded(pdf).startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    lines = _downloaded(client.get(f"/v1/cases/{case}/export/ftm", headers=who)).splitlines()
    schemas = {json.loads(line)["schema"] for line in lines}
    assert {"BankAccount", "LegalEntity", "Ownership"} <= schemas
    url = f"/v1/cases/{case}/export/goaml?rentity_id=12"
    unset = client.get(url, headers=who)
    assert (unset.status_code, unset.json()["error"]["type"]) == (422, "InvalidInput")
    state = client.app.state.moneytrail  # type: ignore[attr-defined]
    state.settings = state.settings.model_copy(update={"goaml_schema": XSD})
    xml = _downloaded(client.get(url, headers=who))
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(etree.fromstring(xml)), schema.error_log
    assert client.get(f"/v1/cases/{case}/export/goaml", headers=who).status_code == 422


def test_exports_keep_to_need_to_know(client: TestClient, login: Login) -> None:
    case = populate(client.app)  # type: ignore[arg-type]
    for user in ("demo.partner", "demo.auditor", "demo.liaison"):
        reply = client.get(f"/v1/cases/{case}/export/pdf", headers=login(user))
        assert reply.status_code == 403, (user, reply.text)
    other = client.post("/v1/cases", json={"title": "AFM only"}, headers=login("demo.analyst"))
    hidden = other.json()["id"]
    reply = client.get(f"/v1/cases/{hidden}/export/ftm", headers=login("demo.investigator"))
    assert reply.json()["error"]["message"] == f"case {hidden}: case not shared with agency MVD"


def test_a_revoked_token_is_refused(client: TestClient, login: Login) -> None:
    with client.app.state.moneytrail.sessions() as db:  # type: ignore[attr-defined]
        admin, _ = auth.login(db, "demo.supervisor", "demo.supervisor-demo", code(), FAST)
        token = auth.issue_token(db, admin, "bank-gw", "AFM", Role.SYSTEM)
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/v1/auth/me", headers=bearer).status_code == 200
    boss = login("demo.supervisor")
    [listed] = client.get("/v1/auth/tokens", headers=boss).json()
    assert (listed["name"], listed["revoked"]) == ("bank-gw", False)
    path = f"/v1/auth/tokens/{listed['id']}/revoke"
    assert client.post(path, headers=login("demo.analyst")).status_code == 403
    assert client.post(path, headers=boss).json() == {
        "id": listed["id"],
        "name": "bank-gw",
        "revoked": True,
    }
    refused = client.get("/v1/auth/me", headers=bearer)
    assert (refused.status_code, refused.json()["error"]["type"]) == (401, "AuthError")
    assert client.post(path, headers=boss).status_code == 409
