"""Readable rules, version 3: version 2 with fewer firings on ordinary people and companies,
and one rule about a card's payers.

Measured on two sim worlds of `benchmarks/worlds/detect.yaml` (seeds 8 and 1, all 60 days;
`BENCHMARKS.md`), what changed and why:
- `cash_out_after_fan_in` fired on anyone whose day's outflow was mostly ATM cash (1.6% of
  its firings laundering on seed 8); `fast_cash_out` also asks that the sender forwards most
  money within two hours of receiving it, as a drop card does, and not at a shop's terminal
  (66-67%).
- `rapid_pass_through` fired on payments at shops and on companies paying out the day's
  takings (18%); it now skips both (39-40%).
- `many_senders_day` and `shared_holder` fired on companies' accounts (a firm's customers pay
  it, a firm holds many accounts); they now skip a legal entity's receivers.
- `known_payers` (new, review): most of the receiving account's payers in 7 days, three or
  more, had already dealt with known shop requisites: a shop's buyers following it to a new
  card (97-99% laundering).
"""

from __future__ import annotations

from dataclasses import replace

from moneytrail.detect import rules_v2
from moneytrail.detect.ends import COMPANY
from moneytrail.detect.rule import Condition, Rule
from moneytrail.model.transfers import InstrumentKind

VERSION = "rules-v3"

MERCHANT = frozenset({InstrumentKind.MERCHANT.value})
NOT_PEOPLE = rules_v2.NOT_ACCOUNTS | {COMPANY}
"""Receivers that are not a person's account: a merchant's terminal, an ATM, a company's."""


FAST_CASH_OUT = Rule(
    "fast_cash_out",
    "src_atm_share_24h",
    ">=",
    0.8,
    "review",
    "the sender withdrew most of the day's outflow at ATMs and sends on most money within "
    "2 hours of receiving it",
    skip_receivers=MERCHANT,
    also=(Condition("src_fast_out_7d", ">=", 0.5),),
)
KNOWN_PAYERS = Rule(
    "known_payers",
    "dst_known_payers_7d",
    ">=",
    0.6,
    "review",
    "most of the receiving account's payers in 7 days (3 or more) had already dealt with "
    "known shop requisites",
    skip_receivers=NOT_PEOPLE,
    also=(Condition("dst_senders_7d", ">=", 3),),
)


def _v3(rule: Rule) -> Rule:
    """Version 2's `rule` as version 3 has it."""
    if rule.name in ("many_senders_day", "shared_holder"):
        return replace(rule, skip_receivers=NOT_PEOPLE)
    if rule.name == "rapid_pass_through":
        return replace(rule, skip_receivers=MERCHANT, skip_senders=frozenset({COMPANY}))
    if rule.name == "cash_out_after_fan_in":
        return FAST_CASH_OUT
    return rule


RULES: tuple[Rule, ...] = (*(_v3(r) for r in rules_v2.RULES), KNOWN_PAYERS)
