"""Readable rules, version 1: each is data (feature, comparison, threshold) with its reason.

A new version is added beside this one as `rules_v2.py`; a released version never changes.
"""

from __future__ import annotations

from dataclasses import dataclass

VERSION = "rules-v1"


@dataclass(frozen=True)
class Rule:
    """Fires when `feature` `op` `value`; `action` is the least decision it forces."""

    name: str
    feature: str
    op: str  # ">=" or "<="
    value: float
    action: str  # "review" | "block"
    reason: str

    def fires(self, observed: float) -> bool:
        """Whether the rule holds for an observed value (missing values never fire)."""
        if observed != observed:  # NaN
            return False
        return observed >= self.value if self.op == ">=" else observed <= self.value


RULES: tuple[Rule, ...] = (
    Rule(
        "known_requisite",
        "dst_known_self",
        ">=",
        1,
        "block",
        "the receiving account is already a known shop requisite",
    ),
    Rule(
        "many_senders_day",
        "dst_senders_24h",
        ">=",
        15,
        "review",
        "the receiving account got money from 15 or more distinct senders in 24 hours",
    ),
    Rule(
        "rapid_pass_through",
        "src_dwell_s",
        "<=",
        1_800,
        "review",
        "the sender forwards money within 30 minutes of receiving it",
    ),
    Rule(
        "cash_out_after_fan_in",
        "src_atm_share_24h",
        ">=",
        0.8,
        "review",
        "the sender withdrew most of the day's outflow at ATMs",
    ),
    Rule(
        "near_known_requisite",
        "dst_known_cp2",
        ">=",
        1,
        "review",
        "the receiving account is two hops from a known shop requisite",
    ),
    Rule(
        "shared_holder",
        "dst_shared_iin",
        ">=",
        5,
        "review",
        "the receiving account's holder (IIN) has 5 or more other accounts",
    ),
)
