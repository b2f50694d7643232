"""Readable rules, version 2: version 1's rules, but those about the receiving account never
fire on a payment to a merchant or a cash withdrawal at an ATM.

In version 1 a shop's busy terminal got `many_senders_day` on every card payment, and an ATM
a dropper had used counted as a known requisite for everyone withdrawing there afterwards.
"""

from __future__ import annotations

from dataclasses import replace

from moneytrail.detect import rules_v1
from moneytrail.detect.rule import Rule
from moneytrail.model.transfers import InstrumentKind

VERSION = "rules-v2"

NOT_ACCOUNTS = frozenset({InstrumentKind.CASH.value, InstrumentKind.MERCHANT.value})
"""Receivers that are not anyone's account: a merchant's terminal, an ATM."""
ABOUT_RECEIVER = frozenset(
    {"known_requisite", "many_senders_day", "near_known_requisite", "shared_holder"}
)
"""Rules of version 1 that judge the receiving account."""

RULES: tuple[Rule, ...] = tuple(
    replace(r, skip_receivers=NOT_ACCOUNTS) if r.name in ABOUT_RECEIVER else r
    for r in rules_v1.RULES
)
