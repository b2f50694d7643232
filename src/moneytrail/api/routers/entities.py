"""/v1: entity pages (a person, a company, an account or card, a wallet, a shop), search by
any identifier, and a node's neighbours for the graph explorer. Cards are named by their
token.

The entity pages resolve their user in the route's own worker thread (`principal`, not
the `Who` dependency): one hop to a thread per page instead of two."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from moneytrail.api import companies, entities
from moneytrail.api.deps import Db, State, Who, principal
from moneytrail.api.neighbours import neighbours
from moneytrail.api.routers.evidence import Identifier
from moneytrail.api.search import search

router = APIRouter(prefix="/v1", tags=["entities"])
Key = Annotated[str, Path(min_length=1, max_length=200)]


@router.get("/parties/{party_id}")
def party(party_id: Key, request: Request, db: Db, state: State) -> dict[str, Any]:
    """A person by party id or IIN: identifiers, instruments, transfers, visible cases (a
    company's party id gives its company page)."""
    return entities.person(state, db, principal(request, db, state), party_id)


@router.get("/companies/{key}")
def company(key: Key, request: Request, db: Db, state: State) -> dict[str, Any]:
    """A company by BIN or party id: register facts, accounts (cards masked), a summary of
    its transfers and the newest ones, people holding cards on its accounts, counterparties
    and visible cases."""
    return companies.company(state, db, principal(request, db, state), key)


@router.get("/instruments/{instrument_id}")
def instrument(instrument_id: Key, request: Request, db: Db, state: State) -> dict[str, Any]:
    """An account, card (by token, shown masked), phone, merchant or ATM."""
    return entities.instrument(state, db, principal(request, db, state), instrument_id)


@router.get("/wallets/{address}")
def wallet(address: Key, request: Request, db: Db, state: State) -> dict[str, Any]:
    """A crypto address (TRON, Bitcoin, Ethereum): labels, on-chain transfers, cases."""
    return entities.wallet(state, db, principal(request, db, state), address)


@router.get("/shops/{name}")
def shop_page(name: Key, who: Who, db: Db, state: State) -> dict[str, Any]:
    """A shop or channel: its ads kept as evidence, their requisites and handles."""
    return entities.shop_page(state, db, who, name)


@router.post("/search")
def find(body: Identifier, who: Who, db: Db, state: State) -> dict[str, Any]:
    """The identifier checked, and the entities it names (a POST: values stay out of URLs)."""
    return search(state, db, who, body.value)


@router.get("/graph/neighbours/{instrument_id}")
def expand(
    instrument_id: Key,
    who: Who,
    db: Db,
    state: State,
    limit: Annotated[int, Query(ge=1, le=200)] = 25,
) -> dict[str, Any]:
    """Who sent to the instrument and whom it sent to, with counts, amounts and times."""
    return neighbours(state, db, who, instrument_id, limit)
