"""An account is blocked on its 2nd block-level received transfer; earlier ones go to review."""

from __future__ import annotations

from moneytrail.detect import blockhits, rules
from moneytrail.detect.decision import Action, Decision
from moneytrail.detect.explain import Reason
from moneytrail.detect.thresholds import Thresholds

T2 = Thresholds(block=0.8, review=0.5, best_f1=0.5, account_best_f1=0.5, block_hits=2)


def _d(tid: str, score: float, action: Action, rules: list[str] | None = None) -> Decision:
    reasons = [Reason("amount", 1.0, 0.1, "amount = 1 (raises the score)")]
    return Decision(tid, action, score, reasons, rules or [], "m", "r", "h", {}, "now")


def test_first_is_reviewed_second_and_later_blocked() -> None:
    ds = [_d("1", 0.9, "block"), _d("2", 0.95, "block"), _d("3", 0.85, "block")]
    counts: blockhits.Counts = {}
    out = blockhits.apply(ds, ["A", "A", "A"], T2, counts)
    assert [d.action for d in out] == ["review", "block", "block"]
    assert counts == {"A": 3}
    assert out[0].reasons[0].text.startswith("the 1st of the 2 transfers into this account")
    assert out[1].reasons[0].text.startswith("the 2nd transfer into this account")
    assert out[2].reasons[0].text.startswith("the 3rd transfer")
    assert out[0].reasons[1:] == ds[0].reasons


def test_counts_are_per_receiver_and_carry_over() -> None:
    counts: blockhits.Counts = {"B": 1}
    ds = [_d("1", 0.9, "block"), _d("2", 0.9, "block"), _d("3", 0.6, "review")]
    out = blockhits.apply(ds, ["A", "B", "A"], T2, counts)
    assert [d.action for d in out] == ["review", "block", "review"]
    assert out[2] == ds[2]  # below the block threshold: untouched, not counted
    assert counts == {"A": 1, "B": 2}


def test_cash_terminals_and_unknown_receivers_are_never_blocked() -> None:
    assert blockhits.receiver("ATM-1", "cash") is None
    assert blockhits.receiver(None, "account") is None
    assert blockhits.receiver("DE01", "account") == "DE01"
    counts: blockhits.Counts = {}
    out = blockhits.apply([_d("1", 0.9, "block")] * 3, [None] * 3, T2, counts)
    assert [d.action for d in out] == ["review"] * 3
    assert "never blocked" in out[0].reasons[0].text
    assert counts == {}


def test_a_rule_that_forces_block_still_blocks() -> None:
    rule = next(r for r in rules.RULES if r.action == "block")
    out = blockhits.apply([_d("1", 0.9, "block", [rule.name])], ["A"], T2, {})
    assert out[0].action == "block"


def test_one_hit_keeps_decisions_as_they_are() -> None:
    t1 = Thresholds(block=0.8, review=0.5, best_f1=0.5, account_best_f1=0.5)
    ds = [_d("1", 0.9, "block"), _d("2", 0.9, "block")]
    counts: blockhits.Counts = {}
    assert blockhits.apply(ds, ["A", None], t1, counts) == ds
    assert counts == {}
