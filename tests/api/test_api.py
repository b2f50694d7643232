"""The API through HTTP: OpenAPI under /v1, authentication, need-to-know, the one error
shape, freezes, traces saved as evidence, identifier checks, and the audit of reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from moneytrail.cases import auth
from moneytrail.cases.access import Role
from tests.api.world import CARDS, FAST, PANS, code

Login = Callable[[str], dict[str, str]]


def _error(reply: Any, status: int, kind: str) -> dict[str, Any]:
    assert reply.status_code == status, reply.text
    body: dict[str, Any] = reply.json()["error"]
    assert set(body) == {"type", "status", "message", "field"}
    assert (body["type"], body["status"]) == (kind, status)
    return body


def _case(client: TestClient, who: dict[str, str], title: str = "Shop X") -> int:
    reply = client.post("/v1/cases", json={"title": title}, headers=who)
    assert reply.status_code == 201, reply.text
    return int(reply.json()["id"])


def test_the_schema_documents_every_route_under_v1(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/v1/cases/{case_id}/freezes" in paths
    assert all(p.startswith("/v1/") for p in paths)


def test_unauthenticated_requests_are_refused(client: TestClient) -> None:
    _error(client.get("/v1/cases"), 401, "AuthError")
    _error(client.get("/v1/cases", headers={"Authorization": "Bearer mt_nope"}), 401, "AuthError")


def test_systems_use_api_tokens_and_sessions_end_at_logout(
    client: TestClient, login: Login
) -> None:
    with client.app.state.moneytrail.sessions() as db:  # type: ignore[attr-defined]
        admin, _ = auth.login(db, "demo.supervisor", "demo.supervisor-demo", code(), FAST)
        token = auth.issue_token(db, admin, "screening", "AFM", Role.SYSTEM)
    me = client.get("/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert (me["username"], me["agency"], me["role"]) == ("api:screening", "AFM", "system")
    user = login("demo.analyst")
    assert client.post("/v1/auth/logout", headers=user).json() == {"ok": True}
    _error(client.get("/v1/auth/me", headers=user), 401, "AuthError")


def test_a_wrong_one_time_code_is_refused(client: TestClient) -> None:
    body = {"username": "demo.analyst", "password": "demo.analyst-demo", "code": "000000"}
    _error(client.post("/v1/auth/login", json=body), 401, "AuthError")


def test_cases_are_hidden_from_other_agencies_until_shared(
    client: TestClient, login: Login
) -> None:
    mvd, afm = login("demo.investigator"), login("demo.analyst")
    case = _case(client, mvd)
    _error(client.get(f"/v1/cases/{case}", headers=afm), 403, "AccessDenied")
    assert client.get("/v1/cases", headers=afm).json() == []
    client.post(f"/v1/cases/{case}/share", json={"agency": "AFM"}, headers=mvd)
    assert client.get(f"/v1/cases/{case}", headers=afm).json()["members"] == ["AFM"]


def test_missing_objects_and_bad_fields_have_the_one_shape(
    client: TestClient, login: Login
) -> None:
    mvd = login("demo.investigator")
    _error(client.get("/v1/cases/999", headers=mvd), 404, "NotFound")
    body = _error(client.post("/v1/cases", json={"title": ""}, headers=mvd), 422, "InvalidInput")
    assert body["field"] == "title"
    _error(client.get("/v1/nowhere"), 404, "HTTPError")


def test_a_freeze_moves_only_as_its_machine_allows(client: TestClient, login: Login) -> None:
    mvd, gpo = login("demo.investigator"), login("demo.prosecutor")
    case = _case(client, mvd)
    made = client.post(
        f"/v1/cases/{case}/freezes",
        json={"target": PANS[0], "bank": "Kaspi", "reason": "dropper"},
        headers=mvd,
    ).json()
    assert made["target"] == PANS[0][:6] + "******" + PANS[0][-4:]
    step = {"event": "sanction", "reason": "ok"}
    _error(
        client.post(f"/v1/freezes/{made['id']}/events", json=step, headers=mvd), 403, "AccessDenied"
    )
    client.post(f"/v1/cases/{case}/share", json={"agency": "GPO"}, headers=mvd)
    assert (
        client.post(f"/v1/freezes/{made['id']}/events", json=step, headers=gpo).status_code == 200
    )
    again = client.post(f"/v1/freezes/{made['id']}/events", json=step, headers=gpo)
    assert "allowed: acknowledge, lift" in _error(again, 409, "InvalidTransition")["message"]
    listed = client.get(f"/v1/cases/{case}/freezes", headers=mvd).json()
    assert (listed[0]["state"], listed[0]["allowed"]) == ("sanctioned", ["acknowledge", "lift"])


def test_a_trace_from_a_card_is_saved_to_a_case(client: TestClient, login: Login) -> None:
    mvd = login("demo.investigator")
    case = _case(client, mvd)
    query = {"seeds": [PANS[0]], "policy": "fifo"}
    data = client.post("/v1/trace", json=query, headers=mvd).json()
    assert {n["instrument"] for n in data["nodes"]} == set(CARDS) | {"sink:external"}
    assert max(e["attributed"] for e in data["edges"]) == 50_000
    saved = client.post(f"/v1/cases/{case}/traces", json=query, headers=mvd).json()
    assert saved["trace_id"] == data["trace_id"]
    reply = client.get(f"/v1/evidence/{saved['evidence']}", headers=mvd)
    item = reply.json()
    assert (item["kind"], item["content"]["trace_id"]) == ("trace", data["trace_id"])
    assert item["content"]["seeds"][0]["given"] == PANS[0][:6] + "******" + PANS[0][-4:]
    assert PANS[0] not in reply.text


def test_tracing_needs_a_role_that_adds_evidence(client: TestClient, login: Login) -> None:
    auditor = login("demo.auditor")
    _error(
        client.post("/v1/trace", json={"seeds": [PANS[0]]}, headers=auditor), 403, "AccessDenied"
    )


def test_a_card_number_comes_back_only_masked_and_tokenized(
    client: TestClient, login: Login
) -> None:
    reply = client.post("/v1/ids/check", json={"value": PANS[1]}, headers=login("demo.analyst"))
    data = reply.json()
    assert (data["kind"], data["valid"], data["normalized"]) == ("card", True, None)
    assert data["token"] == CARDS[1]
    assert PANS[1] not in reply.text


def test_reads_of_cases_are_in_the_audit_log(client: TestClient, login: Login) -> None:
    mvd = login("demo.investigator")
    case = _case(client, mvd)
    client.get(f"/v1/cases/{case}", headers=mvd)
    entries = client.get("/v1/audit", params={"limit": 1000}, headers=login("demo.auditor")).json()
    reads = [e for e in entries if (e["action"], e["object"]) == ("case.read", f"case:{case}")]
    assert reads[0]["username"] == "demo.investigator"
    assert client.get("/v1/audit/verify", headers=login("demo.auditor")).json()["ok"]
