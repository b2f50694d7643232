"""Readable rules, version 1: each is data (feature, comparison, threshold) with its reason.

A released version never changes: `rules_v2.py` is the next one, and `detect.rules` says
which is in force.
"""

from __future__ import annotations

from moneytrail.detect.rule import Rule

VERSION = "rules-v1"

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
