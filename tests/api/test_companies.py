"""The company page through HTTP: register facts, its accounts (cards masked), a summary of
its transfers, the person holding a card on its account, its counterparties, cases only
for agencies that may see them; found by BIN, reached from its account's page, refused and
audited exactly like the person page."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.api.test_entities import Login, _audit, _get, _hits
from tests.api.world import (
    CARDS,
    COMPANY,
    COMPANY_BIN,
    COMPANY_IBAN,
    CORPORATE_CARD,
    CORPORATE_MASK,
    CORPORATE_PAN,
    MASKS,
    PANS,
    PEOPLE,
)


def test_a_company_page_shows_register_accounts_flows_and_people(
    client: TestClient, login: Login
) -> None:
    reply = client.get(f"/v1/companies/{COMPANY_BIN}", headers=login("demo.analyst"))
    assert reply.status_code == 200, reply.text
    data = reply.json()
    facts = data["company"]
    assert (data["kind"], data["id"], facts["name"], facts["bin"]) == (
        "company", COMPANY, "ТОО «Альфа Трейд»", COMPANY_BIN,
    )  # fmt: skip
    assert (facts["sector"], facts["registration_date"]) == ("wholesale", "2019-03-04")
    assert [i["instrument_id"] for i in data["instruments"]] == [COMPANY_IBAN]
    summary = data["summary"]
    assert (summary["out"]["count"], summary["out"]["totals"]) == (
        1, [{"currency": "KZT", "amount_minor": 10_000_000, "amount": 100_000.0}],
    )  # fmt: skip
    assert (summary["in"]["count"], summary["in"]["totals"][0]["amount"]) == (1, 5_000.0)
    assert summary["in"]["first"] == summary["in"]["last"] == "2026-03-03T01:00:00+00:00"
    (paid,) = data["transfers"]["out"]["recent"]
    assert (paid["counterparty"], paid["counterparty_masked"]) == (CARDS[0], MASKS[0])
    (person,) = data["people"]
    assert (person["party_id"], person["name"]) == (PEOPLE[0], "Иванов Иван")
    assert person["holds"] == [
        {"instrument_id": CORPORATE_CARD, "kind": "card", "masked": CORPORATE_MASK}
        | {"iban": COMPANY_IBAN}
    ]
    sent = data["neighbours"]["sent_to"]
    assert [(n["party"], n["party_kind"], n["amount"]) for n in sent] == [
        (PEOPLE[0], "person", 100_000.0)
    ]
    assert data["neighbours"]["received_from"] == []  # the paying card names no party
    assert all(pan not in reply.text for pan in [*PANS, CORPORATE_PAN])


def test_a_company_is_reached_by_party_id_from_its_account_and_by_bin(
    client: TestClient, login: Login
) -> None:
    mvd = login("demo.investigator")
    assert _get(client, f"/v1/parties/{COMPANY}", mvd)["kind"] == "company"
    holder = _get(client, f"/v1/instruments/{COMPANY_IBAN}", mvd)["holder"]
    assert holder == {"party_id": COMPANY, "name": "ТОО «Альфа Трейд»", "kind": "company"}
    assert _hits(client, mvd, COMPANY_BIN) == {("company", COMPANY)}
    assert _hits(client, mvd, COMPANY_IBAN) == {("instrument", COMPANY_IBAN)} | {
        ("instrument", CORPORATE_CARD)
    }
    reply = client.get(f"/v1/companies/{PEOPLE[0]}", headers=mvd)  # a person is not one
    assert reply.status_code == 404, reply.text


def test_a_company_shows_only_the_cases_its_agency_may_see(
    client: TestClient, login: Login
) -> None:
    mvd = login("demo.investigator")
    case = int(client.post("/v1/cases", json={"title": "Front"}, headers=mvd).json()["id"])
    freeze = {"target": COMPANY_IBAN, "bank": "Kaspi", "reason": "front company"}
    assert client.post(f"/v1/cases/{case}/freezes", json=freeze, headers=mvd).status_code == 201
    (found,) = _get(client, f"/v1/companies/{COMPANY}", mvd)["cases"]
    assert (found["case"], len(found["freezes"])) == (case, 1)
    assert _get(client, f"/v1/companies/{COMPANY}", login("demo.analyst"))["cases"] == []


def test_company_views_are_guarded_and_audited(client: TestClient, login: Login) -> None:
    url = f"/v1/companies/{COMPANY}"
    assert client.get(url).status_code == 401
    for user in ("demo.auditor", "demo.liaison", "demo.partner", "demo.prosecutor"):
        reply = client.get(url, headers=login(user))
        assert (reply.status_code, reply.json()["error"]["type"]) == (403, "AccessDenied")
    _get(client, url, login("demo.analyst"))
    assert (
        client.get("/v1/companies/000000000000", headers=login("demo.analyst")).status_code == 404
    )
    seen = _audit(client, login, "entity.read")
    assert ("demo.analyst", f"company:{COMPANY}", "ok") in seen
    assert ("demo.liaison", f"company:{COMPANY}", "denied") in seen
    assert ("demo.analyst", "company:000000000000", "not_found") in seen
    detail = json.dumps(seen)
    assert all(pan not in detail for pan in PANS)
