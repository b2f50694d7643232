"""Rules v4: a payment from a known shop's buyer is reviewed only if the receiving account has
itself dealt with a known requisite; a fast forward only from an account passing money on."""

from __future__ import annotations

from moneytrail.detect import rules, rules_v3
from moneytrail.detect.ends import NOWHERE, End

PERSON = End("card")


def _fired(values: dict[str, float], sender: End = NOWHERE, receiver: End = PERSON) -> list[str]:
    return [r.name for r in rules.fired(values, sender, receiver)]


def test_v4_is_in_force() -> None:
    assert rules.VERSION == "rules-v4"
    assert [r.name for r in rules.RULES] == [r.name for r in rules_v3.RULES]


def test_near_known_requisite_needs_the_receiver_near_too() -> None:
    buyer_pays_friend = {"dst_known_cp2": 1.0, "dst_known_cp_30d": 0.0}
    assert _fired(buyer_pays_friend) == []
    assert [r.name for r in rules.fired(buyer_pays_friend, NOWHERE, PERSON, rules_v3.RULES)] == [
        "near_known_requisite"
    ]
    drop_card = {"dst_known_cp2": 1.0, "dst_known_cp_30d": 2.0}
    assert _fired(drop_card) == ["near_known_requisite"]
    assert _fired({**drop_card, "dst_known_cp_30d": float("nan")}) == []
    assert _fired(drop_card, receiver=End("merchant")) == []


def test_rapid_pass_through_needs_money_passed_on() -> None:
    fast = {"src_dwell_s": 60.0}
    for share, fires in ((0.79, False), (0.8, True), (1.0, True), (1.25, True), (1.3, False)):
        got = _fired({**fast, "src_pass_through_7d": share})
        assert got == (["rapid_pass_through"] if fires else []), share
    assert _fired({"src_dwell_s": 3_600.0, "src_pass_through_7d": 1.0}) == []
    assert _fired({**fast, "src_pass_through_7d": 1.0}, receiver=End("merchant")) == []
