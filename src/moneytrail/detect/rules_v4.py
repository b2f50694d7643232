"""Readable rules, version 4: version 3 with two rules asking for a second signal.

Measured on two sim worlds of `benchmarks/worlds/detect.yaml` (seeds 8 and 1, all 60 days;
`benchmarks/rule_firings.py`, `BENCHMARKS.md`), what changed and why:
- `near_known_requisite` fired on anyone paid by a known shop's buyer (a friend, a landlord):
  44-46% of its firings laundering, and most of all v3 firings. It now also asks that the
  receiving account has itself dealt with a known requisite in 30 days (90-92%).
- `rapid_pass_through` fired on busy accounts that happened to pay out soon after a payment
  came in (40%); it now also asks that the sender passed on about as much as it got in 7
  days (80-125%), as a drop card does (75-76%).
"""

from __future__ import annotations

from dataclasses import replace

from moneytrail.detect import rules_v3
from moneytrail.detect.rule import Condition, Rule

VERSION = "rules-v4"

PASSED_ON = (
    Condition("src_pass_through_7d", ">=", 0.8),
    Condition("src_pass_through_7d", "<=", 1.25),
)
"""The sender sent on 80-125% of what it received in 7 days."""


def _v4(rule: Rule) -> Rule:
    """Version 3's `rule` as version 4 has it."""
    if rule.name == "near_known_requisite":
        return replace(
            rule,
            reason="the receiving account is two hops from a known shop requisite and has "
            "itself dealt with one in the last 30 days",
            also=(Condition("dst_known_cp_30d", ">=", 1),),
        )
    if rule.name == "rapid_pass_through":
        return replace(
            rule,
            reason="the sender forwards money within 30 minutes of receiving it and sent on "
            "80-125% of what it received in 7 days",
            also=PASSED_ON,
        )
    return rule


RULES: tuple[Rule, ...] = tuple(_v4(r) for r in rules_v3.RULES)
