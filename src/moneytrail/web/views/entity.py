"""Entity pages: a person, a company, an account or card, a wallet, a shop or channel. Each
reads through the same audited service as the API (`moneytrail.api.entities`,
`companies`). The user is resolved in the page's own worker thread (`principal`): one hop
to a thread per page instead of two."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from moneytrail.api import companies, entities
from moneytrail.api.deps import Db, State, Who, principal
from moneytrail.api.routers.entities import Key
from moneytrail.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/entities/party/{party_id}")
def party(request: Request, party_id: Key, db: Db, state: State) -> Response:
    """A person: identifiers, instruments held, transfers in and out, visible cases (a
    company's party id shows its company page)."""
    who = principal(request, db, state)
    data = entities.person(state, db, who, party_id)
    page = "entity_company.html" if data["kind"] == "company" else "entity_party.html"
    return render(request, page, who, e=data)


@router.get("/entities/company/{key}")
def company(request: Request, key: Key, db: Db, state: State) -> Response:
    """A company by BIN or party id: register facts, accounts, flows, people, cases."""
    who = principal(request, db, state)
    data = companies.company(state, db, who, key)
    return render(request, "entity_company.html", who, e=data)


@router.get("/entities/instrument/{instrument_id}")
def instrument(request: Request, instrument_id: Key, db: Db, state: State) -> Response:
    """An account, card (masked), phone, merchant or ATM."""
    who = principal(request, db, state)
    data = entities.instrument(state, db, who, instrument_id)
    return render(request, "entity_instrument.html", who, e=data)


@router.get("/entities/wallet/{address}")
def wallet(request: Request, address: Key, db: Db, state: State) -> Response:
    """A crypto address and its on-chain transfers."""
    who = principal(request, db, state)
    data = entities.wallet(state, db, who, address)
    return render(request, "entity_wallet.html", who, e=data)


@router.get("/entities/shop/{name}")
def shop(request: Request, name: Key, who: Who, db: Db, state: State) -> Response:
    """A shop or channel: its ads kept as evidence, requisites and handles."""
    data = entities.shop_page(state, db, who, name)
    return render(request, "entity_shop.html", who, e=data)
