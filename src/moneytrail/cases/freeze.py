"""Domestic freeze requests: one card or account at one bank, as an explicit state machine.

requested ─sanction→ sanctioned ─acknowledge→ acknowledged ─execute→ executed ─lift→ lifted
    └─refuse→ refused            acknowledged ─decline→ declined (no such card, no funds)
A sanctioned or acknowledged request can be lifted before it is executed. Executing posts
the frozen amount to the ledger; lifting an executed freeze releases it.
"""

from __future__ import annotations

import re
from enum import StrEnum

from sqlalchemy.orm import Session

from moneytrail.cases.access import Action, Principal
from moneytrail.cases.errors import InvalidInput, InvalidTransition, NotFound, StaleObject
from moneytrail.cases.ledger import Account, Operation, Posting, balance, record
from moneytrail.cases.records import Freeze, Transition
from moneytrail.cases.service import load_case, perform
from moneytrail.model.ids.bank import check_iban
from moneytrail.model.ids.base import Tokenizer
from moneytrail.model.ids.card import check_card, looks_like_card
from moneytrail.model.records import CARD_TOKEN


class FreezeEvent(StrEnum):
    """What can happen to a domestic freeze request."""

    SANCTION = "sanction"
    REFUSE = "refuse"
    ACKNOWLEDGE = "acknowledge"
    EXECUTE = "execute"
    DECLINE = "decline"
    LIFT = "lift"


E = FreezeEvent
TRANSITIONS: dict[tuple[str, FreezeEvent], tuple[str, Action]] = {
    ("requested", E.SANCTION): ("sanctioned", Action.FREEZE_SANCTION),
    ("requested", E.REFUSE): ("refused", Action.FREEZE_SANCTION),
    ("sanctioned", E.ACKNOWLEDGE): ("acknowledged", Action.FREEZE_ACKNOWLEDGE),
    ("sanctioned", E.LIFT): ("lifted", Action.FREEZE_LIFT),
    ("acknowledged", E.EXECUTE): ("executed", Action.FREEZE_EXECUTE),
    ("acknowledged", E.DECLINE): ("declined", Action.FREEZE_EXECUTE),
    ("acknowledged", E.LIFT): ("lifted", Action.FREEZE_LIFT),
    ("executed", E.LIFT): ("lifted", Action.FREEZE_LIFT),
}
"""(state, event) → (new state, the action it needs). Anything else is refused."""

ACTION_OF_EVENT = {event: action for (_, event), (_, action) in TRANSITIONS.items()}


CARD_MASK = re.compile(r"\d{6}\*{2,9}\d{4}")


def _target(value: str, tokenizer: Tokenizer, masked: str | None) -> tuple[str, str, str]:
    """(kind, token, mask) of a card number, a card token with its mask, or an IBAN.

    A card is often known only by its keyed token (the lake never holds the number); the
    request then carries the token and the masked number the lake keeps for display.
    """
    if CARD_TOKEN.fullmatch(value):
        if masked is None or not CARD_MASK.fullmatch(masked):
            raise InvalidInput(
                f"a card token needs its masked number (6 digits, *, 4 digits), not {masked!r}"
            )
        return "card", value, masked
    result = (
        check_card(value, tokenizer) if looks_like_card(value) else check_iban(value, tokenizer)
    )
    if not result.valid or result.token is None or result.masked is None:
        raise InvalidInput(f"not a valid card number or IBAN: {result.reason}")
    return result.kind.value, result.token, result.masked


def request_freeze(
    db: Session,
    who: Principal,
    case_id: int,
    target: str,
    bank: str,
    reason: str,
    tokenizer: Tokenizer,
    masked: str | None = None,
) -> Freeze:
    """Ask for a card or account to be blocked; only its token and mask are stored.

    `target` is a card number, an IBAN, or a card token (`card:<hex>`) given with `masked`.
    """

    def work() -> Freeze:
        load_case(db, who, Action.FREEZE_REQUEST, case_id)
        kind, token, shown = _target(target, tokenizer, masked)
        freeze = Freeze(case_id=case_id, target_kind=kind, target_token=token)
        freeze.target_masked, freeze.bank, freeze.requested_by = shown, bank, who.username
        freeze.state = "requested"
        db.add(freeze)
        db.flush()
        db.add(_transition(freeze, "new", who, reason))
        return freeze

    def detail(f: Freeze) -> dict[str, object]:
        return {"freeze": f.id, "target": f.target_masked}

    return perform(db, who, Action.FREEZE_REQUEST, f"case:{case_id}", work, detail)


def _transition(freeze: Freeze, before: str, who: Principal, reason: str) -> Transition:
    return Transition(
        object_type="freeze",
        object_id=freeze.id,
        from_state=before,
        to_state=freeze.state,
        by=who.username,
        reason=reason,
    )


def advance(
    db: Session,
    who: Principal,
    freeze_id: int,
    event: FreezeEvent,
    reason: str,
    amount: int = 0,
    expected_version: int | None = None,
) -> Freeze:
    """Apply one event; `amount` (minor units) is what the bank froze, for `execute` only."""
    action = ACTION_OF_EVENT[event]

    def work() -> Freeze:
        freeze = db.get(Freeze, freeze_id)
        if freeze is None:
            raise NotFound(f"freeze {freeze_id} does not exist")
        load_case(db, who, action, freeze.case_id)
        if expected_version is not None and freeze.version != expected_version:
            raise StaleObject(
                f"freeze {freeze_id} is at version {freeze.version}, not {expected_version}"
            )
        step = TRANSITIONS.get((freeze.state, event))
        if step is None:
            allowed = sorted(e.value for (s, e) in TRANSITIONS if s == freeze.state) or ["none"]
            raise InvalidTransition(
                f"freeze {freeze_id} is {freeze.state}: cannot {event.value} "
                f"(allowed: {', '.join(allowed)})"
            )
        _apply(db, who, freeze, event, step[0], amount, reason)
        return freeze

    def detail(f: Freeze) -> dict[str, object]:
        return {"event": event.value, "state": f.state, "amount": amount}

    return perform(db, who, action, f"freeze:{freeze_id}", work, detail)


def _apply(
    db: Session, who: Principal, freeze: Freeze, event: FreezeEvent, to: str, amount: int, why: str
) -> None:
    before, ref = freeze.state, f"freeze:{freeze.id}"
    if event == E.EXECUTE:
        if amount < 0:
            raise InvalidInput("the frozen amount cannot be negative")
        if amount:
            record(
                db, who, freeze.case_id, Posting(Operation.FREEZE, freeze.unit, amount, amount, ref)
            )
        freeze.amount_frozen = amount
    elif event == E.LIFT and before == "executed" and freeze.amount_frozen:
        held = min(freeze.amount_frozen, balance(db, freeze.case_id, Account.FROZEN, freeze.unit))
        if held:
            posting = Posting(Operation.RELEASE, freeze.unit, held, held, ref)
            record(db, who, freeze.case_id, posting)
    freeze.state = to
    db.add(_transition(freeze, before, who, why))
