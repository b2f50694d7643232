"""Entity pages, search and the explorer's neighbours through HTTP: what they show from the
lake, that cards stay masked, that cases are shown only to agencies that may see them, that
unauthenticated and non-investigating users are refused, and that every view is audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.world import CARDS, IBAN, MASKS, PANS, PEOPLE, WALLET

Login = Callable[[str], dict[str, str]]
AD = {
    "id": "shop_x/7",
    "source": "telegram",
    "channel": "shop_x",
    "date": "2026-03-01T08:00:00",
    "is_ad": True,
    "score": 0.97,
    "reasons": [{"feature": "drug_words", "weight": 5.0, "why": "Names drugs in slang."}],
    "found": [
        {"kind": "card", "value": None, "masked": MASKS[1], "token": CARDS[1]},
        {"kind": "telegram_bot", "value": "shop_x_bot", "masked": "shop_x_bot", "token": None},
    ],
}


def _get(client: TestClient, url: str, who: dict[str, str]) -> dict[str, Any]:
    reply = client.get(url, headers=who)
    assert reply.status_code == 200, reply.text
    data: dict[str, Any] = reply.json()
    return data


def _audit(client: TestClient, login: Login, action: str) -> list[tuple[str, str, str]]:
    entries = client.get("/v1/audit?limit=1000", headers=login("demo.supervisor")).json()
    return [(e["username"], e["object"], e["outcome"]) for e in entries if e["action"] == action]


def _case_with_evidence(client: TestClient, who: dict[str, str]) -> int:
    """An MVD case holding a trace from card 0, an ad naming card 1, and a freeze of card 2."""
    case = int(client.post("/v1/cases", json={"title": "Shop X"}, headers=who).json()["id"])
    query = {"seeds": [CARDS[0]], "policy": "fifo"}
    assert client.post(f"/v1/cases/{case}/traces", json=query, headers=who).status_code == 201
    app = client.app
    sessions = app.state.moneytrail.sessions  # type: ignore[attr-defined]
    from moneytrail.cases.auth import resume
    from moneytrail.cases.db import utcnow
    from moneytrail.cases.evidence import EvidenceKind, Provenance, add_evidence

    with sessions() as db:
        me = resume(db, who["Authorization"].split()[1])
        content = json.dumps([AD]).encode()
        where = Provenance("osint scan", "shop_x/7", utcnow())
        add_evidence(db, me, case, EvidenceKind.AD, "ads of shop_x", content, where)
    freeze = {"target": PANS[2], "bank": "Halyk", "reason": "dropper"}
    assert client.post(f"/v1/cases/{case}/freezes", json=freeze, headers=who).status_code == 201
    return case


def test_a_person_page_shows_identifiers_instruments_and_transfers(
    client: TestClient, login: Login
) -> None:
    data = _get(client, f"/v1/parties/{PEOPLE[1]}", login("demo.analyst"))
    assert (data["kind"], data["party"]["name"], data["party"]["iin"]) == (
        "party", "Петрова Анна", PEOPLE[1],
    )  # fmt: skip
    held = {i["instrument_id"]: i for i in data["instruments"]}
    assert set(held) == {CARDS[1], CARDS[2], IBAN}
    assert held[CARDS[1]]["masked_cards"] == [MASKS[1]]
    received = [t["amount"] for t in data["transfers"]["in"]["recent"]]
    assert received == [30_000, 50_000]  # newest first; card 1 to card 2 is hers both ways
    assert data["transfers"]["out"]["count"] == 3  # card 1 to 2 and 3, card 2 at the ATM
    assert all(p not in json.dumps(data) for p in PANS)


def test_a_card_page_is_masked_with_holder_counterparties_and_cases(
    client: TestClient, login: Login
) -> None:
    mvd = login("demo.investigator")
    case = _case_with_evidence(client, mvd)
    reply = client.get(f"/v1/instruments/{CARDS[1]}", headers=mvd)
    data = reply.json()
    assert PANS[1] not in reply.text
    assert data["instrument"]["masked_cards"] == [MASKS[1]]
    assert data["holder"] == {"party_id": PEOPLE[1], "name": "Петрова Анна", "kind": "person"}
    assert [li["instrument_id"] for li in data["linked"]] == [IBAN]
    links = data["counterparties"]
    sent = {c["instrument"]: (c["transfers"], c["amount"]) for c in links["sent_to"]}
    assert sent == {CARDS[2]: (1, 30_000), CARDS[3]: (1, 20_000)}
    assert links["received_from"][0]["masked"] == MASKS[0]
    (found,) = data["cases"]
    assert found["case"] == case
    assert len(found["evidence"]) == 2  # the trace and the ad
    frozen = _get(client, f"/v1/instruments/{CARDS[2]}", mvd)["cases"]
    assert frozen[0]["case"] == case
    assert len(frozen[0]["freezes"]) == 1


def test_cases_of_another_agency_stay_hidden(client: TestClient, login: Login) -> None:
    _case_with_evidence(client, login("demo.investigator"))
    afm = login("demo.analyst")
    assert _get(client, f"/v1/instruments/{CARDS[1]}", afm)["cases"] == []
    reply = client.get("/v1/shops/shop_x", headers=afm)
    assert reply.status_code == 404, reply.text


@pytest.mark.parametrize(
    "url",
    [
        f"/v1/parties/{PEOPLE[0]}",
        f"/v1/instruments/{CARDS[0]}",
        f"/v1/wallets/{WALLET}",
        "/v1/shops/shop_x",
        f"/v1/graph/neighbours/{CARDS[0]}",
    ],
)
def test_entity_routes_refuse_strangers_and_roles_that_do_not_investigate(
    client: TestClient, login: Login, url: str
) -> None:
    assert client.get(url).status_code == 401
    for user in ("demo.auditor", "demo.liaison", "demo.partner", "demo.prosecutor"):
        reply = client.get(url, headers=login(user))
        assert (reply.status_code, reply.json()["error"]["type"]) == (403, "AccessDenied")
    assert client.post("/v1/search", json={"value": PEOPLE[0]}).status_code == 401


def test_every_entity_view_and_refusal_is_audited(client: TestClient, login: Login) -> None:
    _get(client, f"/v1/parties/{PEOPLE[0]}", login("demo.analyst"))
    _get(client, f"/v1/instruments/{CARDS[0]}", login("demo.analyst"))
    client.get(f"/v1/parties/{PEOPLE[0]}", headers=login("demo.liaison"))
    client.get("/v1/parties/000000000000", headers=login("demo.analyst"))
    seen = _audit(client, login, "entity.read")
    assert ("demo.analyst", f"party:{PEOPLE[0]}", "ok") in seen
    assert ("demo.analyst", f"instrument:{CARDS[0]}", "ok") in seen
    assert ("demo.liaison", f"party:{PEOPLE[0]}", "denied") in seen
    assert ("demo.analyst", "party:000000000000", "not_found") in seen


def test_a_wallet_page_shows_its_label_and_on_chain_transfers(
    client: TestClient, login: Login
) -> None:
    data = _get(client, f"/v1/wallets/{WALLET}", login("demo.analyst"))
    assert data["instruments"][0]["label"] == "OTC X"
    assert data["transfers"]["in"]["recent"][0]["amount"] == 100.0
    assert (data["transfers"]["out"]["count"], data["transfers"]["out"]["recent"][0]["asset"]) == (
        1, "USDT",
    )  # fmt: skip


def test_a_shop_page_shows_its_ads_requisites_and_handles(client: TestClient, login: Login) -> None:
    mvd = login("demo.investigator")
    case = _case_with_evidence(client, mvd)
    data = _get(client, "/v1/shops/shop_x", mvd)
    assert [a["id"] for a in data["ads"]] == ["shop_x/7"]
    assert {(r["kind"], r["masked"]) for r in data["requisites"]} == {
        ("card", MASKS[1]), ("telegram_bot", "shop_x_bot"),
    }  # fmt: skip
    assert data["handles"] == ["shop_x_bot"]
    assert [c["case"] for c in data["cases"]] == [case]


def _hits(client: TestClient, who: dict[str, str], value: str) -> set[tuple[str, str]]:
    reply = client.post("/v1/search", json={"value": value}, headers=who)
    assert reply.status_code == 200, reply.text
    assert PANS[0] not in reply.text
    return {(h["kind"], h["id"]) for h in reply.json()["hits"]}


def test_search_by_any_identifier_leads_to_the_entities(client: TestClient, login: Login) -> None:
    mvd = login("demo.investigator")
    _case_with_evidence(client, mvd)
    assert _hits(client, mvd, PEOPLE[0]) == {("party", PEOPLE[0])}
    assert _hits(client, mvd, PANS[0]) == {("instrument", CARDS[0])}
    assert _hits(client, mvd, MASKS[0]) == {("instrument", CARDS[0])}
    assert _hits(client, mvd, IBAN) == {("instrument", IBAN), ("instrument", CARDS[1])}
    assert _hits(client, mvd, "8 701 123 45 67") == {("party", PEOPLE[0])}
    assert _hits(client, mvd, WALLET) == {("wallet", WALLET)}
    assert _hits(client, mvd, "@shop_x_bot") == {("shop", "shop_x")}
    assert _hits(client, login("demo.analyst"), "@shop_x_bot") == set()  # not its case
    assert _hits(client, mvd, "nothing-here") == set()


def test_a_node_expands_to_its_neighbours_with_amounts(client: TestClient, login: Login) -> None:
    data = _get(client, f"/v1/graph/neighbours/{CARDS[1]}", login("demo.analyst"))
    assert [(n["instrument"], n["amount"]) for n in data["in"]] == [(CARDS[0], 50_000)]
    assert [(n["instrument"], n["amount"], n["transfers"]) for n in data["out"]] == [
        (CARDS[2], 30_000, 1), (CARDS[3], 20_000, 1),
    ]  # fmt: skip
    reply = client.get("/v1/graph/neighbours/card:nope", headers=login("demo.analyst"))
    assert reply.status_code == 404


def test_the_explorer_gets_no_edge_without_its_nodes_and_no_stray_node(
    client: TestClient, login: Login
) -> None:
    query = {"seeds": [CARDS[0]], "policy": "fifo", "rows": 1}
    data = client.post("/v1/trace", json=query, headers=login("demo.analyst")).json()
    (edge,) = data["edges"]
    assert {n["instrument"] for n in data["nodes"]} == {edge["src"], edge["dst"], CARDS[0]}
    wide = client.post("/v1/trace", json=query | {"rows": 2}, headers=login("demo.analyst"))
    nodes = {n["instrument"] for n in wide.json()["nodes"]}
    ends = {e[k] for e in wide.json()["edges"] for k in ("src", "dst")}
    assert nodes == ends | {CARDS[0]}
