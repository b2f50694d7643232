"""Rules v3: companies and shop payments spared, ATM cash-outs only when money moves fast,
a card paid by known shops' buyers sent to review; v3 and the rules in force the same on a
row and on a matrix."""

from __future__ import annotations

import numpy as np
import pytest

from moneytrail.detect import rules, rules_v3
from moneytrail.detect.ends import NOWHERE, End, end_of
from moneytrail.detect.rule import Rule
from moneytrail.realtime.schema import TransferIn

PERSON, FIRM = End("card"), End("account", company=True)
BIN = "110440570128"  # registered April 2011, a resident legal entity


def _fired(values: dict[str, float], sender: End = NOWHERE, receiver: End = PERSON) -> list[str]:
    return [r.name for r in rules.fired(values, sender, receiver, rules_v3.RULES)]


def test_a_bin_holder_is_a_company_an_iin_holder_is_not() -> None:
    assert end_of("account", BIN) == FIRM
    assert end_of("card", "900101300001") == PERSON
    assert end_of("card", None) == PERSON


def test_rules_about_the_receiver_spare_companies() -> None:
    busy = {"dst_senders_24h": 40.0, "dst_shared_iin": 9.0}
    assert _fired(busy) == ["many_senders_day", "shared_holder"]
    assert _fired(busy, receiver=FIRM) == []


def test_rapid_pass_through_spares_shop_payments_and_companies() -> None:
    fast = {"src_dwell_s": 60.0}
    assert _fired(fast) == ["rapid_pass_through"]
    assert _fired(fast, receiver=End("cash")) == ["rapid_pass_through"]
    assert _fired(fast, receiver=End("merchant")) == []
    assert _fired(fast, sender=FIRM) == []


def test_fast_cash_out_needs_both_conditions() -> None:
    both = {"src_atm_share_24h": 0.9, "src_fast_out_7d": 0.6}
    assert _fired(both, receiver=End("cash")) == ["fast_cash_out"]
    assert _fired({**both, "src_fast_out_7d": 0.2}, receiver=End("cash")) == []
    assert _fired({**both, "src_atm_share_24h": 0.5}, receiver=End("cash")) == []
    assert _fired(both, receiver=End("merchant")) == []


def test_known_payers_needs_three_payers() -> None:
    payers = {"dst_known_payers_7d": 0.7, "dst_senders_7d": 3.0}
    assert _fired(payers) == ["known_payers"]
    assert _fired({**payers, "dst_senders_7d": 2.0}) == []
    assert _fired({**payers, "dst_known_payers_7d": float("nan")}) == []


@pytest.mark.parametrize("among", [rules_v3.RULES, rules.RULES], ids=["v3", "in force"])
def test_matrix_and_row_agree(among: tuple[Rule, ...]) -> None:
    rng = np.random.default_rng(3)
    features = sorted({c.feature for r in among for c in r.conditions})
    x = rng.choice([0.0, 0.5, 0.7, 0.9, 1.0, 3.0, 20.0, 60.0, np.nan], size=(400, len(features)))
    kinds = ["card", "cash", "merchant", "account", None]
    senders = [End(kinds[i % 5], company=i % 3 == 0) for i in range(400)]
    receivers = [End(kinds[i % 4], company=i % 7 == 0) for i in range(400)]
    located = rules.usable(features, among)
    assert len(located) == len(among)
    hits = rules.fires(located, x, list(zip(senders, receivers, strict=True)))
    assert hits.any(axis=0).all()  # every rule fires somewhere: the comparison bites
    for i in range(400):
        values = dict(zip(features, x[i], strict=True))
        want = [r.name for r in rules.fired(values, senders[i], receivers[i], among)]
        assert [r.name for (_, r), hit in zip(located, hits[i], strict=True) if hit] == want


def test_a_transfer_sent_over_http_carries_its_parties() -> None:
    body = {
        "transfer_id": "t1",
        "ts": "2026-06-01T10:00:00+05:00",
        "amount_minor": 500_000,
        "currency": "KZT",
        "channel": "p2p",
        "src_instrument": "4400111122223333",
        "dst_instrument": "KZ12345678901234567",
        "src_instrument_kind": "card",
        "dst_instrument_kind": "account",
        "src_party": "900101300001",
        "dst_party": BIN,
    }
    assert TransferIn.model_validate(body).to_tx().ends == (PERSON, FIRM)
    no_parties = {k: v for k, v in body.items() if not k.endswith("_party")}
    assert TransferIn.model_validate(no_parties).to_tx().ends == (PERSON, End("account"))
